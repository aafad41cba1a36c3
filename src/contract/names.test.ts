import { describe, it, expect } from 'vitest';
import {
  displayName,
  nameKey,
  nameTokens,
  personNameKey,
  sexFromMiddleName,
  vnCanonicalToken,
  vnCanonicalTokens,
  vnFoldToken,
  vnNameTokens,
} from './names.js';

describe('nameKey', () => {
  it('gives the same key whatever the word order, accents or case', () => {
    const key = nameKey('nguyen thi lan');
    expect(key).toBe('lan nguyen thi');
    expect(nameKey('Lan Nguyễn Thị')).toBe(key);
    expect(nameKey('NGUYỄN THỊ LAN')).toBe(key);
  });

  it('treats decomposed (NFD) input the same as precomposed input', () => {
    expect(nameKey('Nguyễn Thị Lan'.normalize('NFD'))).toBe(nameKey('Nguyễn Thị Lan'.normalize('NFC')));
  });

  it('turns đ and Đ into d', () => {
    expect(nameKey('Đặng Văn Đức')).toBe('dang duc van');
    expect(nameKey('đặng văn đức')).toBe('dang duc van');
    expect(nameKey('Đặng Văn Đức')).toBe(nameKey('Dang Van Duc'));
  });

  it('strips all Vietnamese diacritics, including horn and breve', () => {
    expect(nameTokens('Trương Thị Ơn Ưng Ắt')).toEqual(['truong', 'thi', 'on', 'ung', 'at']);
  });

  it('ignores punctuation and extra spaces', () => {
    expect(nameKey('  Nguyễn,   Thị -- Lan.  ')).toBe('lan nguyen thi');
    expect(nameKey('Nguyễn\tThị\nLan')).toBe('lan nguyen thi');
    expect(nameTokens('  ...  ')).toEqual([]);
    expect(nameKey('')).toBe('');
  });

  it('keeps different names apart', () => {
    expect(nameKey('Nguyễn Thị Lan')).not.toBe(nameKey('Nguyễn Thị Lân Anh'));
    expect(nameKey('Lê Văn Nam')).not.toBe(nameKey('Lê Văn Nam Anh'));
  });
});

describe('personNameKey', () => {
  it('combines the words of every name and alias, each word once, sorted', () => {
    expect(personNameKey(['Nguyễn Thị Lan', 'Lan', 'NGUYEN LAN', 'Bé Lan'])).toBe('be lan nguyen thi');
  });

  it('skips missing names', () => {
    expect(personNameKey([null, 'Trần Văn An', undefined, ''])).toBe('an tran van');
    expect(personNameKey([])).toBe('');
    expect(personNameKey([null, undefined])).toBe('');
  });

  it('contains the key of each single name as a subset of its words', () => {
    const key = personNameKey(['Đặng Văn Đức', 'Đức Em']).split(' ');
    for (const word of nameKey('Dang Duc').split(' ')) expect(key).toContain(word);
    expect(key).toEqual(['dang', 'duc', 'em', 'van']);
  });
});

describe('displayName', () => {
  it('writes family, middle, given in that order', () => {
    expect(displayName({ givenName: 'Lan', middleName: 'Thị', familyName: 'Nguyễn' })).toBe('Nguyễn Thị Lan');
  });

  it('omits missing or blank parts', () => {
    expect(displayName({ familyName: 'Nguyễn', middleName: null, givenName: 'Lan' })).toBe('Nguyễn Lan');
    expect(displayName({ familyName: 'Nguyễn', middleName: '   ', givenName: 'Lan' })).toBe('Nguyễn Lan');
    expect(displayName({ givenName: 'Lan' })).toBe('Lan');
  });

  it('keeps the name exactly as entered (accents and case)', () => {
    expect(displayName({ familyName: 'ĐẶNG', middleName: 'Văn', givenName: 'đức' })).toBe('ĐẶNG Văn đức');
  });

  it('falls back to the first alias when there is no name', () => {
    expect(displayName({ aliases: ['Bé Lan', 'Lan Anh'] })).toBe('Bé Lan');
    expect(displayName({ familyName: null, middleName: ' ', givenName: '', aliases: ['Bé Lan'] })).toBe('Bé Lan');
  });

  it('prefers the name to the aliases', () => {
    expect(displayName({ givenName: 'Lan', aliases: ['Bé Lan'] })).toBe('Lan');
  });

  it('is empty when nothing is known', () => {
    expect(displayName({})).toBe('');
    expect(displayName({ aliases: [] })).toBe('');
  });
});

describe('Vietnamese names for record linkage', () => {
  it('folds diacritics, capitals, đ, and Telex or VNI keys left in when the input method was off', () => {
    for (const typed of ['Nguyễn', 'NGUYỄN', 'Nguyen', 'nguyen', 'Nguyeenx', 'Nguye64n', 'Nguyễn'.normalize('NFD')])
      expect(vnFoldToken(typed)).toBe('nguyen');
    expect(vnFoldToken('Trần')).toBe('tran');
    expect(vnFoldToken('Traanf')).toBe('tran');
    expect(vnFoldToken('Đức')).toBe('duc');
    expect(vnFoldToken('Dduwcs')).toBe('duc');
    expect(vnFoldToken('D9u7c1')).toBe('duc');
    expect(vnFoldToken('Trương')).toBe('truong');
    expect(vnFoldToken('Truwowng')).toBe('truong');
    expect(vnFoldToken('Thij')).toBe('thi');
    // real initials are kept: x, s and r start syllables, and "tr" keeps its r
    expect(vnFoldToken('Xuân')).toBe('xuan');
    expect(vnFoldToken('Sơn')).toBe('son');
    expect(vnFoldToken('Rồng')).toBe('rong');
  });

  it('keeps the marks but not the tone position in the canonical form: Hoà = Hòa, Thuý = Thúy', () => {
    expect(vnCanonicalToken('Hoà')).toBe(vnCanonicalToken('Hòa'));
    expect(vnCanonicalToken('Thuý')).toBe(vnCanonicalToken('Thúy'));
    expect(vnCanonicalToken('HOÀ')).toBe(vnCanonicalToken('hòa'));
    expect(vnCanonicalToken('Thúy')).not.toBe(vnCanonicalToken('Thủy'));
    expect(vnCanonicalToken('Thu')).not.toBe(vnCanonicalToken('Thư'));
  });

  it('splits a name into folded words whatever the separators', () => {
    expect(vnNameTokens('Lan  Nguyen-Thi')).toEqual(['lan', 'nguyen', 'thi']);
    expect(vnCanonicalTokens('Nguyễn Thị Hoà')).toEqual(vnCanonicalTokens('NGUYỄN THỊ HÒA'));
    expect(vnNameTokens(null)).toEqual([]);
  });

  it('reads Thị and Văn as the sex only', () => {
    expect(sexFromMiddleName('Thị')).toBe('female');
    expect(sexFromMiddleName('THI')).toBe('female');
    expect(sexFromMiddleName('Văn')).toBe('male');
    expect(sexFromMiddleName('Ngọc')).toBeNull();
    expect(sexFromMiddleName(null)).toBeNull();
  });
});
