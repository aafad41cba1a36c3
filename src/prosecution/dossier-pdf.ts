// The printable dossier of a prosecution file (issue 13 §4), for the procuracy and the court: the case by
// its reference (the victim by name only when the reader may read the case's identity), the proceedings,
// the accused with their charges and verdicts, and the victim's side. In Vietnamese, drawn with pdfkit in
// Noto Sans as the national report is (src/statistics/report-pdf.ts), so it prints the same everywhere.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { PENAL_CODE_ARTICLE_LABELS, PROCEEDING_LABELS } from '../contract/prosecution.js';
import type { ProsecutionFileView } from './file.js';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');
/** Vietnamese letters stay whole glyphs (see report-pdf.ts). */
const SHAPED = { features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] };
const MARGIN = 50;
const MUTED = '#595959';

const AUTHORITY_KIND: Record<string, string> = {
  police: 'Công an',
  border_guard: 'Bộ đội Biên phòng',
  coast_guard: 'Cảnh sát biển',
  procuracy: 'Viện kiểm sát',
  court: 'Tòa án',
  enforcement: 'Cơ quan thi hành án',
  other: 'Khác',
};
const LEVEL: Record<string, string> = {
  central: 'trung ương',
  high: 'cấp cao',
  provincial: 'cấp tỉnh',
  regional: 'khu vực',
  district: 'cấp huyện',
  other: 'khác',
};
const CHARGE_OUTCOME: Record<string, string> = {
  under_investigation: 'đang điều tra',
  indicted: 'đã truy tố',
  convicted: 'có tội',
  acquitted: 'tuyên vô tội',
  dropped: 'đình chỉ',
  reclassified: 'chuyển tội danh',
};
const SENTENCE: Record<string, string> = {
  imprisonment: 'tù có thời hạn',
  life_imprisonment: 'tù chung thân',
  death: 'tử hình',
  suspended_sentence: 'tù cho hưởng án treo',
  non_custodial_reform: 'cải tạo không giam giữ',
  fine: 'phạt tiền',
  none: 'không',
};
const WITNESS: Record<string, string> = {
  not_asked: 'chưa đề nghị',
  agreed: 'đồng ý',
  declined: 'từ chối',
  summoned: 'đã được triệu tập',
  testified: 'đã khai tại tòa',
  excused: 'được miễn',
};
const PROTECTION: Record<string, string> = {
  identity_confidentiality: 'giữ bí mật danh tính',
  physical_protection: 'bảo vệ an toàn',
  relocation: 'thay đổi nơi ở',
  closed_hearing: 'xét xử kín',
  testimony_by_video: 'khai báo qua video',
  other: 'khác',
};
const HEARING: Record<string, string> = { first_instance: 'sơ thẩm', appeal: 'phúc thẩm', other: 'khác' };

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const vnd = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('vi-VN')} đồng`);

export interface DossierInput {
  file: ProsecutionFileView;
  /** The victim's name, only when the reader may read the case's identity part. */
  victimName: string | null;
  agencyName: string;
  printedOn: string;
}

/** The lines of the dossier, in order: [style, text]. Pure, so that the wording can be tested without a PDF. */
export function dossierLines(input: DossierInput): ['title' | 'heading' | 'text' | 'muted', string][] {
  const { file } = input;
  const out: ['title' | 'heading' | 'text' | 'muted', string][] = [];
  out.push(['title', 'HỒ SƠ TRUY TỐ']);
  out.push(['text', `Hồ sơ số: ${file.caseReference}`]);
  out.push(['text', `Nạn nhân: ${input.victimName ?? `(theo số hồ sơ ${file.caseReference})`}`]);
  out.push([
    'muted',
    `In ngày ${vnDate(input.printedOn)} bởi ${input.agencyName}. Tài liệu mật: chỉ dùng cho tố tụng.`,
  ]);

  out.push(['heading', 'I. Các bước tố tụng']);
  if (file.steps.length === 0) out.push(['text', 'Chưa có bước tố tụng nào.']);
  file.steps.forEach((s, i) => {
    const doc = s.documentNumber ? `, số ${s.documentNumber}` : '';
    out.push([
      'text',
      `${i + 1}. ${vnDate(s.date)} – ${PROCEEDING_LABELS[s.kind].vi}: ${s.authority} (${AUTHORITY_KIND[s.authorityKind] ?? s.authorityKind}, ${LEVEL[s.authorityLevel] ?? s.authorityLevel})${doc}`,
    ]);
    if (s.decision) out.push(['muted', `Nội dung quyết định: ${s.decision}`]);
    if (s.reason) out.push(['muted', `Lý do: ${s.reason}`]);
  });

  out.push(['heading', 'II. Bị can, bị cáo và tội danh']);
  if (file.accused.length === 0) out.push(['text', 'Chưa có đối tượng nào liên kết với hồ sơ.']);
  for (const a of file.accused) {
    out.push(['text', `${a.name ?? '(chưa rõ tên)'}`]);
    for (const c of file.charges.filter((x) => x.suspectId === a.suspectId)) {
      const article =
        c.article === 'other' ? `Điều khác: ${c.otherArticle ?? ''}` : PENAL_CODE_ARTICLE_LABELS[c.article].vi;
      out.push([
        'muted',
        `Tội danh: ${article}${c.clause ? ` (${c.clause})` : ''} – ${CHARGE_OUTCOME[c.outcome] ?? c.outcome}`,
      ]);
    }
    for (const v of a.verdicts) {
      const term =
        v.prisonYears !== null || v.prisonMonths !== null
          ? ` ${v.prisonYears ?? 0} năm ${v.prisonMonths ?? 0} tháng`
          : '';
      const fine = v.fineVnd !== null ? `, phạt tiền ${vnd(v.fineVnd)}` : '';
      out.push([
        'muted',
        `Bản án ${v.instance === 'appeal' ? 'phúc thẩm' : 'sơ thẩm'} ngày ${vnDate(v.date)}, ${v.court}: ${v.outcome === 'convicted' ? 'có tội' : 'vô tội'}; hình phạt: ${SENTENCE[v.sentenceKind] ?? v.sentenceKind}${term}${fine}${v.otherPenalty ? `; ${v.otherPenalty}` : ''}`,
      ]);
    }
  }

  out.push(['heading', 'III. Quyền lợi của nạn nhân']);
  const v = file.victim;
  out.push([
    'text',
    `Tham gia làm chứng: ${v.witnessParticipation === null ? 'chưa rõ' : v.witnessParticipation ? 'có' : 'không'} (${WITNESS[v.witnessStatus] ?? v.witnessStatus})`,
  ]);
  const list = (xs: string[]) => (xs.length ? xs.map((x) => PROTECTION[x] ?? x).join(', ') : 'không');
  out.push(['text', `Biện pháp bảo vệ đã đề nghị: ${list(v.protectionRequested)}`]);
  out.push(['text', `Biện pháp bảo vệ đã được áp dụng: ${list(v.protectionGranted)}`]);
  out.push([
    'text',
    `Bồi thường yêu cầu: ${vnd(v.compensationClaimedVnd)}; được tuyên: ${vnd(v.compensationAwardedVnd)}`,
  ]);
  for (const c of file.courtDates)
    out.push(['text', `Phiên tòa ${HEARING[c.hearing] ?? c.hearing} ngày ${vnDate(c.date)}: ${c.court}`]);
  return out;
}

/** The dossier as a PDF. */
export function renderDossierPdf(input: DossierInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    lang: 'vi',
    displayTitle: true,
    info: { Title: `Hồ sơ truy tố ${input.file.caseReference}`, Creator: 'Lantern', Producer: 'Lantern' },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  for (const [style, text] of dossierLines(input)) {
    if (style === 'title')
      doc
        .font('bold')
        .fontSize(18)
        .fillColor('#1b1b1b')
        .text(text, { ...SHAPED, width });
    else if (style === 'heading') {
      doc.moveDown(0.8);
      doc
        .font('bold')
        .fontSize(13)
        .fillColor('#1b1b1b')
        .text(text, { ...SHAPED, width });
      doc.moveDown(0.3);
    } else if (style === 'muted')
      doc
        .font('regular')
        .fontSize(9)
        .fillColor(MUTED)
        .text(text, { ...SHAPED, width, indent: 12 });
    else
      doc
        .font('regular')
        .fontSize(10.5)
        .fillColor('#1b1b1b')
        .text(text, { ...SHAPED, width });
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${input.file.caseReference} – trang ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN + 10, {
        ...SHAPED,
        width,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}
