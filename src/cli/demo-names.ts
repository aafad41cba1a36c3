// Synthetic people for the demo data set: a seeded PRNG, name lists and the
// person records built from them. Every name is assembled at random from common
// parts, so it belongs to nobody in particular; the lists keep Vietnamese
// diacritics (NFC) so that search, sorting and display meet realistic text.
import type { PersonCreate } from '../contract/schemas/registry.js';

export { mulberry32, type Rng } from '../platform/seeded-random.js';
import type { Rng } from '../platform/seeded-random.js';

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const chance = (rng: Rng, p: number) => rng() < p;
export const between = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

/** Picks from [item, weight] pairs. */
export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let r = rng() * items.reduce((sum, [, w]) => sum + w, 0);
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1]![0];
}

// Roughly the real frequencies of Kinh family names (Nguyễn alone is ~38%).
const KINH_FAMILY: readonly (readonly [string, number])[] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 3],
  ['Huỳnh', 2],
  ['Phan', 4.5],
  ['Vũ', 2],
  ['Võ', 2],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
];
const KINH = {
  female: {
    middle: [
      ['Thị', 10],
      ['Ngọc', 2],
      ['Thanh', 1],
      ['Thu', 1],
      ['Kim', 1],
      ['Minh', 1],
      ['Thùy', 1],
      ['Hồng', 1],
      ['Mỹ', 1],
      ['Phương', 1],
    ] as const,
    given: [
      'Lan',
      'Hương',
      'Hoa',
      'Mai',
      'Linh',
      'Trang',
      'Thảo',
      'Hằng',
      'Nhung',
      'Huyền',
      'Ngọc',
      'Phương',
      'Yến',
      'Dung',
      'Nga',
      'Thủy',
      'Hạnh',
      'Vân',
      'Loan',
      'Liên',
      'Oanh',
      'Trinh',
      'Nhi',
      'Vy',
      'Ánh',
      'Giang',
      'Hà',
      'Quỳnh',
      'Diễm',
      'My',
      'Thư',
      'Duyên',
      'Tuyết',
    ],
  },
  male: {
    middle: [
      ['Văn', 8],
      ['Đức', 2],
      ['Minh', 2],
      ['Hữu', 2],
      ['Quang', 1],
      ['Thanh', 1],
      ['Công', 1],
      ['Xuân', 1],
      ['Quốc', 1],
      ['Trọng', 1],
      ['Tiến', 1],
    ] as const,
    given: [
      'Anh',
      'Hùng',
      'Dũng',
      'Tuấn',
      'Minh',
      'Nam',
      'Long',
      'Hải',
      'Sơn',
      'Thắng',
      'Cường',
      'Quân',
      'Huy',
      'Đạt',
      'Khánh',
      'Phúc',
      'Tài',
      'Trung',
      'Hiếu',
      'Toàn',
      'Vinh',
      'Bảo',
      'Duy',
      'Lộc',
      'Thành',
      'Tùng',
      'Khoa',
      'Kiên',
      'Lâm',
      'Nghĩa',
      'Phong',
      'Tâm',
      'Việt',
    ],
  },
};

interface NameParts {
  language: string;
  families: readonly string[];
  female: { middle: readonly string[]; given: readonly string[] };
  male: { middle: readonly string[]; given: readonly string[] };
}

/** Ethnic minorities of the northern mountains (Hmông, Thái, Dao, Tày/Nùng), written as Vietnamese registries write them. */
const MINORITIES: readonly NameParts[] = [
  {
    language: 'hmn',
    families: ['Giàng', 'Sùng', 'Vàng', 'Thào', 'Mùa', 'Hầu', 'Lầu', 'Vừ', 'Cứ', 'Hờ'],
    female: { middle: ['Thị'], given: ['Mai', 'Dế', 'Sua', 'Chớ', 'Pàng', 'Mỷ', 'Dính', 'Sy', 'Só', 'Dua'] },
    male: { middle: ['A', 'Seo', 'Mí'], given: ['Páo', 'Dình', 'Lử', 'Sếnh', 'Chứ', 'Tủa', 'Pó', 'Sính', 'Vư', 'Chư'] },
  },
  {
    language: 'other',
    families: ['Lò', 'Lường', 'Cầm', 'Quàng', 'Tòng', 'Lù', 'Vi'],
    female: { middle: ['Thị'], given: ['Ươn', 'Phương', 'Xuân', 'Bun', 'Xiên', 'Ánh', 'Hoa'] },
    male: { middle: ['Văn'], given: ['Ơn', 'Pánh', 'Xôm', 'Chiến', 'Khương', 'Thắng'] },
  },
  {
    language: 'other',
    families: ['Triệu', 'Bàn', 'Phùng', 'Đặng'],
    female: { middle: ['Thị', 'Mùi'], given: ['Mẩy', 'Xiêm', 'Chạn', 'Nhất', 'Lai'] },
    male: { middle: ['Văn', 'Tiến', 'Phù'], given: ['Tài', 'Quẩy', 'Sinh', 'Phin', 'Chàn'] },
  },
  {
    language: 'other',
    families: ['Nông', 'Lục', 'Ma', 'Lăng', 'Mã', 'Hoàng'],
    female: { middle: ['Thị'], given: ['Hoa', 'Bích', 'Lệ', 'Thảo', 'Nhàn'] },
    male: { middle: ['Văn'], given: ['Tuấn', 'Dũng', 'Phúc', 'Slao', 'Pẻng'] },
  },
];

/** Foreign nationals met in Vietnamese cases; no middle name, romanised as on their documents. */
export const FOREIGN: Readonly<Record<'KH' | 'LA' | 'CN', NameParts>> = {
  KH: {
    language: 'km',
    families: ['Sok', 'Chan', 'Chea', 'Heng', 'Meas', 'Keo', 'Prak', 'Touch', 'Yim'],
    female: { middle: [], given: ['Sreymom', 'Sophea', 'Bopha', 'Chanthou', 'Sreyleak', 'Dalin', 'Kanha'] },
    male: { middle: [], given: ['Dara', 'Vuthy', 'Rathana', 'Sokha', 'Piseth', 'Visal'] },
  },
  LA: {
    language: 'lo',
    families: ['Phommachanh', 'Sisouphanh', 'Vongsa', 'Keomany', 'Inthavong', 'Phimmasone'],
    female: { middle: [], given: ['Bounmy', 'Noy', 'Khamla', 'Souksavanh', 'Manivanh', 'Vilayphone'] },
    male: { middle: [], given: ['Somphone', 'Bounthavy', 'Khamphet', 'Vanxay', 'Sengphet'] },
  },
  CN: {
    language: 'zh',
    families: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao'],
    female: { middle: [], given: ['Fang', 'Jing', 'Min', 'Yan', 'Hui'] },
    male: { middle: [], given: ['Wei', 'Lei', 'Jun', 'Qiang', 'Hao', 'Tao'] },
  },
};

/** Names given in the compound or by the family (aliases are common in these cases). */
const NICKNAMES = ['Bé', 'Út', 'Tí', 'Bống', 'Na', 'Mến', 'Su', 'A Mei', 'Xiao Hong', 'Lily', 'Tony', 'Ken'];

export type Origin = 'kinh' | 'minority' | 'KH' | 'LA' | 'CN';
export interface Name {
  familyName: string;
  middleName: string | null;
  givenName: string;
  aliases: string[];
  language: string;
}

export function makeName(rng: Rng, origin: Origin, sex: 'female' | 'male'): Name {
  let name: Name;
  if (origin === 'kinh') {
    const parts = KINH[sex];
    name = {
      familyName: weighted(rng, KINH_FAMILY),
      middleName: weighted(rng, parts.middle),
      givenName: pick(rng, parts.given),
      aliases: [],
      language: 'vi',
    };
  } else {
    const parts = origin === 'minority' ? pick(rng, MINORITIES) : FOREIGN[origin];
    const middle = parts[sex].middle;
    name = {
      familyName: pick(rng, parts.families),
      middleName: middle.length ? pick(rng, middle) : null,
      givenName: pick(rng, parts[sex].given),
      aliases: [],
      language: parts.language,
    };
  }
  // ~8% have an alias: a nickname, or the accent-free spelling of a foreign-issued paper.
  if (chance(rng, 0.08)) {
    const plain = [name.familyName, name.middleName, name.givenName]
      .filter(Boolean)
      .join(' ')
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D');
    name.aliases.push(chance(rng, 0.5) ? pick(rng, NICKNAMES) : plain.toUpperCase());
  }
  return name;
}

// ---- Contact details and documents: realistic shapes, random digits ----

const MOBILE_PREFIXES = [
  '032',
  '033',
  '034',
  '035',
  '036',
  '037',
  '038',
  '039',
  '070',
  '076',
  '077',
  '078',
  '079',
  '081',
  '083',
  '084',
  '085',
  '086',
  '088',
  '089',
  '090',
  '091',
  '093',
  '094',
  '096',
  '097',
  '098',
];

/** A Vietnamese mobile number in the usual 4-3-3 grouping. */
export function phoneNumber(rng: Rng): string {
  const digits = pick(rng, MOBILE_PREFIXES) + Array.from({ length: 7 }, () => between(rng, 0, 9)).join('');
  return `${digits.slice(0, 4)} ${digits.slice(4, 7)} ${digits.slice(7)}`;
}

/** A 12-digit citizen ID in the real layout: place code, century-and-sex digit, birth year, serial. */
export function citizenIdNumber(rng: Rng, sex: 'female' | 'male', birthYear: number): string {
  const centurySex = (birthYear >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
  const serial = Array.from({ length: 6 }, () => between(rng, 0, 9)).join('');
  return `0${String(between(rng, 1, 96)).padStart(2, '0')}${centurySex}${String(birthYear % 100).padStart(2, '0')}${serial}`;
}

/** Passport-like numbers: one letter and seven digits (Vietnamese style) or the foreign country's shape. */
function passportNumber(rng: Rng, country: string): string {
  const digits = (n: number) => Array.from({ length: n }, () => between(rng, 0, 9)).join('');
  if (country === 'CN') return `E${digits(8)}`;
  if (country === 'VN') return `${pick(rng, ['B', 'C', 'P'])}${digits(7)}`;
  return `N${digits(7)}`;
}

const DAY = 86_400_000;
export const isoDaysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 10);

export type Nationality = 'VN' | 'stateless' | 'KH' | 'LA' | 'CN';
export interface PersonSpec {
  nationality: Nationality;
  sex: 'female' | 'male';
  age: number;
  minority: boolean;
  province: { code: string; name: string } | null;
  /** Days since the person came back (or was met): when an estimated age was taken. */
  metDaysAgo: number;
  repatriated: boolean;
}

/** A person as an intake officer would register them: some with papers and a phone, many with only an estimated age. */
export function makePerson(rng: Rng, s: PersonSpec): PersonCreate {
  const foreign = s.nationality !== 'VN' && s.nationality !== 'stateless';
  const name = makeName(rng, foreign ? (s.nationality as Origin) : s.minority ? 'minority' : 'kinh', s.sex);
  const birth = new Date(Date.now() - (s.age * 365.25 + between(rng, 1, 360)) * DAY);
  const age = chance(rng, foreign ? 0.4 : 0.65)
    ? { dateOfBirth: birth.toISOString().slice(0, 10) }
    : {
        estimatedAgeYears: Math.max(1, s.age - Math.floor(s.metDaysAgo / 365.25)),
        ageEstimatedOn: isoDaysAgo(s.metDaysAgo),
      };
  const docs: NonNullable<PersonCreate['identityDocuments']> = [];
  if (s.nationality === 'VN') {
    if (s.age >= 14 && chance(rng, 0.55))
      docs.push({
        type: 'citizen_id_card',
        number: citizenIdNumber(rng, s.sex, birth.getUTCFullYear()),
        issuingCountry: 'VN',
      });
    if (chance(rng, 0.2)) docs.push({ type: 'passport', number: passportNumber(rng, 'VN'), issuingCountry: 'VN' });
    // Returnees whose passport was taken by the traffickers come back on an emergency travel document.
    else if (s.repatriated && chance(rng, 0.4))
      docs.push({ type: 'travel_document', number: `TD${between(rng, 100000, 999999)}`, issuingCountry: 'VN' });
    if (s.age < 18 && chance(rng, 0.3))
      docs.push({
        type: 'birth_certificate',
        number: `${between(rng, 1, 400)}/${birth.getUTCFullYear()}`,
        issuingCountry: 'VN',
      });
  } else if (foreign && chance(rng, 0.5)) {
    docs.push({ type: 'passport', number: passportNumber(rng, s.nationality), issuingCountry: s.nationality });
  }
  const phone = chance(rng, 0.7) ? phoneNumber(rng) : null;
  const address =
    s.province && chance(rng, 0.3)
      ? `${pick(rng, ['Thôn', 'Bản', 'Tổ dân phố'])} ${between(rng, 1, 15)}, ${s.province.name}`
      : null;
  const contact =
    phone || address
      ? {
          ...(phone ? { phone } : {}),
          ...(phone && chance(rng, 0.4) ? { messaging: `Zalo ${phone}` } : {}),
          ...(address ? { address } : {}),
        }
      : null;
  const languages = [...new Set(['vi', ...(s.nationality === 'stateless' ? ['km'] : []), name.language])];
  return {
    familyName: name.familyName,
    middleName: name.middleName,
    givenName: name.givenName,
    aliases: name.aliases,
    sex: s.sex,
    ...age,
    citizenship: s.nationality,
    languages: foreign ? [name.language] : languages,
    identityDocuments: docs,
    contact,
  };
}
