import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './codes.js';
import { PROVINCES } from './reference/index.js';
import { PLACE_NAMES } from './statistics-places.js';
import { DIMENSION_IDS, DIMENSIONS, INDICATOR_IDS, INDICATORS, periodLabels } from './statistics.js';
import {
  dimensionLabel,
  indicatorDescription,
  indicatorLabel,
  periodValueLabel,
  statisticsValueLabel,
} from './statistics-labels.js';

describe('statistics labels', () => {
  it('titles and describes every indicator and names every dimension, differently in each language', () => {
    for (const id of INDICATOR_IDS) {
      const titles = LANGUAGES.map((lang) => indicatorLabel(id, lang));
      expect(new Set(titles).size, id).toBe(3);
      for (const lang of LANGUAGES) expect(indicatorDescription(id, lang).length, `${id} ${lang}`).toBeGreaterThan(30);
      for (const dimension of INDICATORS[id].dimensions) {
        for (const lang of LANGUAGES) expect(dimensionLabel(dimension, lang).trim()).not.toBe('');
      }
    }
    expect(indicatorLabel('victims_identified', 'vi')).toBe('Nạn nhân được xác định');
    expect(dimensionLabel('age_band', 'fr')).toBe("Tranche d'âge");
  });

  it('labels every value of every public domain in every language, never with the bare code', () => {
    for (const dimension of DIMENSION_IDS) {
      const domain = DIMENSIONS[dimension].domain;
      const codes = domain === 'period' ? periodLabels(dimension as 'month', '2026-01-01', '2026-12-31') : domain;
      if (codes === 'data') continue;
      for (const code of codes) {
        for (const lang of LANGUAGES) {
          const text = statisticsValueLabel(dimension, code, lang, PLACE_NAMES);
          expect(text.trim(), `${dimension}.${code} ${lang}`).not.toBe('');
          // Years are written as they are; provinces keep their Vietnamese names.
          if (dimension !== 'year' && !(dimension === 'province' && code !== 'unknown') && code !== '50+') {
            expect(text, `${dimension}.${code} ${lang}`).not.toBe(code);
          }
        }
      }
    }
  });

  it('reuses the reference labels, country names and province names', () => {
    expect(statisticsValueLabel('exploitation_type', 'forced_criminality', 'en')).toBe(
      'Forced criminality (online scams)',
    );
    expect(statisticsValueLabel('sex', 'female', 'vi')).toBe('Nữ');
    expect(statisticsValueLabel('destination', 'KH', 'vi', PLACE_NAMES)).toBe('Campuchia');
    expect(statisticsValueLabel('destination', 'KH', 'fr', PLACE_NAMES)).toBe('Cambodge');
    expect(statisticsValueLabel('destination', 'other', 'en', PLACE_NAMES)).toBe('Other countries');
    const hanoi = PROVINCES.find((p) => p.name === 'Hà Nội')!;
    expect(statisticsValueLabel('province', hanoi.code, 'en', PLACE_NAMES)).toBe('Hà Nội');
    expect(statisticsValueLabel('province', hanoi.code, 'en')).toBe(hanoi.code); // without names: the code
    expect(statisticsValueLabel('referral_outcome', 'declined', 'fr')).toBe('Refusée');
    expect(statisticsValueLabel('follow_up_outcome', 're_trafficked', 'vi')).toBe('Bị mua bán lại');
  });

  it('writes periods the way each language does', () => {
    expect(periodValueLabel('2026-03', 'vi')).toBe('Tháng 3/2026');
    expect(periodValueLabel('2026-03', 'en')).toBe('Mar 2026');
    expect(periodValueLabel('2026-03', 'fr')).toBe('mars 2026');
    expect(periodValueLabel('2026-Q4', 'vi')).toBe('Quý IV/2026');
    expect(periodValueLabel('2026-Q1', 'en')).toBe('Q1 2026');
    expect(periodValueLabel('2026-Q2', 'fr')).toBe('T2 2026');
    expect(statisticsValueLabel('year', '2026', 'fr')).toBe('2026');
  });

  it('returns an unexpected code unchanged (border gates come from the data)', () => {
    expect(statisticsValueLabel('border_gate', 'Móng Cái', 'en')).toBe('Móng Cái');
    expect(statisticsValueLabel('sex', 'not-a-code', 'en')).toBe('not-a-code');
    expect(periodValueLabel('2026-13', 'en')).toBe('2026-13');
  });
});
