import { describe, expect, it } from 'vitest';
import { defaultParameters } from './defaults.js';
import { scorePair } from './model.js';
import { PERSON_SETTINGS } from './settings.js';
import type { LinkRecord } from './types.js';

const person = (id: string, extra: Partial<LinkRecord> = {}): LinkRecord => ({
  id,
  familyName: 'Nguyễn',
  middleName: 'Thị',
  givenName: 'Lan',
  sex: 'female',
  dateOfBirth: null,
  birthYear: 1995,
  province: 'ha-noi',
  idNumbers: [],
  phone: null,
  ...extra,
});

describe('default parameters (before any run)', () => {
  const params = defaultParameters(PERSON_SETTINGS);

  it('are a probability distribution per field, for every level of the settings', () => {
    for (const f of params.fields) {
      expect(f.m.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
      expect(f.u.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
      expect(f.m.every((x) => x > 0) && f.u.every((x) => x > 0)).toBe(true);
    }
  });

  it('do not take a common name and a shared year of birth for one person', () => {
    const p = scorePair(person('a'), person('b'), PERSON_SETTINGS, params).probability;
    expect(p).toBeLessThan(0.5);
  });

  it('weigh a shared rare family name more than a shared Nguyễn', () => {
    const nguyen = scorePair(person('a'), person('b'), PERSON_SETTINGS, params);
    const rare = scorePair(
      person('a', { familyName: 'Vàng' }),
      person('b', { familyName: 'Vàng' }),
      PERSON_SETTINGS,
      params,
    );
    expect(rare.weight).toBeGreaterThan(nguyen.weight + 3);
  });

  it('take the same name, date of birth and ID number for one person, even typed differently', () => {
    const a = person('a', { dateOfBirth: '1995-03-12', idNumbers: ['001195012345'] });
    const b = person('b', {
      familyName: 'NGUYEN',
      middleName: 'THI',
      givenName: 'LAN',
      dateOfBirth: '1995-12-03',
      idNumbers: ['001195012345'],
    });
    expect(scorePair(a, b, PERSON_SETTINGS, params).probability).toBeGreaterThan(0.99);
    const sameDate = person('c', { dateOfBirth: '1995-03-12' });
    expect(
      scorePair(person('d', { dateOfBirth: '1995-03-12' }), sameDate, PERSON_SETTINGS, params).probability,
    ).toBeGreaterThan(0.9);
  });
});
