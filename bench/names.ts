// Realistic Vietnamese names for the benchmark dataset, and the searches a
// caseworker types: no accents, sometimes a typo, sometimes the given name first.
// Frequencies follow the known shape of Vietnamese surnames (Nguyễn ≈ 38 %),
// with the Hmong, Thái and Dao surnames of the northern border provinces where
// many victims come from. Deterministic for a given seed.
import { nameTokens } from '../src/contract/names.js';
import type { Rng } from '../src/platform/seeded-random.js';

type Weighted = readonly (readonly [string, number])[];

/** Picks from a weighted list in O(log n). */
export function picker(list: Weighted): (r: number) => string {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of list) {
    total += w;
    cumulative.push(total);
  }
  return (r: number) => {
    const x = r * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return list[lo]![0];
  };
}

/** Zipf-like weights for a list ordered from most to least common. */
const zipf = (names: readonly string[], s = 0.9): Weighted => names.map((n, i) => [n, 1 / Math.pow(i + 1, s)] as const);

const FAMILY: Weighted = [
  ['Nguyễn', 380],
  ['Trần', 110],
  ['Lê', 95],
  ['Phạm', 70],
  ['Hoàng', 31],
  ['Huỳnh', 20],
  ['Phan', 45],
  ['Vũ', 20],
  ['Võ', 19],
  ['Đặng', 21],
  ['Bùi', 20],
  ['Đỗ', 14],
  ['Hồ', 13],
  ['Ngô', 13],
  ['Dương', 10],
  ['Lý', 5],
  ['Đinh', 8],
  ['Đoàn', 6],
  ['Trịnh', 6],
  ['Lương', 5],
  ['Mai', 5],
  ['Hà', 5],
  ['Lâm', 4],
  ['Cao', 4],
  ['Tạ', 3],
  ['Chu', 2],
  ['Quách', 2],
  ['Thái', 2],
  ['Triệu', 2],
  ['Vương', 2],
  ['Tô', 2],
  ['Kiều', 1],
  ['Hứa', 1],
  ['Lục', 1],
  // Hmong, Thái, Dao and other northern surnames
  ['Giàng', 4],
  ['Sùng', 3],
  ['Thào', 3],
  ['Vàng', 3],
  ['Lò', 3],
  ['Mùa', 2],
  ['Lầu', 1],
  ['Hầu', 1],
  ['Cứ', 1],
  ['Sình', 1],
  ['Lường', 1],
  ['Quàng', 1],
  ['Bàn', 2],
  ['Chảo', 1],
  ['Tẩn', 1],
  ['Nông', 3],
];

const MIDDLE_F: Weighted = [
  ['Thị', 600],
  ['Ngọc', 60],
  ['Thu', 50],
  ['Thanh', 50],
  ['Kim', 40],
  ['Mai', 30],
  ['Minh', 30],
  ['Phương', 30],
  ['Hồng', 30],
  ['Thùy', 20],
  ['Bảo', 20],
  ['Diệu', 10],
  ['Hoài', 10],
  ['Khánh', 10],
  ['Quỳnh', 10],
  ['Mỹ', 15],
  ['Bích', 10],
  ['Thảo', 10],
];
const MIDDLE_M: Weighted = [
  ['Văn', 500],
  ['Đức', 80],
  ['Minh', 70],
  ['Quốc', 50],
  ['Hữu', 50],
  ['Thanh', 40],
  ['Xuân', 30],
  ['Công', 30],
  ['Đình', 30],
  ['Ngọc', 20],
  ['Tuấn', 20],
  ['Hoàng', 20],
  ['Trọng', 20],
  ['Gia', 20],
  ['Mạnh', 10],
  ['Bá', 10],
  ['A', 20],
  ['Thế', 15],
  ['Quang', 20],
];
const GIVEN_F = zipf([
  'Linh',
  'Hương',
  'Lan',
  'Trang',
  'Anh',
  'Hà',
  'Mai',
  'Ngọc',
  'Thảo',
  'Hằng',
  'Huyền',
  'Phương',
  'Dung',
  'Nga',
  'Hoa',
  'Hạnh',
  'Yến',
  'Thủy',
  'Nhung',
  'Loan',
  'Vy',
  'Nhi',
  'My',
  'Quỳnh',
  'Giang',
  'Hiền',
  'Oanh',
  'Tâm',
  'Thu',
  'Vân',
  'Chi',
  'Diệp',
  'Hậu',
  'Hồng',
  'Lệ',
  'Liên',
  'Lụa',
  'Lý',
  'Mỹ',
  'Nguyệt',
  'Nhàn',
  'Ánh',
  'Bích',
  'Châu',
  'Dịu',
  'Xuân',
  'Sen',
  'Tuyết',
  'Thơm',
  'Thúy',
  'Trinh',
  'Uyên',
  'Ly',
  'Duyên',
  'Kiều',
  'Ngân',
  'Nhã',
  'Phượng',
  'Quyên',
  'Sương',
  'Tiên',
  'Tú',
  'Vi',
  'Xoan',
  'Hiên',
  'Dợ',
  'Mỷ',
  'Pàng',
  'Chứ',
  'Súa',
  'Dung',
  'Hoài',
  'Khuyên',
  'Lành',
  'Luyến',
  'Mơ',
  'Nụ',
  'Thắm',
  'Thoa',
  'Trà',
  'Vui',
  'Yên',
  'Đào',
  'Gấm',
]);
const GIVEN_M = zipf([
  'Hùng',
  'Dũng',
  'Tuấn',
  'Minh',
  'Nam',
  'Hải',
  'Long',
  'Sơn',
  'Thắng',
  'Cường',
  'Hưng',
  'Phong',
  'Quang',
  'Trung',
  'Đức',
  'Khoa',
  'Bình',
  'Hiếu',
  'Huy',
  'Khánh',
  'Lâm',
  'Nghĩa',
  'Phúc',
  'Tài',
  'Thành',
  'Tiến',
  'Toàn',
  'Tùng',
  'Việt',
  'Vinh',
  'Hoàng',
  'An',
  'Bảo',
  'Công',
  'Định',
  'Đạt',
  'Hậu',
  'Hòa',
  'Kiên',
  'Lợi',
  'Lực',
  'Mạnh',
  'Nhân',
  'Phát',
  'Quân',
  'Quý',
  'Sang',
  'Tâm',
  'Thái',
  'Thiện',
  'Thịnh',
  'Trí',
  'Trọng',
  'Tú',
  'Vũ',
  'Páo',
  'Chử',
  'Sình',
  'Dế',
  'Lử',
  'Của',
  'Dính',
  'Giàng',
  'Seo',
  'Chính',
]);
const NICKNAMES = zipf([
  'Bé',
  'Út',
  'Tí',
  'Mận',
  'Na',
  'Su',
  'Bông',
  'Cún',
  'Mít',
  'Hến',
  'Xíu',
  'Lily',
  'Anna',
  'Mimi',
  'Lan Anh',
  'Ngọc Ánh',
]);

const pickFamily = picker(FAMILY);
const pickMiddleF = picker(MIDDLE_F);
const pickMiddleM = picker(MIDDLE_M);
const pickGivenF = picker(GIVEN_F);
const pickGivenM = picker(GIVEN_M);
const pickNick = picker(NICKNAMES);

export interface GeneratedName {
  sex: 'female' | 'male' | 'unknown';
  familyName: string | null;
  middleName: string | null;
  givenName: string | null;
  aliases: string[];
}

/** One person's names: 76 % women and girls, as among identified victims. */
export function generateName(random: Rng): GeneratedName {
  const s = random();
  const sex = s < 0.76 ? 'female' : s < 0.99 ? 'male' : 'unknown';
  const female = sex === 'female' || (sex === 'unknown' && random() < 0.5);
  const familyName = pickFamily(random());
  const m = random();
  let middleName: string | null = m < 0.03 ? null : female ? pickMiddleF(random()) : pickMiddleM(random());
  if (middleName && m > 0.88) {
    // two middle names: Nguyễn Thị Thu Hà
    const second = female ? pickMiddleF(random()) : pickMiddleM(random());
    if (second !== middleName) middleName = `${middleName} ${second}`;
  }
  let givenName: string | null = female ? pickGivenF(random()) : pickGivenM(random());
  if (random() < 0.08) givenName = `${givenName} ${female ? pickGivenF(random()) : pickGivenM(random())}`; // compound given name
  const aliases: string[] = [];
  if (random() < 0.07) aliases.push(pickNick(random()));
  if (random() < 0.01) {
    // known only by a nickname, or by given name only
    return { sex, familyName: null, middleName: null, givenName, aliases };
  }
  return { sex, familyName, middleName, givenName, aliases };
}

const NEIGHBOURS: Record<string, string> = {
  a: 'sqwz',
  b: 'vghn',
  c: 'xdfv',
  d: 'sfer',
  e: 'wrd',
  f: 'dgrt',
  g: 'fhty',
  h: 'gjyu',
  i: 'uok',
  k: 'jlio',
  l: 'kop',
  m: 'nj',
  n: 'bmh',
  o: 'ipl',
  p: 'ol',
  q: 'wa',
  r: 'etf',
  s: 'adwz',
  t: 'ryg',
  u: 'yij',
  v: 'cbf',
  x: 'zcs',
  y: 'tuh',
  z: 'xsa',
};

/** One keyboard slip: a wrong neighbour key, a dropped, doubled or swapped letter. */
function typo(word: string, random: Rng): string {
  const i = Math.floor(random() * word.length);
  const kind = random();
  if (kind < 0.35) {
    const near = NEIGHBOURS[word[i]!] ?? 'e';
    return word.slice(0, i) + near[Math.floor(random() * near.length)] + word.slice(i + 1);
  }
  if (kind < 0.6) return word.slice(0, i) + word.slice(i + 1);
  if (kind < 0.8) return word.slice(0, i + 1) + word[i] + word.slice(i + 1);
  const j = Math.min(i + 1, word.length - 1);
  if (j === i) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[j] + word[i] + word.slice(j + 1);
}

/**
 * What a caseworker types to find this person: accents dropped, often the full
 * name in Vietnamese order, sometimes given name first or family + given only,
 * and in about one search in four a typo in one word.
 */
export function searchQueryFor(name: GeneratedName, random: Rng): string {
  const family = name.familyName ? nameTokens(name.familyName) : [];
  const middle = name.middleName ? nameTokens(name.middleName) : [];
  const given = name.givenName ? nameTokens(name.givenName) : [];
  let words: string[];
  const form = random();
  if (family.length === 0) words = [...given, ...name.aliases.flatMap(nameTokens)].slice(0, 2);
  else if (form < 0.45)
    words = [...family, ...middle, ...given]; // nguyen thi lan
  else if (form < 0.65)
    words = [...given, ...family, ...middle]; // lan nguyen thi (western order)
  else if (form < 0.8)
    words = [...given, ...family]; // lan nguyen
  else words = [...family, ...given]; // nguyen lan
  if (words.length === 0) words = ['lan'];
  if (random() < 0.25) {
    const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 3);
    const chosen = candidates[Math.floor(random() * candidates.length)];
    if (chosen) words[chosen[1]] = typo(chosen[0], random);
  }
  return words.join(' ');
}
