// Column recognition for imports (pure, no I/O): which of a file's headers holds which
// canonical column. Lantern recognises its own canonical names (and the API's camelCase
// names, as another Lantern exports them), common Vietnamese and English headers with or
// without diacritics, in any case and spacing, and IOM's HTCDS v2 field names
// (../shared/data/reference/htcds_v2_fields.csv). Anything else is mapped once per agency;
// that saved mapping wins over recognition for the headers it names.
import { CANONICAL_COLUMNS, type CanonicalColumn } from '../contract/schemas/consolidation-mapping.js';
import { convertLegacy, detectLegacyEncoding } from './legacy-encoding.js';

export {
  CANONICAL_COLUMNS,
  mappingFileSchema,
  type CanonicalColumn,
} from '../contract/schemas/consolidation-mapping.js';
import { foldText } from '../contract/names.js';

/** Header as in the file -> canonical column (null = ignored). */
export type ColumnMapping = Record<string, CanonicalColumn | null>;

/**
 * A header reduced to what recognition compares: legacy encodings converted, words of
 * camelCase and snake_case split, diacritics dropped (đ -> d), lower case, anything in
 * brackets ("Ngày sinh (dd/mm/yyyy)") and a leading number or asterisk dropped.
 */
export function headerKey(header: string): string {
  let text = header.normalize('NFC').trim();
  const legacy = detectLegacyEncoding([text]);
  if (legacy) text = convertLegacy(text, legacy);
  const split = text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2'); // dateOfBirth, prs_FirstName
  return foldText(split).replace(/^(\d+ )+/, '');
}

// Headers by canonical column, most specific first: when two headers of one file would
// take the same column, the one earlier in its list wins and the other is left unmapped
// (HTCDS prs_MobilePhone before prs_HomePhone). Written as header keys (see headerKey).
const SYNONYMS: Record<CanonicalColumn, readonly string[]> = {
  source_id: [
    'source id', 'ma ho so', 'ma hs', 'ma cuoc goi', 'so ho so', 'ma ban ghi', 'ma nan nhan', 'ma doi tuong', 'ma vu viec',
    'ma so', 'ma', 'record id', 'case id', 'case number', 'case no', 'file number', 'reference number', 'ref no',
    'reference', 'prs id', 'cas id', 'id',
  ],
  full_name: [
    'full name', 'ho va ten', 'ho ten', 'ho va ten nan nhan', 'ho ten nan nhan', 'ten nan nhan', 'ten day du',
    'fullname', 'name', 'victim name', 'person name', 'ten doi tuong', 'ho va ten doi tuong',
  ],
  family_name: ['family name', 'ho', 'ho dem', 'ho va ten dem', 'last name', 'surname', 'lastname', 'prs second name'],
  middle_name: ['middle name', 'ten dem', 'dem', 'ten lot', 'chu lot', 'prs middle name'],
  given_name: ['given name', 'ten', 'ten goi', 'first name', 'firstname', 'forename', 'prs first name'],
  sex: ['sex', 'gioi tinh', 'gioi', 'phai', 'gender', 'prs gender'],
  date_of_birth: [
    'date of birth', 'ngay sinh', 'ngay thang nam sinh', 'ngay sinh nan nhan', 'ns', 'dob', 'birth date', 'birthdate',
    'prs birthdate', 'd o b',
  ],
  birth_year: ['birth year', 'nam sinh', 'year of birth', 'yob'],
  age: ['age', 'tuoi', 'do tuoi', 'age years', 'estimated age age years', 'estimated age years'],
  province: [
    'province', 'tinh', 'tinh thanh', 'tinh thanh pho', 'tinh tp', 'tinh tp cu tru', 'tinh thanh pho cu tru',
    'tinh noi cu tru', 'province city', 'state province', 'prs mailing state',
  ],
  id_number: [
    'id number', 'so cccd', 'cccd', 'so cmnd', 'cmnd', 'so cmnd cccd', 'cmnd cccd', 'so cccd cmnd', 'cccd cmnd',
    'so can cuoc', 'can cuoc', 'so dinh danh', 'ma dinh danh', 'so dinh danh ca nhan', 'so giay to', 'giay to',
    'so ho chieu', 'ho chieu', 'national id', 'identity number', 'id no', 'id card', 'document number', 'passport',
    'passport number', 'prs identity number',
  ],
  phone: [
    'phone', 'so dien thoai', 'dien thoai', 'sdt', 'so dt', 'dt', 'dien thoai di dong', 'di dong', 'phone number',
    'mobile', 'mobile phone', 'telephone', 'tel', 'prs mobile phone', 'prs home phone',
  ],
  citizenship: ['citizenship', 'quoc tich', 'nationality', 'prs citizenship'],
  exploitation_type: [
    'exploitation type', 'hinh thuc boc lot', 'loai boc lot', 'muc dich mua ban', 'hinh thuc mua ban',
    'type of exploitation', 'exploitation types', 'exploitation', 'vic type of exploitation',
  ],
  reached_via: [
    'reached via', 'nguon tiep nhan', 'tiep nhan qua', 'nguon', 'case source', 'referral source', 'source',
    'how reached',
  ],
  registered_on: [
    'registered on', 'ngay tiep nhan', 'ngay dang ky', 'ngay lap ho so', 'ngay nhan', 'registration date',
    'date registered', 'intake date', 'date of intake', 'date admitted', 'admission date', 'cas incoming referral date',
  ],
  destination_country: [
    'destination country', 'nuoc den', 'quoc gia den', 'nuoc bi ban sang', 'bi ban sang', 'noi bi ban den',
    'destination', 'country of destination', 'country of exploitation',
  ],
}; // prettier-ignore

/** header key -> [canonical column, rank within its list] */
const RECOGNISED = new Map<string, readonly [CanonicalColumn, number]>();
for (const column of CANONICAL_COLUMNS) {
  RECOGNISED.set(headerKey(column), [column, -1]); // "source_id", "sourceId", "Source ID"
  SYNONYMS[column].forEach((synonym, rank) => {
    if (!RECOGNISED.has(synonym)) RECOGNISED.set(synonym, [column, rank]);
  });
}

/** The canonical column a header names, or null (one header on its own; see recogniseColumns). */
export function recogniseHeader(header: string): CanonicalColumn | null {
  return RECOGNISED.get(headerKey(header))?.[0] ?? null;
}

/**
 * Recognises headers: canonical names, common Vietnamese and English headers (with or without
 * diacritics, any case/spacing), HTCDS v2 field names and a Lantern export's own columns.
 * A saved mapping wins for the headers it names (null there means "ignore", deliberately).
 * When two headers would hold one canonical column, the more specific one takes it and the
 * other is left unmapped. `unmapped`: the headers neither recognised nor named by `saved`.
 */
export function recogniseColumns(
  headers: readonly string[],
  saved?: ColumnMapping,
): { mapping: ColumnMapping; unmapped: string[] } {
  const mapping: ColumnMapping = {};
  const taken = new Set<CanonicalColumn>();
  const isSaved = (h: string) => saved !== undefined && Object.prototype.hasOwnProperty.call(saved, h);
  for (const header of headers) {
    if (isSaved(header)) {
      const column = saved![header] ?? null;
      mapping[header] = column;
      if (column) taken.add(column);
    }
  }
  // The best header for each column still free.
  const best = new Map<CanonicalColumn, { header: string; rank: number }>();
  for (const header of headers) {
    if (isSaved(header) || Object.prototype.hasOwnProperty.call(mapping, header)) continue;
    mapping[header] = null;
    const hit = RECOGNISED.get(headerKey(header));
    if (!hit || taken.has(hit[0])) continue;
    const current = best.get(hit[0]);
    if (!current || hit[1] < current.rank) best.set(hit[0], { header, rank: hit[1] });
  }
  for (const [column, { header }] of best) mapping[header] = column;
  const unmapped = headers.filter((h, i) => !isSaved(h) && mapping[h] === null && headers.indexOf(h) === i);
  return { mapping, unmapped };
}

/** Problems of a mapping a person can act on: no source_id, no name at all, two headers on one canonical column. */
export function mappingProblems(mapping: ColumnMapping): string[] {
  const problems: string[] = [];
  const byColumn = new Map<CanonicalColumn, string[]>();
  for (const [header, column] of Object.entries(mapping)) {
    if (column) byColumn.set(column, [...(byColumn.get(column) ?? []), header]);
  }
  if (!byColumn.has('source_id')) {
    problems.push(
      'no column is mapped to source_id (the agency’s own record id): map the column that identifies each record',
    );
  }
  if (!byColumn.has('full_name') && !byColumn.has('family_name') && !byColumn.has('given_name')) {
    problems.push('no column holds a name: map one to full_name, or to family_name and given_name');
  }
  for (const [column, headers] of byColumn) {
    if (headers.length > 1) {
      problems.push(
        `${headers.map((h) => `"${h}"`).join(' and ')} are all mapped to ${column}: keep one, ignore the others`,
      );
    }
  }
  return problems;
}
