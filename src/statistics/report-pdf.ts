// Draws the national report (a ReportModel) as a PDF with pdfkit: a title page with the period,
// "as of", language, k and the headline figures, then each table with its bar chart, suppressed
// cells marked "x" and the rule stated under every table that has one, and page numbers. The font
// is Noto Sans (Google's TTF, full Vietnamese coverage) embedded from @expo-google-fonts/noto-sans:
// no system font is used, so the PDF looks the same wherever it is built.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { PrintedCell, ReportModel, ReportTableModel } from './report-model.js';

const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf');
const FONT_BOLD = require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf');

/**
 * Vietnamese letters stay whole glyphs: the font's "ccmp" feature would draw ụ as u plus a
 * combining dot, and pdfkit's text layer (copy, search, screen readers) would then read every
 * later u of the document as ụ. (pdfkit passes the object to fontkit as is; its types say array.)
 */
const SHAPED = { features: { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[] };

const MARGIN = 50;
const INK = '#1b1b1b';
const MUTED = '#595959';
const BAR = '#2f5d8a';
const RULE_LINE = '#b0b0b0';
const ROW_HEIGHT = 15;
const FONT_SIZE = 9;

export interface PdfOptions {
  /** false: streams left uncompressed, so that tests can read the text layer. */
  compress?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;

/** The PDF of a report model. */
export function renderReportPdf(model: ReportModel, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: model.language,
    displayTitle: true,
    info: { Title: model.title, Creator: 'Lantern', Producer: 'Lantern' },
  });
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  titlePage(doc, model);
  for (const table of model.tables) section(doc, model, table);
  pageNumbers(doc, model);
  doc.end();
  return done;
}

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc) => doc.page.height - MARGIN - 20;

function titlePage(doc: Doc, model: ReportModel): void {
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(22)
    .text(model.title, { ...SHAPED, width: contentWidth(doc) });
  doc.moveDown(1.5);
  doc.fontSize(11);
  for (const fact of model.facts) {
    doc
      .font('bold')
      .text(`${fact.label}: `, { ...SHAPED, continued: true })
      .font('regular')
      .text(fact.value, SHAPED);
    doc.moveDown(0.2);
  }
  doc.moveDown(1.5);
  if (model.headlines.length > 0) {
    doc.font('bold').fontSize(14).text(model.headlinesTitle, SHAPED);
    doc.moveDown(0.5);
    const x = MARGIN;
    const width = contentWidth(doc) / model.headlines.length;
    const y = doc.y;
    model.headlines.forEach((h, i) => {
      doc
        .font('bold')
        .fontSize(26)
        .fillColor(BAR)
        .text(h.cell.text, x + i * width, y, { ...SHAPED, width: width - 10 });
      doc
        .font('regular')
        .fontSize(10)
        .fillColor(INK)
        .text(h.label, x + i * width, y + 36, { ...SHAPED, width: width - 10 });
    });
    doc.x = MARGIN;
    doc.y = y + 80;
  }
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(MUTED)
    .text(model.protection, MARGIN, doc.y, { ...SHAPED, width: contentWidth(doc) });
  doc.moveDown(0.5);
  doc.text(model.rule, { ...SHAPED, width: contentWidth(doc) });
  doc.fillColor(INK);
}

/** The widths of a table's columns: the label column takes what the counts leave. */
function columnWidths(doc: Doc, table: ReportTableModel): number[] {
  const counts = table.header.length - 1;
  const countWidth = counts > 2 ? Math.min(70, (contentWidth(doc) * 0.62) / counts) : 80;
  return [contentWidth(doc) - counts * countWidth, ...Array<number>(counts).fill(countWidth)];
}

function section(doc: Doc, model: ReportModel, table: ReportTableModel): void {
  doc.addPage();
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(14)
    .text(table.heading, MARGIN, MARGIN, { ...SHAPED, width: contentWidth(doc) });
  doc.moveDown(0.2);
  doc
    .font('regular')
    .fontSize(9)
    .fillColor(MUTED)
    .text(table.description, { ...SHAPED, width: contentWidth(doc) });
  doc.fillColor(INK).moveDown(0.6);
  if (table.chart) chart(doc, table.chart);
  grid(doc, table);
  doc.moveDown(0.5);
  doc.font('regular').fontSize(9).fillColor(INK);
  for (const note of table.notes) doc.text(note, MARGIN, doc.y, { ...SHAPED, width: contentWidth(doc) });
  if (table.hasSuppressed) {
    doc.fillColor(MUTED).text(model.rule, MARGIN, doc.y, { ...SHAPED, width: contentWidth(doc) });
    doc.fillColor(INK);
  }
}

function ensureRoom(doc: Doc, height: number): boolean {
  if (doc.y + height <= bottom(doc)) return false;
  doc.addPage();
  doc.y = MARGIN;
  return true;
}

function grid(doc: Doc, table: ReportTableModel): void {
  const widths = columnWidths(doc, table);
  const header = () => row(doc, table.header, widths, { bold: true, line: true });
  header();
  for (const line of table.body) {
    if (ensureRoom(doc, ROW_HEIGHT)) header();
    row(
      doc,
      [line.label, ...line.cells.map((c) => c.text)],
      widths,
      {},
      line.cells.map((c) => c.value === null),
    );
  }
  if (ensureRoom(doc, ROW_HEIGHT)) header();
  row(doc, [table.totals.label, ...table.totals.cells.map((c) => c.text)], widths, { bold: true, line: true });
}

function row(
  doc: Doc,
  texts: string[],
  widths: number[],
  style: { bold?: boolean; line?: boolean },
  suppressed: boolean[] = [],
): void {
  const y = doc.y;
  let x = MARGIN;
  doc.fontSize(FONT_SIZE);
  texts.forEach((text, i) => {
    const width = widths[i]!;
    const isCount = i > 0;
    doc
      .font(style.bold || (isCount && suppressed[i - 1]) ? 'bold' : 'regular')
      .fillColor(isCount && suppressed[i - 1] ? MUTED : INK)
      .text(text, x + 2, y + 3, {
        ...SHAPED,
        width: width - 6,
        align: isCount ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
        height: ROW_HEIGHT,
      });
    x += width;
  });
  if (style.line) {
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + contentWidth(doc), y)
      .strokeColor(RULE_LINE)
      .lineWidth(0.5)
      .stroke();
  }
  doc
    .moveTo(MARGIN, y + ROW_HEIGHT)
    .lineTo(MARGIN + contentWidth(doc), y + ROW_HEIGHT)
    .strokeColor(RULE_LINE)
    .lineWidth(style.line ? 0.5 : 0.2)
    .stroke();
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = y + ROW_HEIGHT;
}

/** Horizontal bars of the shown counts; a suppressed value gets an empty outlined bar marked "x". */
function chart(doc: Doc, bars: { label: string; cell: PrintedCell }[]): void {
  const barHeight = bars.length > 20 ? 7 : 10;
  const gap = 3;
  const labelWidth = 150;
  const valueWidth = 50;
  const plotWidth = contentWidth(doc) - labelWidth - valueWidth;
  const height = bars.length * (barHeight + gap) + 10;
  ensureRoom(doc, height);
  const max = Math.max(1, ...bars.map((b) => b.cell.value ?? 0));
  let y = doc.y;
  const fontSize = barHeight < 10 ? 6.5 : 8;
  for (const bar of bars) {
    doc
      .font('regular')
      .fontSize(fontSize)
      .fillColor(INK)
      .text(bar.label, MARGIN, y, {
        ...SHAPED,
        width: labelWidth - 6,
        lineBreak: false,
        ellipsis: true,
        height: barHeight + gap,
      });
    const x = MARGIN + labelWidth;
    if (bar.cell.value === null) {
      doc.rect(x, y, 12, barHeight).lineWidth(0.5).strokeColor(MUTED).stroke();
    } else if (bar.cell.value > 0) {
      doc
        .rect(x, y, Math.max(1, (bar.cell.value / max) * plotWidth), barHeight)
        .fillColor(BAR)
        .fill();
    }
    const valueX = bar.cell.value === null ? x + 16 : x + (Math.max(0, bar.cell.value) / max) * plotWidth + 4;
    doc
      .fillColor(bar.cell.value === null ? MUTED : INK)
      .text(bar.cell.text, Math.min(valueX, MARGIN + contentWidth(doc) - valueWidth), y, {
        ...SHAPED,
        width: valueWidth,
        lineBreak: false,
      });
    y += barHeight + gap;
  }
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = y + 10;
}

function pageNumbers(doc: Doc, model: ReportModel): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing inside the bottom margin must not add a page.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(model.pageLabel(i + 1, range.count), MARGIN, doc.page.height - MARGIN + 10, {
        ...SHAPED,
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
}
