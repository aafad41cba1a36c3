import { describe, it, expect } from 'vitest';
import {
  CASE_STATUSES,
  COUNTRY_CODES,
  LABELS,
  LANGUAGES,
  PROVINCES,
  PROVINCE_CODES,
  PROVINCES_VERSION,
  countryName,
  findCountryCode,
  findProvinceByOldName,
  isCitizenship,
  isCountryCode,
  isProvinceCode,
  label,
  matchProvince,
  referenceData,
} from './index.js';

describe('provinces (1 July 2025 reform)', () => {
  it('has 34 units, 6 of them centrally-run cities', () => {
    expect(PROVINCES).toHaveLength(34);
    expect(
      PROVINCES.filter((p) => p.type === 'city')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Cần Thơ', 'Đà Nẵng', 'Hà Nội', 'Hải Phòng', 'Hồ Chí Minh', 'Huế'].sort());
    expect(PROVINCES_VERSION).toBe('2025-07-01');
  });

  it('has unique ASCII slug codes', () => {
    expect(new Set(PROVINCE_CODES).size).toBe(34);
    for (const code of PROVINCE_CODES) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(PROVINCE_CODES).toEqual(expect.arrayContaining(['ha-noi', 'ho-chi-minh', 'dak-lak', 'hue', 'da-nang']));
    expect(isProvinceCode('dak-lak')).toBe(true);
    expect(isProvinceCode('ha-giang')).toBe(false); // absorbed into Tuyên Quang
  });

  it('covers the 63 old provinces exactly once: 11 unchanged, 52 merged into 23', () => {
    const unchanged = PROVINCES.filter((p) => p.absorbed.length === 1);
    const merged = PROVINCES.filter((p) => p.absorbed.length > 1);
    expect(unchanged).toHaveLength(11);
    expect(merged).toHaveLength(23);
    const old = PROVINCES.flatMap((p) => p.absorbed);
    expect(old).toHaveLength(63);
    expect(new Set(old).size).toBe(63);
    expect(merged.flatMap((p) => p.absorbed)).toHaveLength(52);
  });

  it('finds the current unit by old or current name, ignoring accents and case', () => {
    expect(findProvinceByOldName('ha giang')?.name).toBe('Tuyên Quang');
    expect(findProvinceByOldName('Hà Giang')?.code).toBe('tuyen-quang');
    expect(findProvinceByOldName('THỪA THIÊN HUẾ')?.code).toBe('hue');
    expect(findProvinceByOldName('Huế')?.code).toBe('hue');
    expect(findProvinceByOldName('ba ria - vung tau')?.code).toBe('ho-chi-minh');
    expect(findProvinceByOldName('Tỉnh Đắk Nông')?.code).toBe('lam-dong');
    expect(findProvinceByOldName('Hoà Bình')?.code).toBe('phu-tho'); // old-style tone placement
    expect(findProvinceByOldName('Gia Lai')?.code).toBe('gia-lai');
    expect(findProvinceByOldName('Atlantis')).toBeUndefined();
  });
});

describe('countries and citizenship', () => {
  it('lists upper-case alpha-2 codes', () => {
    expect(COUNTRY_CODES.length).toBeGreaterThanOrEqual(249);
    for (const c of COUNTRY_CODES) expect(c).toMatch(/^[A-Z]{2}$/);
    expect(isCountryCode('KH')).toBe(true);
    expect(isCountryCode('stateless')).toBe(false);
  });

  it('accepts alpha-2, stateless and unknown as citizenship', () => {
    expect(isCitizenship('VN')).toBe(true);
    expect(isCitizenship('stateless')).toBe(true);
    expect(isCitizenship('unknown')).toBe(true);
    expect(isCitizenship('XX')).toBe(false);
    expect(isCitizenship('vn')).toBe(false);
    expect(isCitizenship('VNM')).toBe(false);
    expect(isCitizenship(undefined)).toBe(false);
  });

  it('names countries in each language', () => {
    expect(countryName('VN', 'vi')).toBe('Việt Nam');
    expect(countryName('FR', 'fr')).toBe('France');
    expect(countryName('MM', 'en')).toBe('Myanmar');
    expect(countryName('KH', 'vi')).toBe('Campuchia');
    expect(countryName('MY', 'vi')).toBe('Malaysia'); // the package says 'Bán đảo Mã Lai'
    expect(countryName('vn', 'vi')).toBeUndefined();
    for (const lang of LANGUAGES) for (const c of COUNTRY_CODES) expect(countryName(c, lang)).toBeTruthy();
  });

  // Issue 12 §5: the short names people use, every one translated, sorted as the language sorts.
  it('names countries by their short common names, translated, sorted for each language', () => {
    expect(countryName('LA', 'vi')).toBe('Lào'); // not 'Cộng hòa Dân chủ nhân dân Lào'
    expect(countryName('RU', 'vi')).toBe('Nga');
    expect(countryName('US', 'vi')).toBe('Hoa Kỳ');
    expect(countryName('MM', 'vi')).toBe('Myanmar');
    expect(countryName('SA', 'vi')).toBe('Ả Rập Xê-út'); // the package leaves it in English
    expect(countryName('UA', 'vi')).toBe('Ukraina');
    expect(countryName('LA', 'en')).toBe('Laos');
    expect(countryName('KR', 'en')).toBe('South Korea');
    expect(countryName('US', 'fr')).toBe('États-Unis');
    // Translated: no Vietnamese name is the English one but for names that are the same in both.
    const same = COUNTRY_CODES.filter((c) => countryName(c, 'vi') === countryName(c, 'en'));
    for (const c of ['SA', 'UA', 'EG', 'GR', 'ES', 'DE', 'IN', 'LA', 'RU', 'US']) expect(same).not.toContain(c);
    for (const lang of LANGUAGES) {
      const names = referenceData(lang).countries.map((c) => c.name);
      expect(names).toEqual([...names].sort(new Intl.Collator(lang).compare));
    }
    expect(findCountryCode('Ả Rập Xê-út')).toBe('SA');
    expect(findCountryCode('Lào')).toBe('LA');
  });
});

describe('labels', () => {
  it('labels every code in every language', () => {
    for (const table of Object.values(LABELS)) {
      for (const labels of Object.values(table) as Record<string, string>[]) {
        for (const lang of LANGUAGES) expect(labels[lang]?.trim()).toBeTruthy();
      }
    }
    expect(Object.keys(LABELS.caseStatus)).toEqual([...CASE_STATUSES]);
  });

  it('uses the agreed Vietnamese wording', () => {
    expect(label('caseStatus', 'under_verification', 'vi')).toBe('Đang xác minh');
    expect(label('caseStatus', 'identified_victim', 'vi')).toBe('Đã xác định là nạn nhân');
    expect(label('exploitationType', 'forced_criminality', 'vi')).toBe('Cưỡng bức phạm tội (lừa đảo trực tuyến)');
    expect(label('caseStatus', 'closed', 'fr')).toBe('Clôturé');
  });
});

describe('referenceData', () => {
  it('returns every list labelled in the requested language', () => {
    const data = referenceData('vi');
    expect(data.caseStatuses).toContainEqual({ code: 'received', label: 'Đã tiếp nhận' });
    expect(data.exploitationTypes).toHaveLength(Object.keys(LABELS.exploitationType).length);
    expect(data.provinces).toHaveLength(34);
    expect(data.provinces.find((p) => p.code === 'tuyen-quang')?.absorbed).toEqual(['Hà Giang', 'Tuyên Quang']);
    expect(data.countries).toContainEqual({ code: 'VN', name: 'Việt Nam' });
    expect(data.countries).toHaveLength(COUNTRY_CODES.length);
    expect(referenceData('en').sexes).toContainEqual({ code: 'female', label: 'Female' });
  });
});

describe('matchProvince and findCountryCode (imports)', () => {
  it('matches current and former provinces, keeping the former name', () => {
    expect(matchProvince('Tỉnh Hà Giang')).toMatchObject({ province: { code: 'tuyen-quang' }, formerName: 'Hà Giang' });
    expect(matchProvince('tuyen quang')).toMatchObject({ province: { code: 'tuyen-quang' }, formerName: null });
    expect(matchProvince('TP.HCM')).toMatchObject({ province: { code: 'ho-chi-minh' }, formerName: null });
    expect(matchProvince('Ba Ria Vung Tau')).toMatchObject({
      province: { code: 'ho-chi-minh' },
      formerName: 'Bà Rịa–Vũng Tàu',
    });
    expect(matchProvince('Hà Tây')).toBeUndefined(); // dissolved in 2008
  });

  it('reads countries by code, name (vi/en/fr) or adjective', () => {
    expect(findCountryCode('KH')).toBe('KH');
    expect(findCountryCode('KHM')).toBe('KH');
    expect(findCountryCode('Nga')).toBe('RU'); // Vietnamese for Russia; the code NGA is Nigeria
    expect(findCountryCode('Cambodge')).toBe('KH');
    expect(findCountryCode('Hàn Quốc')).toBe('KR');
    expect(findCountryCode('MY')).toBe('MY'); // the code is Malaysia
    expect(findCountryCode('Mỹ')).toBe('US'); // the Vietnamese name is the United States
    expect(findCountryCode('Narnia')).toBeUndefined();
  });
});
