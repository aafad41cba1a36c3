// Writes the demo agencies' spreadsheets in data/demo-imports/ (issue 10: "add a few
// deliberately messy ones to the demo, one in TCVN3"), and the ground truth of which rows
// are the same person. Deterministic: the same seed writes the same rows.
//
//   npx tsx tools/make-demo-imports.ts [--seed N] [--out DIR]
//
// Every person is fictional, assembled from the demo's name lists (src/cli/demo-names.ts).
// One set of persons is drawn first; each agency's file then holds some of them, written
// the way that agency writes (headers, date forms, encodings) and with the errors real
// files have: dropped diacritics, names in capitals or reordered, dropped middle names,
// day and month swapped, former provinces, missing identity numbers, old phone numbers,
// a person registered twice by one agency, and a few rows that must be rejected.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { encodeLegacy } from '../src/consolidation/legacy-encoding.js';
import { between, chance, citizenIdNumber, makeName, pick, weighted, type Origin } from '../src/cli/demo-names.js';
import { LABELS, PROVINCES, type ExploitationType } from '../src/contract/reference/index.js';
import { mulberry32, type Rng } from '../src/platform/seeded-random.js';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SEED = Number(option('--seed') ?? 20261201);
const OUT = path.resolve(option('--out') ?? 'data/demo-imports');
const PERSONS = 440;

// ---- The true persons ----

interface TruePerson {
  id: string;
  origin: Origin;
  sex: 'female' | 'male';
  family: string;
  middle: string | null;
  given: string;
  dob: { y: number; m: number; d: number };
  /** A pre-2025 province name (one of the 63), as people still write it. */
  province: string;
  cccd: string | null;
  passport: string | null;
  /** 10-digit national mobile, 0… */
  phone: string | null;
  citizenship: 'VN' | 'KH' | 'LA' | 'CN';
  exploitation: ExploitationType;
  destination: string;
  registered: { y: number; m: number; d: number };
}

// Provinces people in these cases come from (the former 63's names), weighted.
const SOURCE_PROVINCES: readonly (readonly [string, number])[] = [
  ['Nghệ An', 10], ['Thanh Hóa', 9], ['Hà Giang', 8], ['Lào Cai', 6], ['Điện Biên', 6], ['Sơn La', 6],
  ['Lai Châu', 5], ['Hà Tĩnh', 5], ['Quảng Bình', 4], ['Yên Bái', 4], ['Cao Bằng', 4], ['Lạng Sơn', 3],
  ['Hòa Bình', 3], ['Bắc Giang', 3], ['Hải Dương', 2], ['Thái Bình', 2], ['Nam Định', 2], ['Hà Nội', 4],
  ['Hồ Chí Minh', 3], ['An Giang', 3], ['Kiên Giang', 2], ['Đồng Tháp', 2], ['Tây Ninh', 2], ['Sóc Trăng', 2],
  ['Bà Rịa–Vũng Tàu', 1], ['Thừa Thiên Huế', 1], ['Quảng Trị', 1], ['Gia Lai', 1], ['Kon Tum', 1], ['Bắc Kạn', 1],
]; // prettier-ignore

const EXPLOITATION: readonly (readonly [ExploitationType, number])[] = [
  ['forced_criminality', 30], ['sexual_exploitation', 25], ['forced_labour', 20], ['forced_marriage', 15],
  ['domestic_servitude', 4], ['begging', 2], ['fetus_or_baby_trafficking', 2], ['other', 2],
]; // prettier-ignore
const DESTINATIONS: Readonly<Partial<Record<ExploitationType, readonly string[]>>> = {
  forced_criminality: ['KH', 'KH', 'MM', 'LA'],
  forced_marriage: ['CN', 'CN', 'KR'],
  sexual_exploitation: ['CN', 'MY', 'KH', 'TH'],
  forced_labour: ['CN', 'MY', 'AO', 'TW', 'RU'],
};

const PROVINCE_UNIT = new Map<string, string>();
for (const p of PROVINCES) for (const old of p.absorbed) PROVINCE_UNIT.set(old, p.name);

function makeTruePerson(rng: Rng, n: number): TruePerson {
  const origin = weighted<Origin>(rng, [
    ['kinh', 80],
    ['minority', 13],
    ['KH', 3],
    ['LA', 2],
    ['CN', 2],
  ]);
  const sex = chance(rng, 0.78) ? 'female' : 'male';
  const name = makeName(rng, origin, sex);
  const registered = { y: between(rng, 2022, 2025), m: between(rng, 1, 12), d: between(rng, 1, 28) };
  const dob = { y: registered.y - between(rng, 14, 42), m: between(rng, 1, 12), d: between(rng, 1, 28) };
  const vietnamese = origin === 'kinh' || origin === 'minority';
  const exploitation = weighted(rng, EXPLOITATION);
  return {
    id: `P${String(n).padStart(4, '0')}`,
    origin,
    sex,
    family: name.familyName,
    middle: name.middleName,
    given: name.givenName,
    dob,
    province: vietnamese ? weighted(rng, SOURCE_PROVINCES) : 'Tây Ninh',
    cccd: vietnamese && chance(rng, 0.75) ? citizenIdNumber(rng, sex, dob.y) : null,
    passport: vietnamese ? null : `N${between(rng, 1_000_000, 9_999_999)}`,
    phone: chance(rng, 0.7)
      ? `0${pick(rng, ['32', '33', '35', '36', '37', '38', '39', '86', '96', '97', '98', '91', '94', '88'])}${String(between(rng, 0, 9_999_999)).padStart(7, '0')}`
      : null,
    citizenship: vietnamese ? 'VN' : (origin as 'KH' | 'LA' | 'CN'),
    exploitation,
    destination: pick(rng, DESTINATIONS[exploitation] ?? ['CN', 'KH', 'MY']),
    registered,
  };
}

// ---- The errors real files have ----

function plain(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}
const pad2 = (n: number) => String(n).padStart(2, '0');
function dmy(date: { y: number; m: number; d: number }, rng: Rng, separator = '/'): string {
  return chance(rng, 0.15)
    ? `${date.d}${separator}${date.m}${separator}${date.y}`
    : `${pad2(date.d)}${separator}${pad2(date.m)}${separator}${date.y}`;
}
function isoDate(date: { y: number; m: number; d: number }): string {
  return `${date.y}-${pad2(date.m)}-${pad2(date.d)}`;
}
/** The date with day and month swapped (when that is still a date), as a typist does. */
function swapped(date: { y: number; m: number; d: number }): { y: number; m: number; d: number } {
  return date.d <= 12 && date.d !== date.m ? { y: date.y, m: date.d, d: date.m } : date;
}
function fullName(p: TruePerson, dropMiddle = false): string {
  return [p.family, dropMiddle ? null : p.middle, p.given].filter(Boolean).join(' ');
}
/** How an officer writes a province: the former name mostly, sometimes the 2025 unit, a prefix, no accents. */
function provinceAsWritten(rng: Rng, p: TruePerson, newShare: number): string {
  let name = chance(rng, newShare) ? (PROVINCE_UNIT.get(p.province) ?? p.province) : p.province;
  if (chance(rng, 0.12))
    name = (/Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế/.test(name) ? 'TP. ' : 'Tỉnh ') + name;
  return name;
}
const OLD_PREFIX: Readonly<Record<string, string>> = {
  '32': '162', '33': '163', '35': '165', '36': '166', '37': '167', '38': '168', '39': '169', '86': '86',
}; // prettier-ignore
function phoneAsWritten(rng: Rng, phone: string): string {
  const national = phone.slice(1);
  return weighted(rng, [
    [phone, 4],
    [`${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`, 3],
    [`${phone.slice(0, 4)}.${phone.slice(4, 7)}.${phone.slice(7)}`, 1],
    [`+84 ${national}`, 1],
    [`84${national}`, 1],
    // A number written down before the 2018 renumbering.
    [OLD_PREFIX[national.slice(0, 2)] && national.slice(0, 2) !== '86' ? `0${OLD_PREFIX[national.slice(0, 2)]}${national.slice(2)}` : phone, 1],
  ]); // prettier-ignore
}

// ---- Files ----

interface Row {
  /** Line in the file (CSV: the header is line 1; XLSX: the sheet's row number). */
  line: number;
  sourceId: string;
  person: string;
  expected: 'import' | 'reject';
  error: string;
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
function csv(rows: readonly (readonly (string | number | null)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Which persons each agency holds: everyone is in at least one file, many in two or more. */
function share(rng: Rng, persons: readonly TruePerson[]) {
  const files = { police: [] as TruePerson[], shelter: [] as TruePerson[], hotline: [] as TruePerson[], iom: [] as TruePerson[] };
  for (const p of persons) {
    const vn = p.citizenship === 'VN';
    const inPolice = chance(rng, 0.62);
    const inShelter = chance(rng, 0.5);
    const inHotline = vn && chance(rng, 0.45);
    const inIom = chance(rng, p.exploitation === 'forced_criminality' || !vn ? 0.6 : 0.3);
    if (inPolice || (!inShelter && !inHotline && !inIom)) files.police.push(p);
    if (inShelter) files.shelter.push(p);
    if (inHotline) files.hotline.push(p);
    if (inIom) files.iom.push(p);
  }
  return files;
} // prettier-ignore

const REJECTS = [
  'no_source_id',
  'impossible_date',
  'dissolved_province',
  'bad_phone',
  'no_name',
  'future_date',
] as const;
type Reject = (typeof REJECTS)[number];

/** Where the rows to reject go: one of each kind, at distinct rows away from the file's ends. */
function rejectPlan(rng: Rng, rows: number): Map<number, Reject> {
  const plan = new Map<number, Reject>();
  for (const reject of REJECTS) {
    let at: number;
    do at = between(rng, 3, rows - 4);
    while (plan.has(at));
    plan.set(at, reject);
  }
  return plan;
}

function exploitationLabel(rng: Rng, type: ExploitationType, lang: 'vi' | 'en'): string {
  return chance(rng, 0.2) ? type : LABELS.exploitationType[type][lang];
}

// Police (DEMO-CA-HN): Vietnamese headers, UTF-8 with a BOM as Excel saves it, dd/mm/yyyy.
function policeFile(rng: Rng, persons: readonly TruePerson[]): { bytes: Buffer; rows: Row[] } {
  const header = ['STT', 'Mã hồ sơ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Tỉnh/Thành phố', 'Số CCCD', 'Số điện thoại', 'Quốc tịch', 'Hình thức bóc lột', 'Ngày tiếp nhận', 'Ghi chú']; // prettier-ignore
  const lines: (string | number | null)[][] = [header];
  const rows: Row[] = [];
  // A few persons registered twice (arrested again, a second file opened).
  const twice = persons.filter(() => chance(rng, 0.04));
  const entries = [...persons.map((p) => ({ p, again: false })), ...twice.map((p) => ({ p, again: true }))];
  entries.sort(() => rng() - 0.5);
  const rejectAt = rejectPlan(rng, entries.length);
  entries.forEach(({ p, again }, i) => {
    const errors: string[] = [];
    const sourceId = `CA-HN-${p.registered.y}-${String(1000 + i).padStart(5, '0')}`;
    let name = fullName(p);
    if (chance(rng, 0.12)) { name = plain(name); errors.push('no_diacritics'); }
    if (again || chance(rng, 0.08)) { name = fullName(p, true); errors.push('no_middle'); }
    if (chance(rng, 0.06)) { name = name.toUpperCase(); errors.push('capitals'); }
    let dob = p.dob;
    if (chance(rng, 0.06) && swapped(dob) !== dob) { dob = swapped(dob); errors.push('day_month_swapped'); }
    let dobText: string = dmy(dob, rng, chance(rng, 0.1) ? '-' : chance(rng, 0.1) ? '.' : '/');
    if (chance(rng, 0.05)) { dobText = String(dob.y); errors.push('year_only'); }
    const cccd = p.cccd && chance(rng, 0.8) ? (chance(rng, 0.1) ? p.cccd.replace(/^0/, '') : p.cccd) : null;
    if (p.cccd && !cccd) errors.push('no_id');
    const line: (string | number | null)[] = [
      i + 1,
      sourceId,
      name,
      p.sex === 'female' ? pick(rng, ['Nữ', 'Nữ', 'nữ', 'Nu']) : pick(rng, ['Nam', 'Nam', 'nam']),
      dobText,
      provinceAsWritten(rng, p, 0.2),
      cccd,
      p.phone && chance(rng, 0.8) ? phoneAsWritten(rng, p.phone) : null,
      p.citizenship === 'VN' ? pick(rng, ['Việt Nam', 'Việt Nam', 'VN']) : { KH: 'Campuchia', LA: 'Lào', CN: 'Trung Quốc' }[p.citizenship],
      exploitationLabel(rng, p.exploitation, 'vi'),
      dmy(p.registered, rng),
      again ? 'Đăng ký lần 2' : null,
    ]; // prettier-ignore
    const reject = rejectAt.get(i);
    if (reject === 'no_source_id') line[1] = '';
    if (reject === 'impossible_date') line[4] = `31/02/${p.dob.y}`;
    if (reject === 'dissolved_province') line[5] = 'Hà Tây'; // merged into Hà Nội in 2008
    if (reject === 'bad_phone') line[7] = 'không có số';
    if (reject === 'no_name') line[2] = '';
    if (reject === 'future_date') line[4] = '15/08/2031';
    lines.push(line);
    rows.push({ line: i + 2, sourceId: String(line[1]), person: p.id, expected: reject ? 'reject' : 'import', error: [...errors, ...(reject ? [reject] : [])].join(' ') });
  }); // prettier-ignore
  return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(lines), 'utf8')]), rows };
}

// Shelter (DEMO-XH-HN): an XLSX with English headers, name parts in three columns, real date cells.
async function shelterFile(rng: Rng, persons: readonly TruePerson[]): Promise<{ bytes: Buffer; rows: Row[] }> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantern demo';
  workbook.created = workbook.modified = new Date(Date.UTC(2026, 0, 1));
  const sheet = workbook.addWorksheet('Residents');
  sheet.addRow(['Record ID', 'Family name', 'Middle name', 'Given name', 'Sex (M/F)', 'Date of birth', 'Province', 'ID number', 'Phone', 'Nationality', 'Exploitation', 'Date admitted', 'Room']); // prettier-ignore
  const rows: Row[] = [];
  const order = [...persons].sort(() => rng() - 0.5);
  const rejectAt = rejectPlan(rng, order.length);
  const excelDate = (d: { y: number; m: number; d: number }) => new Date(Date.UTC(d.y, d.m - 1, d.d));
  order.forEach((p, i) => {
    const errors: string[] = [];
    let family = p.family;
    let middle = p.middle;
    let given = p.given;
    if (chance(rng, 0.15) && middle) { middle = null; errors.push('no_middle'); }
    if (chance(rng, 0.1)) {
      family = family.toUpperCase();
      given = given.toUpperCase();
      middle = middle && middle.toUpperCase();
      errors.push('capitals');
    }
    if (chance(rng, 0.08)) { family = plain(family); given = plain(given); middle = middle && plain(middle); errors.push('no_diacritics'); }
    let dob: Date | string | number = excelDate(p.dob);
    if (chance(rng, 0.05) && swapped(p.dob) !== p.dob) { dob = excelDate(swapped(p.dob)); errors.push('day_month_swapped'); }
    else if (chance(rng, 0.08)) { dob = dmy(p.dob, rng); errors.push('date_as_text'); }
    else if (chance(rng, 0.04)) { dob = p.dob.y; errors.push('year_only'); }
    const sourceId = `SH-${String(i + 1).padStart(4, '0')}`;
    const values: (string | number | Date | null)[] = [
      sourceId,
      family,
      middle,
      given,
      p.sex === 'female' ? pick(rng, ['F', 'F', 'Female']) : pick(rng, ['M', 'Male']),
      dob,
      plain(provinceAsWritten(rng, p, 0.5)),
      p.cccd && chance(rng, 0.6) ? p.cccd : p.passport,
      p.phone && chance(rng, 0.6) ? phoneAsWritten(rng, p.phone) : null,
      p.citizenship === 'VN' ? pick(rng, ['Vietnamese', 'Vietnam', 'VN']) : p.citizenship,
      exploitationLabel(rng, p.exploitation, 'en'),
      excelDate(p.registered),
      `${between(rng, 1, 3)}0${between(rng, 1, 9)}`,
    ]; // prettier-ignore
    if (!values[7] && p.cccd) errors.push('no_id');
    const reject = rejectAt.get(i);
    if (reject === 'no_source_id') values[0] = null;
    if (reject === 'impossible_date') values[5] = `30/02/${p.dob.y}`;
    if (reject === 'dissolved_province') values[6] = 'Ha Tay';
    if (reject === 'bad_phone') values[8] = '12345';
    if (reject === 'no_name') values[1] = values[2] = values[3] = null;
    if (reject === 'future_date') values[11] = new Date(Date.UTC(2030, 5, 1));
    sheet.addRow(values);
    rows.push({ line: i + 2, sourceId: values[0] === null ? '' : sourceId, person: p.id, expected: reject ? 'reject' : 'import', error: [...errors, ...(reject ? [reject] : [])].join(' ') });
  }); // prettier-ignore
  sheet.getColumn(6).numFmt = 'dd/mm/yyyy';
  sheet.getColumn(12).numFmt = 'dd/mm/yyyy';
  return { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), rows };
}

// Hotline (DEMO-DDN): typed in the ABC (.VnTime) font long ago, exported as CSV: windows-1252
// bytes holding TCVN3 text, headers included. Callers give a year or an age, not a date; no IDs.
function hotlineFile(rng: Rng, persons: readonly TruePerson[]): { bytes: Buffer; rows: Row[] } {
  const header = [
    'Mã cuộc gọi',
    'Họ tên',
    'Năm sinh',
    'Giới tính',
    'Tỉnh',
    'Điện thoại',
    'Nguồn tiếp nhận',
    'Nước đến',
    'Nội dung',
  ];
  const lines: (string | number | null)[][] = [header];
  const rows: Row[] = [];
  const order = [...persons].sort(() => rng() - 0.5);
  const rejectAt = rejectPlan(rng, order.length);
  const countryVi: Record<string, string> = { KH: 'Campuchia', CN: 'Trung Quốc', MM: 'Myanmar', LA: 'Lào', MY: 'Malaysia', TH: 'Thái Lan', KR: 'Hàn Quốc', TW: 'Đài Loan', AO: 'Angola', RU: 'Nga' }; // prettier-ignore
  order.forEach((p, i) => {
    const errors: string[] = ['tcvn3'];
    let name = fullName(p);
    if (chance(rng, 0.15)) { name = fullName(p, true); errors.push('no_middle'); }
    let born: string = String(p.dob.y);
    if (chance(rng, 0.3)) { born = `${pick(rng, ['', 'khoảng '])}${p.registered.y - p.dob.y} tuổi`; errors.push('age_at_call'); }
    else if (chance(rng, 0.1)) { born = String(p.dob.y + pick(rng, [-1, 1])); errors.push('year_off_by_one'); }
    const sourceId = `DDN-${String(p.registered.y).slice(2)}-${String(i + 1).padStart(4, '0')}`;
    const line: (string | number | null)[] = [
      sourceId,
      name,
      born,
      p.sex === 'female' ? 'Nữ' : 'Nam',
      provinceAsWritten(rng, p, 0.05),
      p.phone && chance(rng, 0.85) ? phoneAsWritten(rng, p.phone) : null,
      pick(rng, ['Đường dây nóng', 'Đường dây nóng', 'Khác']),
      countryVi[p.destination] ?? null,
      pick(rng, ['Gia đình báo mất liên lạc', 'Nạn nhân tự gọi', 'Người quen báo tin', null]),
    ];
    const reject = rejectAt.get(i);
    if (reject === 'no_source_id') line[0] = '';
    if (reject === 'impossible_date') line[2] = '1890';
    if (reject === 'dissolved_province') line[4] = 'Hà Tây';
    if (reject === 'bad_phone') line[5] = '09123';
    if (reject === 'no_name') line[1] = '';
    if (reject === 'future_date') line[2] = '2031';
    lines.push(line);
    rows.push({ line: i + 2, sourceId: String(line[0]), person: p.id, expected: reject ? 'reject' : 'import', error: [...errors, ...(reject ? [reject] : [])].join(' ') });
  }); // prettier-ignore
  const text = encodeLegacy(csv(lines), 'tcvn3');
  return { bytes: Buffer.from(text, 'latin1'), rows };
}

// IOM (DEMO-IO-HN): HTCDS v2 columns, ISO dates, given name first, mostly without diacritics.
function iomFile(rng: Rng, persons: readonly TruePerson[]): { bytes: Buffer; rows: Row[] } {
  const header = ['Id', 'prs_FirstName', 'prs_MiddleName', 'prs_SecondName', 'prs_Birthdate', 'prs_Gender', 'prs_Citizenship', 'prs_IdentityNumber', 'prs_MobilePhone', 'prs_MailingState', 'vic_TypeOfExploitation', 'cas_IncomingReferralDate', 'hte_Country']; // prettier-ignore
  const htcdsType: Record<ExploitationType, string> = {
    forced_labour: 'ForcedLabour', sexual_exploitation: 'SexualExploitation', forced_criminality: 'Other',
    organ_removal: 'OrganRemoval', fetus_or_baby_trafficking: 'Other', forced_marriage: 'ForcedMarriage',
    domestic_servitude: 'Servitude', begging: 'ForcedBegging', child_exploitation: 'ChildLabour', other: 'Other',
  }; // prettier-ignore
  const lines: (string | number | null)[][] = [header];
  const rows: Row[] = [];
  const order = [...persons].sort(() => rng() - 0.5);
  const rejectAt = rejectPlan(rng, order.length);
  order.forEach((p, i) => {
    const errors: string[] = [];
    const accents = chance(rng, 0.35);
    if (!accents) errors.push('no_diacritics');
    const w = (s: string | null) => (s === null ? null : accents ? s : plain(s));
    let first = w(p.given);
    let middle = w(p.middle);
    // Middle and given name together in FirstName, as foreign forms often end up.
    if (middle && chance(rng, 0.25)) { first = `${middle} ${first}`; middle = null; errors.push('middle_in_first_name'); }
    let dob = p.dob;
    if (chance(rng, 0.05) && swapped(dob) !== dob) { dob = swapped(dob); errors.push('day_month_swapped'); }
    const sourceId = `IOM-VN-${String(23000 + i * 7)}`;
    const line: (string | number | null)[] = [
      sourceId,
      first,
      middle,
      w(p.family),
      isoDate(dob),
      p.sex === 'female' ? 'Feminine' : 'Masculine',
      p.citizenship,
      p.cccd && chance(rng, 0.5) ? p.cccd : p.passport,
      p.phone && chance(rng, 0.5) ? `+84${p.phone.slice(1)}` : null,
      plain(PROVINCE_UNIT.get(p.province) ?? p.province),
      htcdsType[p.exploitation],
      isoDate(p.registered),
      p.destination,
    ];
    if (p.cccd && line[7] !== p.cccd) errors.push('no_id');
    const reject = rejectAt.get(i);
    if (reject === 'no_source_id') line[0] = '';
    if (reject === 'impossible_date') line[4] = `${p.dob.y}-13-01`;
    if (reject === 'dissolved_province') line[9] = 'Ha Tay';
    if (reject === 'bad_phone') line[8] = '+84 12';
    if (reject === 'no_name') line[1] = line[2] = line[3] = '';
    if (reject === 'future_date') line[11] = '2031-01-01';
    lines.push(line);
    rows.push({ line: i + 2, sourceId: String(line[0]), person: p.id, expected: reject ? 'reject' : 'import', error: [...errors, ...(reject ? [reject] : [])].join(' ') });
  }); // prettier-ignore
  return { bytes: Buffer.from(csv(lines), 'utf8'), rows };
}

// ---- Main ----

const rng = mulberry32(SEED);
const persons = Array.from({ length: PERSONS }, (_, i) => makeTruePerson(rng, i + 1));
const shares = share(rng, persons);
const files: { file: string; agency: string; made: { bytes: Buffer; rows: Row[] } }[] = [
  { file: 'police.csv', agency: 'DEMO-CA-HN', made: policeFile(rng, shares.police) },
  { file: 'shelter.xlsx', agency: 'DEMO-XH-HN', made: await shelterFile(rng, shares.shelter) },
  { file: 'hotline-tcvn3.csv', agency: 'DEMO-DDN', made: hotlineFile(rng, shares.hotline) },
  { file: 'iom-htcds.csv', agency: 'DEMO-IO-HN', made: iomFile(rng, shares.iom) },
];
mkdirSync(OUT, { recursive: true });
const truth: (string | number)[][] = [['file', 'line', 'agency', 'source_id', 'person', 'expected', 'errors']];
for (const { file, agency, made } of files) {
  writeFileSync(path.join(OUT, file), made.bytes);
  for (const r of made.rows) truth.push([file, r.line, agency, r.sourceId, r.person, r.expected, r.error]);
  const rejects = made.rows.filter((r) => r.expected === 'reject').length;
  console.log(`${file.padEnd(18)} ${agency.padEnd(11)} ${made.rows.length} rows (${rejects} to reject)`);
}
writeFileSync(path.join(OUT, 'ground-truth.csv'), csv(truth));
const appearances = new Map<string, number>();
for (const { made } of files)
  for (const r of made.rows) appearances.set(r.person, (appearances.get(r.person) ?? 0) + 1);
const multi = [...appearances.values()].filter((n) => n > 1).length;
console.log(
  `${PERSONS} persons, ${multi} of them in more than one row; ground truth in ground-truth.csv (seed ${SEED}).`,
);
