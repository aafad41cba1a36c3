// A Vietnamese multi-agency data set for the linkage benchmark, generated with a fixed seed:
// persons drawn with the real shape of Vietnamese names (Nguyễn ≈ 38 % of family names, Thị / Văn
// as common middle names, a few dozen given names covering most people), each recorded by one to
// four agencies, each record with the errors agencies make: diacritics dropped, capitals, tone
// marks placed the old way (Hoà / Hòa), Telex or VNI keystrokes left in, given name written first,
// middle name dropped, typos, day and month swapped, a year or an age instead of a date, the former
// province (mapped to its 2025 unit as an import would), ID numbers missing or one digit off, the
// phone in another format or mistyped.
import { findProvinceByOldName, PROVINCES } from '../src/contract/reference/index.ts';
import type { LinkRecord } from '../src/linkage/index.ts';
import { mulberry32, type Rng } from '../src/platform/seeded-random.ts';

// Approximate shares (%) of Vietnamese family names (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, …).
const FAMILY: [string, number][] = [
  ['Nguyễn', 38.4],
  ['Trần', 11.1],
  ['Lê', 9.5],
  ['Phạm', 7.1],
  ['Hoàng', 4.1],
  ['Huỳnh', 2.0],
  ['Phan', 4.5],
  ['Vũ', 2.9],
  ['Võ', 1.9],
  ['Đặng', 2.1],
  ['Bùi', 2.0],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1.0],
  ['Lý', 0.5],
  ['Đinh', 0.6],
  ['Trịnh', 0.5],
  ['Đoàn', 0.5],
  ['Lâm', 0.4],
  ['Mai', 0.4],
  ['Trương', 0.5],
  ['Lương', 0.3],
  ['Hà', 0.4],
  ['Cao', 0.3],
  ['Chu', 0.2],
  ['Kiều', 0.1],
  ['Quách', 0.1],
  ['Lưu', 0.2],
  ['Tô', 0.2],
  ['Thái', 0.1],
  ['Vương', 0.1],
  ['Triệu', 0.1],
  ['Châu', 0.1],
  ['Phùng', 0.2],
  ['Hứa', 0.05],
  ['Giáp', 0.05],
  ['Lò', 0.1],
  ['Sầm', 0.02],
  ['Mạc', 0.03],
  ['Âu', 0.03],
  ['Tạ', 0.2],
  ['Khổng', 0.02],
  ['Thạch', 0.1],
  ['Y', 0.05],
  ['Hầu', 0.05],
  ['Vàng', 0.05],
  ['Sùng', 0.03],
  ['Giàng', 0.05],
  ['Mùa', 0.03],
];
const GIVEN_F =
  'Lan Hoa Hương Linh Trang Mai Hà Ngọc Anh Thảo Hằng Phương Hòa Thúy Nhung Huyền Yến Dung Hạnh Loan Hiền Thu Hồng Nga Vân Quỳnh Oanh Liên Giang Nhi Thanh Tuyết Xuân Uyên Diệp Chi My Trâm Vy Thư Ly Duyên Hoài Kiều Ngân Châu Quyên Thủy Lệ Tâm Bích Khánh Tú Hậu Sen Mỵ Pằng Dở'.split(
    ' ',
  );
const GIVEN_M =
  'Hùng Dũng Tuấn Minh Nam Hải Sơn Long Cường Đức Thắng Hoàng Huy Khoa Phong Quang Trung Việt Bình Thành Tùng Hiếu Lâm Phúc Tài Toàn Vinh Khánh Hưng Kiên An Bảo Đạt Hòa Lộc Nghĩa Quân Sang Thịnh Tiến Trí Vũ Chiến Công Duy Hậu Lực Mạnh Phát Quý Sáng Tâm Thuận Tín Ước Vàng Páo Chính'.split(
    ' ',
  );
const MIDDLE_F: [string, number][] = [
  ['Thị', 55],
  ['Ngọc', 6],
  ['Thu', 5],
  ['Thanh', 5],
  ['Minh', 3],
  ['Hồng', 4],
  ['Kim', 3],
  ['Bảo', 2],
  ['Mỹ', 2],
  ['Phương', 2],
  ['Thùy', 3],
  ['Diệu', 1],
  ['Khánh', 1],
  ['', 8],
];
const MIDDLE_M: [string, number][] = [
  ['Văn', 50],
  ['Đức', 7],
  ['Minh', 7],
  ['Quang', 5],
  ['Hữu', 6],
  ['Thanh', 4],
  ['Xuân', 3],
  ['Công', 4],
  ['Anh', 2],
  ['Quốc', 3],
  ['Duy', 2],
  ['Ngọc', 2],
  ['', 5],
];
const AGENCIES = ['police', 'border', 'health', 'social', 'shelter', 'hotline', 'iom'];

// Old (pre-2025) province names, for the address as some agencies still write it.
const OLD_PROVINCES = PROVINCES.flatMap((p) => p.absorbed);

function weighted<T>(random: Rng, items: readonly [T, number][]): () => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const [, w] of items) cumulative.push((acc += w / total));
  return () => {
    const x = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]![0];
  };
}
/** Zipf-like weights: the first names are the most common. */
const zipf = (names: string[]): [string, number][] => names.map((n, i) => [n, 1 / (i + 3)]);

interface Person {
  family: string;
  middle: string;
  given: string;
  sex: 'female' | 'male';
  dob: string;
  oldProvince: string;
  cccd: string | null;
  cmnd: string | null;
  phone: string | null;
}

const TONES: Record<string, [string, string]> = {
  // new style (tone on the main vowel) → old style (tone on the first vowel) for oa, oe, uy
  òa: ['oà', ''],
  óa: ['oá', ''],
  ỏa: ['oả', ''],
  õa: ['oã', ''],
  ọa: ['oạ', ''],
  ùy: ['uỳ', ''],
  úy: ['uý', ''],
  ủy: ['uỷ', ''],
  ũy: ['uỹ', ''],
  ụy: ['uỵ', ''],
};
const oldTone = (s: string) => s.replace(/[òóỏõọ]a|[ùúủũụ]y/g, (m) => TONES[m]?.[0] ?? m);
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');

// Telex: the keys a typist presses for each marked letter, when the input method was off.
const TELEX_VOWEL: Record<string, string> = { â: 'aa', ă: 'aw', ê: 'ee', ô: 'oo', ơ: 'ow', ư: 'uw', đ: 'dd' };
const TELEX_TONE: Record<string, string> = {
  '\u0300': 'f',
  '\u0301': 's',
  '\u0303': 'x',
  '\u0309': 'r',
  '\u0323': 'j',
};
function telex(word: string): string {
  let tone = '';
  const base = word
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, (m) => ((tone = TELEX_TONE[m]!), ''))
    .normalize('NFC');
  return [...base].map((c) => TELEX_VOWEL[c.toLowerCase()] ?? c).join('') + tone;
}
const VNI_VOWEL: Record<string, string> = { â: 'a6', ă: 'a8', ê: 'e6', ô: 'o6', ơ: 'o7', ư: 'u7', đ: 'd9' };
const VNI_TONE: Record<string, string> = { '\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5' };
function vni(word: string): string {
  let tone = '';
  const base = word
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, (m) => ((tone = VNI_TONE[m]!), ''))
    .normalize('NFC');
  return [...base].map((c) => VNI_VOWEL[c.toLowerCase()] ?? c).join('') + tone;
}

function typo(random: Rng, word: string): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(random() * (word.length - 1));
  const r = random();
  const letters = 'abcdeghiklmnopqrstuvxy';
  if (r < 0.4) return word.slice(0, i) + letters[Math.floor(random() * letters.length)] + word.slice(i + 1);
  if (r < 0.7) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i - 1] + word.slice(i);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function digitTypo(random: Rng, s: string, from = 0): string {
  const i = from + Math.floor(random() * (s.length - from));
  let d = Math.floor(random() * 10);
  if (String(d) === s[i]) d = (d + 1) % 10;
  return s.slice(0, i) + d + s.slice(i + 1);
}

export interface GeneratedSet {
  records: LinkRecord[];
  /** The person each record belongs to (ground truth). */
  truth: Map<string, number>;
  persons: number;
}

export function generateVietnamese(size: number, seed = 10): GeneratedSet {
  const random = mulberry32(seed);
  const family = weighted(random, FAMILY);
  const givenF = weighted(random, zipf(GIVEN_F));
  const givenM = weighted(random, zipf(GIVEN_M));
  const middleF = weighted(random, MIDDLE_F);
  const middleM = weighted(random, MIDDLE_M);
  const copies = weighted(random, [
    [1, 45],
    [2, 30],
    [3, 17],
    [4, 8],
  ]);
  const records: LinkRecord[] = [];
  const truth = new Map<string, number>();
  const provinceCode = new Map(OLD_PROVINCES.map((o) => [o, findProvinceByOldName(o)!.code]));
  let persons = 0;
  while (records.length < size) {
    const female = random() < 0.7;
    const year = 1965 + Math.floor(Math.pow(random(), 0.6) * 47);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const p: Person = {
      family: family(),
      middle: female ? middleF() : middleM(),
      given: female ? givenF() : givenM(),
      sex: female ? 'female' : 'male',
      dob: `${year}-${pad(month)}-${pad(day)}`,
      oldProvince: OLD_PROVINCES[Math.floor(random() * OLD_PROVINCES.length)]!,
      cccd: random() < 0.7 ? '0' + String(Math.floor(random() * 1e11)).padStart(11, '0') : null,
      cmnd: random() < 0.3 ? String(1e8 + Math.floor(random() * 9e8)) : null,
      phone: random() < 0.75 ? '09' + String(Math.floor(random() * 1e8)).padStart(8, '0') : null,
    };
    const person = persons++;
    const n = copies();
    const agencies = [...AGENCIES].sort(() => random() - 0.5);
    for (let k = 0; k < n && records.length < size; k++) {
      const agency = agencies[k % agencies.length]!;
      const id = `${agency}-${records.length}`;
      records.push(messyRecord(random, p, id, agency, provinceCode));
      truth.set(id, person);
    }
  }
  return { records, truth, persons };
}

function messyRecord(
  random: Rng,
  p: Person,
  id: string,
  agency: string,
  provinceCode: Map<string, string>,
): LinkRecord {
  let family = p.family;
  let middle: string | null = p.middle || null;
  let given = p.given;
  // how the name was typed
  if (random() < 0.3) [family, given] = [family, given].map(oldTone) as [string, string];
  if (middle && random() < 0.12) middle = null; // middle name dropped
  if (random() < 0.05) given = typo(random, given);
  else if (random() < 0.02) family = typo(random, family);
  const style = random();
  const words = (f: (w: string) => string) => {
    family = f(family);
    given = f(given);
    if (middle) middle = middle.split(' ').map(f).join(' ');
  };
  if (style < 0.3) words(fold);
  else if (style < 0.4) words((w) => fold(w).toUpperCase());
  else if (style < 0.45) words((w) => w.toUpperCase());
  else if (style < 0.48) words(telex);
  else if (style < 0.5) words(vni);
  let familyName: string | null = family;
  let givenName: string | null = given;
  let middleName: string | null = middle;
  if ((agency === 'iom' && random() < 0.4) || random() < 0.03) {
    // a foreign partner's form: given name first, the whole name in one field
    familyName = null;
    middleName = null;
    givenName = [given, family, middle].filter(Boolean).join(' ');
  }
  // date of birth
  let dateOfBirth: string | null = p.dob;
  let birthYear: number | null = Number(p.dob.slice(0, 4));
  const d = random();
  if (d < 0.05 && Number(p.dob.slice(8, 10)) <= 12)
    dateOfBirth = `${p.dob.slice(0, 4)}-${p.dob.slice(8, 10)}-${p.dob.slice(5, 7)}`;
  else if (d < 0.1)
    dateOfBirth = digitTypo(random, p.dob.replace(/-/g, ''), 2).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
  else if (d < 0.25)
    dateOfBirth = null; // year only
  else if (d < 0.3) {
    dateOfBirth = null; // an estimated age
    birthYear += random() < 0.5 ? -1 : 1;
  } else if (d < 0.38) {
    dateOfBirth = null;
    birthYear = null;
  }
  if (dateOfBirth && !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(dateOfBirth)) dateOfBirth = null;
  // identity documents, phone, province
  const idNumbers: string[] = [];
  if (p.cccd && random() < 0.55) idNumbers.push(random() < 0.03 ? digitTypo(random, p.cccd) : p.cccd);
  if (p.cmnd && random() < 0.3) idNumbers.push(p.cmnd);
  let phone: string | null = null;
  if (p.phone && random() < 0.55) {
    const digits = random() < 0.04 ? digitTypo(random, p.phone) : p.phone;
    const f = random();
    phone =
      f < 0.4
        ? digits
        : f < 0.7
          ? '+84' + digits.slice(1)
          : `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
  } else if (random() < 0.1) phone = '09' + String(Math.floor(random() * 1e8)).padStart(8, '0'); // a new number
  const province =
    random() < 0.2
      ? null
      : random() < 0.08
        ? provinceCode.get(OLD_PROVINCES[Math.floor(random() * OLD_PROVINCES.length)]!)!
        : provinceCode.get(p.oldProvince)!;
  const sex = random() < 0.15 ? null : p.sex;
  return {
    id,
    source: agency,
    familyName,
    middleName,
    givenName,
    sex,
    dateOfBirth,
    birthYear,
    province,
    idNumbers,
    phone,
  };
}
