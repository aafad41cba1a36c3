// A campaign site's poster (issue 14 §3) as a one-page PDF, A4 or A3, in Vietnamese, English or French:
// a warning about fake job offers online on a coloured band, the national hotline 111 in large figures,
// the QR code of the site's link (/report?site=CODE) with the link printed under it for those who cannot
// scan, and the site's name. Drawn with pdfkit in Noto Sans, embedded (as the national report and the
// prosecution dossier are), so Vietnamese prints with its diacritics on any printer. The QR code comes from
// the qrcode library's matrix and is drawn as vector squares: it stays sharp at any size. A3 is A4 scaled
// by √2, so both print the same. Pure apart from reading the font files.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Language } from '../contract/codes.js';
import { HOTLINE_NUMBER, type PosterSize } from '../contract/sites.js';
import { fill, POSTER_TEXT } from './poster-text.js';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');
/** Vietnamese letters stay whole glyphs (see src/statistics/report-pdf.ts). */
const SHAPED = { features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] };

/** Page sizes in points (1/72 inch), as pdfkit and the PDF's MediaBox give them. */
export const POSTER_PAGE: Record<PosterSize, { width: number; height: number }> = {
  A4: { width: 595.28, height: 841.89 },
  A3: { width: 841.89, height: 1190.55 },
};

/** Error correction of the QR code: Q restores a quarter of the symbol (a torn or dirty poster still scans). */
export const POSTER_QR_LEVEL = 'Q';
/** The quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4). */
const QUIET = 4;

const BAND = '#9b1c1c';
const ON_BAND = '#ffffff';
const INK = '#1b1b1b';
const MUTED = '#4a4a4a';
const ACCENT = '#9b1c1c';
/** The QR code's dark modules: pure black, which nothing else on the poster uses (tests find the code by it). */
const QR_INK = '#000000';

export interface PosterInput {
  lang: Language;
  size: PosterSize;
  site: { code: string; name: string };
  /** The site's link, which the QR code encodes and the poster prints. */
  link: string;
  /** false: streams left uncompressed (for looking at the PDF by hand). */
  compress?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;

/** The poster as a PDF. */
export function renderPosterPdf(input: PosterInput): Promise<Buffer> {
  const t = POSTER_TEXT[input.lang];
  const page = POSTER_PAGE[input.size];
  const doc = new PDFDocument({
    size: input.size,
    margin: 0,
    compress: input.compress ?? true,
    lang: input.lang,
    displayTitle: true,
    info: {
      Title: fill(t.title, { name: input.site.name }),
      Subject: input.link,
      Creator: 'Lantern',
      Producer: 'Lantern',
    },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // Everything is laid out on A4 and scaled for A3.
  const s = page.width / POSTER_PAGE.A4.width;
  const margin = 42 * s;
  const width = page.width - 2 * margin;

  // The band: headline and subhead, white on red.
  const headSize = 30 * s;
  const subSize = 15 * s;
  doc.font('bold').fontSize(headSize);
  const headHeight = doc.heightOfString(t.headline, { ...SHAPED, width, lineGap: 2 * s });
  doc.font('regular').fontSize(subSize);
  const subHeight = doc.heightOfString(t.subhead, { ...SHAPED, width });
  const bandHeight = margin + headHeight + 10 * s + subHeight + 28 * s;
  doc.rect(0, 0, page.width, bandHeight).fill(BAND);
  doc
    .fillColor(ON_BAND)
    .font('bold')
    .fontSize(headSize)
    .text(t.headline, margin, margin, { ...SHAPED, width, lineGap: 2 * s });
  doc
    .font('regular')
    .fontSize(subSize)
    .text(t.subhead, margin, margin + headHeight + 10 * s, { ...SHAPED, width });

  // The bottom: the hotline on the left, the QR code on the right, the site under both.
  const footerSize = 11 * s;
  const footer = fill(t.site, { name: input.site.name, code: input.site.code });
  doc.font('regular').fontSize(footerSize);
  const footerHeight = doc.heightOfString(footer, { ...SHAPED, width });
  const footerTop = page.height - margin - footerHeight;
  const qrSide = 210 * s;
  const captionSize = 11 * s;
  doc.font('bold').fontSize(captionSize);
  const captionHeight = doc.heightOfString(t.scan, { ...SHAPED, width: qrSide });
  // The link on a line of its own, smaller when long (it wraps only past 6 points).
  let linkSize = 9 * s;
  doc.font('regular');
  while (linkSize > 6 * s && doc.fontSize(linkSize).widthOfString(input.link) > qrSide) linkSize -= 0.25 * s;
  doc.fontSize(linkSize);
  const orOpenHeight = doc.heightOfString(t.orOpen, { ...SHAPED, width: qrSide });
  const linkHeight = doc.heightOfString(input.link, { ...SHAPED, width: qrSide });
  const bottomTop = footerTop - 18 * s - (qrSide + 6 * s + captionHeight + 4 * s + orOpenHeight + linkHeight);
  const qrX = page.width - margin - qrSide;
  drawQr(doc, input.link, qrX, bottomTop, qrSide);
  let under = bottomTop + qrSide + 6 * s;
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(captionSize)
    .text(t.scan, qrX, under, { ...SHAPED, width: qrSide, align: 'center' });
  under += captionHeight + 4 * s;
  doc
    .fillColor(MUTED)
    .font('regular')
    .fontSize(linkSize)
    .text(t.orOpen, qrX, under, { ...SHAPED, width: qrSide, align: 'center' });
  doc.text(input.link, qrX, under + orOpenHeight, { ...SHAPED, width: qrSide, align: 'center' });

  const hotlineWidth = qrX - margin - 24 * s;
  const callSize = 20 * s;
  const numberSize = 150 * s;
  doc.fillColor(INK).font('bold').fontSize(callSize);
  const callHeight = doc.heightOfString(t.call, { ...SHAPED, width: hotlineWidth });
  const hotlineTop = bottomTop + 8 * s;
  doc.text(t.call, margin, hotlineTop, { ...SHAPED, width: hotlineWidth, align: 'center' });
  doc
    .fillColor(ACCENT)
    .font('bold')
    .fontSize(numberSize)
    .text(HOTLINE_NUMBER, margin, hotlineTop + callHeight - 12 * s, {
      ...SHAPED,
      width: hotlineWidth,
      align: 'center',
      lineBreak: false,
    });
  doc
    .fillColor(INK)
    .font('regular')
    .fontSize(callSize * 0.9)
    .text(t.callNote, margin, hotlineTop + callHeight - 12 * s + numberSize * 1.25, {
      ...SHAPED,
      width: hotlineWidth,
      align: 'center',
    });

  // The warnings, between the band and the bottom: as large as fits.
  const pointsTop = bandHeight + 30 * s;
  const pointsBottom = bottomTop - 26 * s;
  const indent = 22 * s;
  const pointWidth = width - indent;
  let pointSize = 18 * s;
  const gap = (size: number) => size * 0.8;
  const heightAt = (size: number) => {
    doc.font('regular').fontSize(size);
    return t.points.reduce(
      (sum, p) => sum + doc.heightOfString(p, { ...SHAPED, width: pointWidth, lineGap: size * 0.2 }) + gap(size),
      0,
    );
  };
  while (pointSize > 8 * s && heightAt(pointSize) > pointsBottom - pointsTop) pointSize -= 0.5 * s;
  let y = pointsTop;
  for (const point of t.points) {
    doc.font('regular').fontSize(pointSize);
    const h = doc.heightOfString(point, { ...SHAPED, width: pointWidth, lineGap: pointSize * 0.2 });
    const marker = pointSize * 0.42;
    doc.rect(margin, y + pointSize * 0.45, marker, marker).fill(ACCENT);
    doc.fillColor(INK).text(point, margin + indent, y, { ...SHAPED, width: pointWidth, lineGap: pointSize * 0.2 });
    y += h + gap(pointSize);
  }

  // A thin rule above the footer, and the footer.
  doc
    .moveTo(margin, footerTop - 9 * s)
    .lineTo(page.width - margin, footerTop - 9 * s)
    .lineWidth(0.75 * s)
    .strokeColor('#b0b0b0')
    .stroke();
  doc
    .fillColor(MUTED)
    .font('regular')
    .fontSize(footerSize)
    .text(footer, margin, footerTop, { ...SHAPED, width, lineBreak: true });

  doc.end();
  return done;
}

/**
 * Draws the QR code of `text` in a square of `side` points at (x, y), quiet zone included: each row's runs of
 * dark modules as one rectangle, all filled at once in pure black.
 */
function drawQr(doc: Doc, text: string, x: number, y: number, side: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: POSTER_QR_LEVEL });
  const n = modules.size;
  const m = side / (n + 2 * QUIET);
  doc.save();
  doc.rect(x, y, side, side).fill('#ffffff');
  doc.fillColor(QR_INK);
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      doc.rect(x + (QUIET + start) * m, y + (QUIET + row) * m, (col - start) * m, m);
    }
  }
  doc.fill();
  doc.restore();
}
