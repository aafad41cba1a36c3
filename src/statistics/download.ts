// A released table as a file (CSV or XLSX): exactly the released cells, suppressed ones written "x",
// with headings in the caller's language where they are words of ours (codes stay codes).
import ExcelJS from 'exceljs';
import type { Language } from '../contract/codes.js';
import type { Cell, StatisticsTable } from '../contract/schemas/statistics.js';

const WORDS = {
  total: { vi: 'Tổng', en: 'Total', fr: 'Total' },
  window: { vi: 'Thời kỳ', en: 'Period', fr: 'Période' },
  asOf: { vi: 'Số liệu tính đến', en: 'Figures as of', fr: 'Chiffres au' },
  suppressed: {
    vi: 'x: ít hơn {k} người, hoặc được ẩn để không thể suy ra số nhỏ',
    en: 'x: fewer than {k} persons, or hidden so that no small count can be derived',
    fr: 'x : moins de {k} personnes, ou masqué pour qu’aucun petit effectif ne puisse être déduit',
  },
  noisy: {
    vi: 'Số liệu có nhiễu (bảo mật vi sai, ε = {e}); khoảng tin cậy 95 %: ± {u}',
    en: 'Noisy figures (differential privacy, ε = {e}); 95 % interval: ± {u}',
    fr: 'Chiffres bruités (confidentialité différentielle, ε = {e}) ; intervalle à 95 % : ± {u}',
  },
  release: { vi: 'Mã phát hành', en: 'Release', fr: 'Publication' },
} as const;

/** A text a spreadsheet would read as a formula gets a leading apostrophe (CSV injection). */
export function safeText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const cellOut = (cell: Cell): number | string => (cell.value === null ? 'x' : cell.value);

/** The table as rows of values: a title, the heading, the cells with their row totals, the column totals, notes. */
export function tableRows(table: StatisticsTable, language: Language): (string | number)[][] {
  const w = (key: keyof typeof WORDS) => WORDS[key][language] as string;
  const oneDimension = !table.rows;
  const corner = oneDimension ? table.columnDimension : `${table.rowDimension} \\ ${table.columnDimension}`;
  const out: (string | number)[][] = [
    [table.indicator, `${w('window')}: ${table.from} – ${table.to}`, `${w('asOf')}: ${table.asOf}`],
    [corner, ...table.columns, w('total')],
  ];
  if (oneDimension) out.push([w('total'), ...table.cells[0]!.map(cellOut), cellOut(table.total)]);
  else {
    table.rows!.forEach((label, i) => out.push([label, ...table.cells[i]!.map(cellOut), cellOut(table.rowTotals[i]!)]));
    out.push([w('total'), ...table.columnTotals.map(cellOut), cellOut(table.total)]);
  }
  out.push([]);
  if (table.mode === 'suppression') out.push([w('suppressed').replace('{k}', String(table.minCell))]);
  if (table.privacy)
    out.push([
      w('noisy')
        .replace('{e}', String(table.privacy.epsilon))
        .replace('{u}', String(table.total.uncertainty ?? '')),
    ]);
  out.push([`${w('release')}: ${table.releaseId}`]);
  return out.map((row) => row.map((v) => (typeof v === 'string' ? safeText(v) : v)));
}

const csvField = (v: string | number) => {
  const text = String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function tableCsv(table: StatisticsTable, language: Language): string {
  // with a byte-order mark, so that spreadsheet programs read Vietnamese as UTF-8
  return (
    '\ufeff' +
    tableRows(table, language)
      .map((row) => row.map(csvField).join(','))
      .join('\r\n') +
    '\r\n'
  );
}

export async function tableXlsx(table: StatisticsTable, language: Language): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.indicator.slice(0, 31));
  for (const row of tableRows(table, language)) sheet.addRow(row);
  sheet.getRow(2).font = { bold: true };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
