import { describe, expect, it } from 'vitest';
import { encodeLegacy } from './legacy-encoding.js';
import {
  excelSerialToDate,
  parseCaseSource,
  parseCitizenship,
  parseDate,
  parseExploitationTypes,
  parseIdNumber,
  parsePhone,
  parseRow,
  parseSex,
  splitFullName,
} from './values.js';

const today = '2026-12-01';

function person(cells: Parameters<typeof parseRow>[0], encodings?: Parameters<typeof parseRow>[1]['encodings']) {
  const outcome = parseRow({ source_id: 'CA-1', full_name: 'Nguyễn Thị Lan', ...cells }, { today, encodings });
  if (!outcome.ok) throw new Error(outcome.reasons.join('; '));
  return outcome.person;
}

function reasons(cells: Parameters<typeof parseRow>[0]): string[] {
  const outcome = parseRow({ source_id: 'CA-1', full_name: 'Nguyễn Thị Lan', ...cells }, { today });
  if (outcome.ok) throw new Error('expected a reject');
  return outcome.reasons;
}

describe('names', () => {
  it('splits a full name the Vietnamese way', () => {
    expect(splitFullName('Nguyễn Thị Hồng Nhung')).toEqual({
      familyName: 'Nguyễn',
      middleName: 'Thị Hồng',
      givenName: 'Nhung',
    });
    expect(splitFullName('  Trần   Lan ')).toEqual({ familyName: 'Trần', middleName: null, givenName: 'Lan' });
    expect(splitFullName('Lan')).toEqual({ familyName: null, middleName: null, givenName: 'Lan' });
  });

  it('uses family/middle/given columns when given, and NFC', () => {
    const p = person({ full_name: undefined, family_name: 'Le\u0302', given_name: ' Hoa ' });
    expect([p.familyName, p.middleName, p.givenName]).toEqual(['Lê', null, 'Hoa']);
    const hoDem = person({ full_name: undefined, family_name: 'Phạm Thị Thu', given_name: 'Hà' });
    expect([hoDem.familyName, hoDem.middleName, hoDem.givenName]).toEqual(['Phạm', 'Thị Thu', 'Hà']);
  });

  it('rejects a row without any name or source_id', () => {
    expect(reasons({ full_name: '  ' })).toEqual(['name: blank (full_name, family_name and given_name are all empty)']);
    expect(reasons({ source_id: '' })).toEqual(['source_id: blank (every row needs the agency’s own record id)']);
    expect(reasons({ source_id: 'x'.repeat(101) })).toEqual(['source_id: longer than 100 characters']);
    expect(reasons({ full_name: 'Nguyễn \u202eLan' })[0]).toMatch(/^given_name|^full_name: .*text-direction/);
  });
});

describe('dates', () => {
  it.each([
    ['12/03/1990', '1990-03-12'],
    ['2/3/1990', '1990-03-02'],
    ['12-03-1990', '1990-03-12'],
    ['12.03.1990', '1990-03-12'],
    ['1990-03-12', '1990-03-12'],
    ['1990-03-12T00:00:00.000Z', '1990-03-12'],
    ['29/02/2000', '2000-02-29'],
    ['12/03/1990 00:00', '1990-03-12'],
    ['32944', '1990-03-12'], // an Excel serial number
  ])('%s is %s', (cell, date) => {
    expect(parseDate(cell, today, true)).toEqual({ kind: 'date', date });
    expect(person({ date_of_birth: cell })).toMatchObject({ dateOfBirth: date, birthYear: Number(date.slice(0, 4)) });
  });

  it('reads Excel serials', () => {
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45658)).toBe('2025-01-01');
  });

  it('reads a year alone and an age', () => {
    expect(person({ date_of_birth: '1990' })).toMatchObject({
      dateOfBirth: null,
      birthYear: 1990,
      estimatedAgeYears: null,
    });
    expect(person({ date_of_birth: '25' })).toMatchObject({
      dateOfBirth: null,
      birthYear: 2001,
      estimatedAgeYears: 25,
    });
    expect(person({ date_of_birth: '17 tuổi' })).toMatchObject({ estimatedAgeYears: 17 });
    expect(person({ birth_year: '1988' })).toMatchObject({ birthYear: 1988 });
    expect(person({ birth_year: 'khoảng 34 tuổi' })).toMatchObject({ birthYear: 1992, estimatedAgeYears: 34 });
    expect(reasons({ birth_year: '34' })[0]).toMatch(/^birth_year: 34 is not a year of birth/);
    expect(person({ age: '30' })).toMatchObject({ estimatedAgeYears: 30, birthYear: 1996 });
    expect(person({ date_of_birth: '12/03/1990', birth_year: '1990', age: '36' })).toMatchObject({
      dateOfBirth: '1990-03-12',
      estimatedAgeYears: null,
    });
  });

  it('rejects impossible and future dates with the cell', () => {
    expect(reasons({ date_of_birth: '31/02/1990' })).toEqual([
      'date_of_birth: 31/02/1990 is not a date (dd/mm/yyyy, yyyy-mm-dd, a year or an age)',
    ]);
    expect(reasons({ date_of_birth: '03/25/1990' })[0]).toMatch(/is not a date/);
    expect(reasons({ date_of_birth: '29/02/2001' })[0]).toMatch(/is not a date/);
    expect(reasons({ date_of_birth: '12/03/90' })[0]).toMatch(/is not a date/);
    expect(reasons({ date_of_birth: 'unknown' })[0]).toMatch(/is not a date/);
    expect(reasons({ date_of_birth: '02/12/2026' })).toEqual(['date_of_birth: 02/12/2026 is in the future']);
    expect(reasons({ date_of_birth: '2027' })).toEqual(['date_of_birth: 2027 is in the future']);
    expect(reasons({ date_of_birth: '150' })[0]).toMatch(/is not a date/);
    expect(reasons({ birth_year: '19900' })[0]).toMatch(/^birth_year: 19900 is not a year of birth/);
    expect(reasons({ age: 'old' })).toEqual(['age: old is not an age in years (0 to 120)']);
  });
});

describe('sex', () => {
  it.each([
    ['Nam', 'male'],
    ['nam', 'male'],
    ['M', 'male'],
    ['male', 'male'],
    ['Masculine', 'male'],
    ['Nữ', 'female'],
    ['nu', 'female'],
    ['NỮ', 'female'],
    ['F', 'female'],
    ['Female', 'female'],
    ['Feminine', 'female'],
    ['Khác', 'other'],
    ['TransgenderFeminine', 'other'],
    ['', 'unknown'],
    ['Không rõ', 'unknown'],
    ['NonSpecifiedUnknown', 'unknown'],
  ])('%s is %s', (cell, sex) => {
    expect(parseSex(cell)).toBe(sex);
  });

  it('rejects what is not a sex', () => {
    expect(parseSex('yes')).toBeUndefined();
    expect(reasons({ sex: '2' })).toEqual(['sex: 2 is not a sex (Nam/Nữ, M/F, male/female, Khác, or blank)']);
    expect(person({})).toMatchObject({ sex: 'unknown' });
  });
});

describe('provinces', () => {
  it('reads the 2025 units and the former provinces, keeping the former name', () => {
    expect(person({ province: 'Hà Nội' })).toMatchObject({ province: 'ha-noi', provinceFormer: null });
    expect(person({ province: 'TP. Hồ Chí Minh' })).toMatchObject({ province: 'ho-chi-minh', provinceFormer: null });
    expect(person({ province: 'Thành phố Hồ Chí Minh' })).toMatchObject({ province: 'ho-chi-minh' });
    expect(person({ province: 'TP.HCM' })).toMatchObject({ province: 'ho-chi-minh' });
    expect(person({ province: 'Tỉnh Hà Giang' })).toMatchObject({
      province: 'tuyen-quang',
      provinceFormer: 'Hà Giang',
    });
    expect(person({ province: 'ha giang' })).toMatchObject({ province: 'tuyen-quang', provinceFormer: 'Hà Giang' });
    expect(person({ province: 'Thừa Thiên Huế' })).toMatchObject({ province: 'hue', provinceFormer: 'Thừa Thiên Huế' });
    expect(person({ province: 'Huế' })).toMatchObject({ province: 'hue', provinceFormer: null });
    expect(person({ province: 'Hoà Bình' })).toMatchObject({ province: 'phu-tho', provinceFormer: 'Hòa Bình' });
    expect(person({ province: 'Huyện Mèo Vạc, Hà Giang' })).toMatchObject({ province: 'tuyen-quang' });
    expect(person({ province: 'Mèo Vạc - Hà Giang' })).toMatchObject({ province: 'tuyen-quang' });
    expect(person({ province: 'Bà Rịa - Vũng Tàu' })).toMatchObject({ province: 'ho-chi-minh' });
    expect(person({ province: 'BINH DUONG' })).toMatchObject({ province: 'ho-chi-minh', provinceFormer: 'Bình Dương' });
  });

  it('rejects an unknown province', () => {
    expect(reasons({ province: 'Atlantis' })).toEqual([
      'province: Atlantis is not a province of Viet Nam (the 34 of 2025 or the 63 before)',
    ]);
  });
});

describe('phones', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['091 234 5678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['091-234-5678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['+840912345678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['0084912345678', '+84912345678'],
    ['912345678', '+84912345678'], // the leading 0 a spreadsheet dropped
    ['01689123456', '+84389123456'], // renumbered in 2018
    ['024 3825 1234', '+842438251234'], // a Hà Nội landline
    ['(028) 3822 1234', '+842838221234'],
    ['+855 12 345 678', '+85512345678'], // a Cambodian number, kept
  ])('%s is %s', (cell, phone) => {
    expect(parsePhone(cell)).toBe(phone);
  });

  it('rejects nonsense', () => {
    for (const cell of ['12345', 'abc', '0123', '+84 123', '0612345678', '++84912345678']) {
      expect(parsePhone(cell), cell).toBeUndefined();
    }
    expect(reasons({ phone: 'call me' })).toEqual([
      'phone: call me is not a phone number (0…, +84… or +country code…)',
    ]);
  });
});

describe('id numbers', () => {
  it('keeps letters and digits as typed, spaces removed', () => {
    expect(parseIdNumber('001 190 012 345')).toBe('001190012345');
    expect(parseIdNumber('012345678')).toBe('012345678');
    expect(parseIdNumber('B1234567')).toBe('B1234567');
    expect(parseIdNumber('1190012345')).toBe('1190012345');
  });

  it('restores a leading zero a spreadsheet dropped from a CCCD or CMND', () => {
    expect(parseIdNumber('1190012345'.padStart(11, '1'))).toBe('011190012345');
    expect(parseIdNumber('12345678')).toBe('012345678');
  });

  it('rejects what is not a document number', () => {
    expect(parseIdNumber('1.19E+11')).toBeUndefined();
    expect(reasons({ id_number: '#N/A' })).toEqual(['id_number: #N/A is not a document number (letters and digits)']);
  });
});

describe('citizenship', () => {
  it.each([
    ['VN', 'VN'],
    ['Việt Nam', 'VN'],
    ['viet nam', 'VN'],
    ['Vietnamese', 'VN'],
    ['VNM', 'VN'],
    ['Campuchia', 'KH'],
    ['Cambodian', 'KH'],
    ['Trung Quốc', 'CN'],
    ['Lào', 'LA'],
    ['Không quốc tịch', 'stateless'],
    ['stateless', 'stateless'],
    ['', 'unknown'],
    ['Không rõ', 'unknown'],
  ])('%s is %s', (cell, code) => {
    expect(parseCitizenship(cell)).toBe(code);
  });

  it('is unknown when blank, and rejects what is not a country', () => {
    expect(person({})).toMatchObject({ citizenship: 'unknown' });
    expect(reasons({ citizenship: 'Atlantis' })).toEqual(['citizenship: Atlantis is not a country']);
  });
});

describe('the case', () => {
  it('is null without case columns', () => {
    expect(person({}).case).toBeNull();
  });

  it('reads exploitation types by code or label, several at once', () => {
    expect(parseExploitationTypes('forced_labour; sexual_exploitation').types).toEqual([
      'forced_labour',
      'sexual_exploitation',
    ]);
    expect(parseExploitationTypes('Cưỡng bức lao động, Bóc lột tình dục').types).toEqual([
      'forced_labour',
      'sexual_exploitation',
    ]);
    expect(parseExploitationTypes('Mua bán bào thai, trẻ sơ sinh').types).toEqual(['fetus_or_baby_trafficking']);
    expect(parseExploitationTypes('Lừa đảo trực tuyến').types).toEqual(['forced_criminality']);
    expect(parseExploitationTypes('ForcedLabour|SexualExploitation').types).toEqual([
      'forced_labour',
      'sexual_exploitation',
    ]);
    expect(parseExploitationTypes('Forced marriage, juggling')).toEqual({
      types: ['forced_marriage'],
      unknown: ['juggling'],
    });
  });

  it('reads case sources by code or label', () => {
    expect(parseCaseSource('hotline')).toBe('hotline');
    expect(parseCaseSource('Đường dây nóng')).toBe('hotline');
    expect(parseCaseSource('Hồi hương từ nước ngoài')).toBe('repatriation');
    expect(parseCaseSource('NGO referral')).toBe('ngo_referral');
    expect(parseCaseSource('by pigeon')).toBeUndefined();
  });

  it('builds the case, and rejects its bad cells', () => {
    expect(
      person({
        exploitation_type: 'Cưỡng bức lao động',
        reached_via: 'Biên phòng',
        registered_on: '05/11/2025',
        destination_country: 'Campuchia',
      }).case,
    ).toEqual({
      exploitationTypes: ['forced_labour'],
      reachedVia: 'border_screening',
      registeredOn: '2025-11-05',
      destinationCountry: 'KH',
    });
    expect(
      reasons({
        exploitation_type: 'juggling',
        reached_via: 'pigeon',
        registered_on: '2025',
        destination_country: 'Mars',
      }),
    ).toEqual([
      'exploitation_type: juggling is not a type of exploitation',
      'reached_via: pigeon is not a way a case is reached',
      'registered_on: 2025 is not a date (dd/mm/yyyy or yyyy-mm-dd)',
      'destination_country: Mars is not a country',
    ]);
  });
});

describe('legacy encodings', () => {
  it('converts the columns named and says which', () => {
    const outcome = parseRow(
      {
        source_id: 'HL-7',
        full_name: encodeLegacy('Nguyễn Thị Hồng Nhung', 'tcvn3'),
        province: encodeLegacy('Hà Giang', 'tcvn3'),
        sex: encodeLegacy('Nữ', 'tcvn3'),
      },
      { today, encodings: { full_name: 'tcvn3', province: 'tcvn3', sex: 'tcvn3' } },
    );
    expect(outcome).toEqual({
      ok: true,
      converted: ['full_name', 'province', 'sex'],
      person: expect.objectContaining({
        familyName: 'Nguyễn',
        middleName: 'Thị Hồng',
        givenName: 'Nhung',
        province: 'tuyen-quang',
        provinceFormer: 'Hà Giang',
        sex: 'female',
      }),
    });
  });

  it('leaves a cell typed in Unicode alone in a legacy column', () => {
    const outcome = parseRow(
      { source_id: 'HL-8', full_name: 'Lê Thị Hoa', province: 'Hà Giang' },
      { today, encodings: { full_name: 'tcvn3', province: 'tcvn3' } },
    );
    expect(outcome).toMatchObject({ ok: true, converted: [], person: { familyName: 'Lê', givenName: 'Hoa' } });
  });

  it('reports every reason of a row at once', () => {
    expect(reasons({ source_id: '', sex: 'q', phone: 'x' })).toHaveLength(3);
  });
});
