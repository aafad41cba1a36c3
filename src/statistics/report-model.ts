// The national report (issue 11 §4): what it shows, and its content as text, as a pure function
// of the controlled tables it was given. No I/O here: the route obtains each table as a release
// (report.ts), this file turns the released cells into what is printed, and report-pdf.ts draws it.
// A count is printed only as its released cell says: a suppressed cell is "x", whatever it hid.
import type { Language } from '../contract/codes.js';
import type { Cell, StatisticsTable, TableQuery } from '../contract/schemas/statistics.js';
import type { Dimension, IndicatorId } from '../contract/statistics.js';
import {
  dimensionLabel,
  indicatorDescription,
  indicatorLabel,
  statisticsValueLabel,
} from '../contract/statistics-labels.js';
import { PLACE_NAMES } from '../contract/statistics-places.js';

/** One table of the report: the query released for it and how it is shown. */
export interface ReportSection {
  id: string;
  indicator: IndicatorId;
  rows?: Dimension;
  columns: Dimension;
  /** Draw a bar chart of the shown counts next to the table. */
  chart: boolean;
  /** A headline figure on the title page: this table's total. */
  headline?: boolean;
}

/** The report's tables, in order (each one released, and so audited, when the report is built). */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  { id: 'persons-by-month', indicator: 'persons_registered', columns: 'month', chart: true, headline: true },
  { id: 'victims-by-month', indicator: 'victims_identified', columns: 'month', chart: true, headline: true },
  { id: 'cases-by-year', indicator: 'cases_registered', columns: 'year', chart: false, headline: true },
  { id: 'victims-by-province', indicator: 'victims_identified', columns: 'province', chart: true },
  { id: 'victims-by-exploitation', indicator: 'victims_identified', columns: 'exploitation_type', chart: true },
  { id: 'victims-by-age-and-sex', indicator: 'victims_identified', rows: 'age_band', columns: 'sex', chart: true },
  { id: 'victims-by-recruitment', indicator: 'victims_identified', columns: 'recruitment_channel', chart: true },
  { id: 'victims-by-citizenship', indicator: 'victims_identified', columns: 'citizenship', chart: true },
  { id: 'verification-deadline', indicator: 'verification_decisions', columns: 'deadline', chart: true },
  { id: 'referral-outcomes', indicator: 'referrals', columns: 'referral_outcome', chart: true },
  { id: 'referral-response-times', indicator: 'referrals', columns: 'response_time', chart: true },
  { id: 'services-by-type', indicator: 'services', columns: 'service_type', chart: true },
  { id: 'screenings-by-outcome', indicator: 'screenings', columns: 'screening_outcome', chart: true },
  { id: 'repatriations-by-destination', indicator: 'repatriations', columns: 'destination', chart: true },
  { id: 'follow-up-outcomes', indicator: 'follow_ups', columns: 'follow_up_outcome', chart: true },
];

/** The query of a section over the report's period (suppression mode: the report is for everyone). */
export function sectionQuery(section: ReportSection, from: string, to: string): TableQuery {
  return {
    indicator: section.indicator,
    ...(section.rows ? { rows: section.rows } : {}),
    columns: section.columns,
    from,
    to,
    mode: 'suppression',
  };
}

/** The report's own words, per language (the indicators' and codes' labels come from the contract). */
export const REPORT_TEXT = {
  title: {
    vi: 'Báo cáo thống kê quốc gia về phòng, chống mua bán người',
    en: 'National statistical report on counter-trafficking',
    fr: 'Rapport statistique national sur la lutte contre la traite des personnes',
  },
  period: { vi: 'Kỳ báo cáo', en: 'Reporting period', fr: 'Période couverte' },
  asOf: { vi: 'Số liệu tính đến', en: 'Figures as of', fr: 'Données arrêtées au' },
  language: { vi: 'Ngôn ngữ', en: 'Language', fr: 'Langue' },
  minCell: { vi: 'Ngưỡng ô tối thiểu (k)', en: 'Minimum cell (k)', fr: 'Effectif minimal (k)' },
  headlines: { vi: 'Số liệu chính', en: 'Headline figures', fr: 'Chiffres clés' },
  total: { vi: 'Tổng số', en: 'Total', fr: 'Total' },
  value: { vi: 'Số lượng', en: 'Count', fr: 'Effectif' },
  rule: {
    vi: 'x: ít hơn {k} người, hoặc được ẩn để không thể suy ra một số nhỏ từ các ô và tổng khác.',
    en: 'x: fewer than {k} persons, or hidden so that no small count can be derived from the other cells and totals.',
    fr: 'x : moins de {k} personnes, ou masqué pour qu’aucun petit effectif ne puisse être déduit des autres cellules et totaux.',
  },
  protection: {
    vi: 'Mọi bảng trong báo cáo này được kiểm soát công bố: không công bố số từ 1 đến {k1}, và mỗi người chỉ được tính một lần dù được nhiều cơ quan tiếp nhận.',
    en: 'Every table in this report is disclosure-controlled: no count from 1 to {k1} is published, and each person is counted once even when known to several agencies.',
    fr: 'Chaque tableau de ce rapport fait l’objet d’un contrôle de divulgation : aucun effectif de 1 à {k1} n’est publié, et chaque personne n’est comptée qu’une fois même si plusieurs organismes la connaissent.',
  },
  withinDeadline: {
    vi: 'Tỷ lệ kết luận trong thời hạn: {share}',
    en: 'Share of decisions within the deadline: {share}',
    fr: 'Part des décisions rendues dans le délai : {share}',
  },
  page: { vi: 'Trang {n}/{total}', en: 'Page {n} of {total}', fr: 'Page {n} sur {total}' },
  contents: { vi: 'Nội dung', en: 'Contents', fr: 'Sommaire' },
  by: { vi: 'theo', en: 'by', fr: 'par' },
  and: { vi: 'và', en: 'and', fr: 'et' },
} as const satisfies Record<string, Record<Language, string>>;

const LANGUAGE_NAMES: Record<Language, string> = { vi: 'Tiếng Việt', en: 'English', fr: 'Français' };
const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB', fr: 'fr-FR' };

export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** What a cell prints: "x" when suppressed, else its released value. */
export interface PrintedCell {
  text: string;
  /** The released value (null when suppressed), for the chart. */
  value: number | null;
}

export interface ReportTableModel {
  id: string;
  heading: string;
  description: string;
  /** Header of the first column (the row dimension, or empty), then the column labels, then "Total". */
  header: string[];
  /** Each row: its label, then its cells, then its total. One-dimension tables are printed one value per row. */
  body: { label: string; cells: PrintedCell[] }[];
  /** The total row (two-dimension tables: column totals and the grand total). */
  totals: { label: string; cells: PrintedCell[] };
  /** Bars: one per value (one-dimension) or per row total (two-dimension). */
  chart: { label: string; cell: PrintedCell }[] | null;
  /** Notes printed under the table (e.g. the share within the deadline). */
  notes: string[];
  hasSuppressed: boolean;
}

export interface ReportModel {
  language: Language;
  title: string;
  /** Lines of the title page: period, as of, language, k. */
  facts: { label: string; value: string }[];
  headlinesTitle: string;
  headlines: { label: string; cell: PrintedCell }[];
  rule: string;
  protection: string;
  tables: ReportTableModel[];
  pageLabel: (n: number, total: number) => string;
}

export interface ReportMeta {
  from: string;
  to: string;
  language: Language;
  minCell: number;
}

function printer(lang: Language) {
  const numbers = new Intl.NumberFormat(LOCALES[lang]);
  return (cell: Cell): PrintedCell =>
    cell.status === 'suppressed' || cell.value === null
      ? { text: 'x', value: null }
      : { text: numbers.format(cell.value), value: cell.value };
}

function formatDay(day: string, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));
}

function formatInstant(iso: string, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALES[lang], {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Ho_Chi_Minh',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

function headingOf(section: ReportSection, lang: Language): string {
  const by = REPORT_TEXT.by[lang];
  const dims = [section.rows, section.columns]
    .filter((d): d is Dimension => d !== undefined)
    .map((d) => dimensionLabel(d, lang).toLocaleLowerCase(LOCALES[lang]));
  return `${indicatorLabel(section.indicator, lang)} ${by} ${dims.join(` ${REPORT_TEXT.and[lang]} `)}`;
}

/** The report's content from the released tables (one per section of REPORT_SECTIONS, in order). */
export function reportModel(tables: readonly StatisticsTable[], meta: ReportMeta): ReportModel {
  const lang = meta.language;
  const print = printer(lang);
  const label = (dimension: string | undefined, code: string) =>
    dimension ? statisticsValueLabel(dimension as Dimension, code, lang, PLACE_NAMES) : code;
  const asOf = tables
    .map((t) => t.asOf)
    .sort()
    .at(-1);
  const models = REPORT_SECTIONS.map((section, i): ReportTableModel => {
    const table = tables[i];
    if (!table || table.indicator !== section.indicator) throw new Error(`report: table ${section.id} is missing`);
    const columnLabels = table.columns.map((c) => label(table.columnDimension, c));
    const total = print(table.total);
    let model: Omit<ReportTableModel, 'hasSuppressed' | 'notes'>;
    if (table.rows && table.rowDimension) {
      const body = table.rows.map((r, ri) => ({
        label: label(table.rowDimension, r),
        cells: [...(table.cells[ri] ?? []).map(print), print(table.rowTotals[ri]!)],
      }));
      model = {
        id: section.id,
        heading: headingOf(section, lang),
        description: indicatorDescription(section.indicator, lang),
        header: [dimensionLabel(table.rowDimension as Dimension, lang), ...columnLabels, REPORT_TEXT.total[lang]],
        body,
        totals: { label: REPORT_TEXT.total[lang], cells: [...table.columnTotals.map(print), total] },
        chart: section.chart ? body.map((b) => ({ label: b.label, cell: b.cells.at(-1)! })) : null,
      };
    } else {
      // One dimension: one value per printed row, easier to read than a wide line.
      const cells = (table.cells[0] ?? []).map(print);
      const body = columnLabels.map((l, ci) => ({ label: l, cells: [cells[ci]!] }));
      model = {
        id: section.id,
        heading: headingOf(section, lang),
        description: indicatorDescription(section.indicator, lang),
        header: [dimensionLabel(table.columnDimension as Dimension, lang), REPORT_TEXT.value[lang]],
        body,
        totals: { label: REPORT_TEXT.total[lang], cells: [total] },
        chart: section.chart ? body.map((b) => ({ label: b.label, cell: b.cells[0]! })) : null,
      };
    }
    const printed = [...model.body.flatMap((b) => b.cells), ...model.totals.cells];
    const notes: string[] = [];
    if (section.columns === 'deadline' && !section.rows) {
      const released = table.cells[0] ?? [];
      const within = released[table.columns.indexOf('within')];
      const late = released[table.columns.indexOf('late')];
      // Only from shown cells: a share is never computed from what was suppressed.
      const sum = (within?.value ?? 0) + (late?.value ?? 0);
      if (within?.status === 'shown' && late?.status === 'shown' && within.value !== null && sum > 0) {
        const share = new Intl.NumberFormat(LOCALES[lang], { style: 'percent', maximumFractionDigits: 1 }).format(
          within.value / sum,
        );
        notes.push(fill(REPORT_TEXT.withinDeadline[lang], { share }));
      }
    }
    return { ...model, notes, hasSuppressed: printed.some((c) => c.value === null) };
  });
  const headlines = REPORT_SECTIONS.flatMap((section, i) =>
    section.headline ? [{ label: indicatorLabel(section.indicator, lang), cell: print(tables[i]!.total) }] : [],
  );
  return {
    language: lang,
    title: REPORT_TEXT.title[lang],
    facts: [
      { label: REPORT_TEXT.period[lang], value: `${formatDay(meta.from, lang)} – ${formatDay(meta.to, lang)}` },
      { label: REPORT_TEXT.asOf[lang], value: asOf ? formatInstant(asOf, lang) : '—' },
      { label: REPORT_TEXT.language[lang], value: LANGUAGE_NAMES[lang] },
      { label: REPORT_TEXT.minCell[lang], value: String(meta.minCell) },
    ],
    headlinesTitle: REPORT_TEXT.headlines[lang],
    headlines,
    rule: fill(REPORT_TEXT.rule[lang], { k: meta.minCell }),
    protection: fill(REPORT_TEXT.protection[lang], { k1: meta.minCell - 1 }),
    tables: models,
    pageLabel: (n, total) => fill(REPORT_TEXT.page[lang], { n, total }),
  };
}
