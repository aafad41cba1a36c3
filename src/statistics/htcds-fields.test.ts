import { describe, expect, it } from 'vitest';
import { PROVINCE_CODES } from '../contract/reference/index.js';
import { EXPLOITATION_TYPES } from '../contract/codes.js';
import {
  EXPLOITATION_GROUP,
  HTCDS_EXPLOITATION,
  htcdsRow,
  QUASI_IDENTIFIERS,
  quasiIdentifiers,
} from './htcds-fields.js';
import { REGIONS, regionOf } from './regions.js';

const person = {
  sex: 'female',
  dateOfBirth: null,
  estimatedAgeYears: 16,
  ageEstimatedOn: '2025-03-01',
  citizenship: 'KH',
  province: 'lao-cai',
  registeredOn: '2025-03-02',
  recruitedOn: null,
  exploitationTypes: ['forced_criminality'],
  recruitmentChannels: ['social_media'],
  destinationCountry: 'KH',
  status: 'in_support',
  identified: true,
};
const qi = (name: string) => QUASI_IDENTIFIERS.find((h) => h.name === name)!;

describe('HTCDS fields and hierarchies', () => {
  it('puts every 2025 province in one of the six regions', () => {
    const regions = new Set(PROVINCE_CODES.map((p) => regionOf(p)));
    expect([...regions].sort()).toEqual([...REGIONS].sort());
    expect(regionOf('ha-noi')).toBe('red_river_delta');
    expect(regionOf('an-giang')).toBe('mekong_delta');
  });

  it('generalises a country to its UN M49 subregion, then its region', () => {
    expect(qi('citizenship').generalise('KH', 1)).toBe('South-Eastern Asia');
    expect(qi('citizenship').generalise('KH', 2)).toBe('Asia');
    expect(qi('citizenship').generalise('UA', 1)).toBe('Eastern Europe');
    expect(qi('citizenship').generalise('stateless', 2)).toBe('stateless');
  });

  it('maps every exploitation type to HTCDS and to a broad group; forced criminality is Other in HTCDS', () => {
    for (const t of EXPLOITATION_TYPES) {
      expect(HTCDS_EXPLOITATION[t]).toBeDefined();
      expect(EXPLOITATION_GROUP[t]).toBeDefined();
    }
    expect(HTCDS_EXPLOITATION.forced_criminality).toBe('Other');
    expect(qi('exploitation').generalise('forced_criminality', 1)).toBe('Criminality');
    expect(qi('exploitation').generalise('forced_labour|sexual_exploitation', 1)).toBe('Multiple');
  });

  it('writes HTCDS picklist values at level 0 and the generalised values above it, never a date or an id', () => {
    const values = quasiIdentifiers(person);
    expect(values).toEqual(['12-17', 'female', 'KH', 'lao-cai', '2025', 'forced_criminality']);
    expect(htcdsRow(person, values, [0, 0, 0, 0, 0, 0])).toEqual([
      'Feminine',
      'KH',
      '12-17',
      'Other',
      'ActualVictimOfTrafficking',
      'ThroughOnlineSocialNetworks',
      '2025',
      'lao-cai',
      'KH',
    ]);
    const up = ['minor', '*', 'South-Eastern Asia', 'northern_midlands_mountains', '2025-2029', 'Criminality'];
    expect(htcdsRow(person, up, [1, 1, 1, 1, 1, 1])).toEqual([
      '*',
      'South-Eastern Asia',
      'minor',
      'Criminality',
      'ActualVictimOfTrafficking',
      'ThroughOnlineSocialNetworks',
      '2025-2029',
      'northern_midlands_mountains',
      'KH',
    ]);
  });

  it('takes the age when recruitment began, when it is known', () => {
    expect(
      quasiIdentifiers({ ...person, estimatedAgeYears: null, dateOfBirth: '2000-05-01', recruitedOn: '2017-01-01' })[0],
    ).toBe('12-17');
    expect(quasiIdentifiers({ ...person, estimatedAgeYears: null, dateOfBirth: '2000-05-01' })[0]).toBe('18-24');
  });
});
