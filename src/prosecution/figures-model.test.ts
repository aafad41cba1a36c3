import { describe, expect, it } from 'vitest';
import { prosecutionFigureTables, type FigureRows } from './figures-model.js';

const ARTICLES = ['150', '151', 'other'];
const PROVINCES = ['lao-cai', 'ha-giang', 'unknown'];

/** n cases in Lào Cai, each with one accused charged under art. 150, initiated on 1 March and tried on 1 May. */
function rows(n: number, extra: Partial<FigureRows> = {}): FigureRows {
  const ids = Array.from({ length: n }, (_, i) => `c${i}`);
  return {
    initiated: new Map(ids.map((id) => [id, '2026-03-01'])),
    charges: ids.map((id) => ({ caseId: id, suspectId: `s${id}`, article: '150', outcome: 'convicted' })),
    verdicts: ids.map((id) => ({
      caseId: id,
      suspectId: `s${id}`,
      instance: 'first_instance',
      outcome: 'convicted',
      date: '2026-05-01',
    })),
    province: new Map(ids.map((id) => [id, 'lao-cai'])),
    ...extra,
  };
}

describe('prosecution figures', () => {
  it('shows counts of at least k and the median time from initiation to verdict', () => {
    const t = prosecutionFigureTables(rows(6), ARTICLES, PROVINCES, 5);
    expect(t.byArticle.cells.map((r) => r[0])).toEqual([
      { value: 6, status: 'shown' },
      { value: 6, status: 'shown' },
      { value: 6, status: 'shown' },
      { value: 6, status: 'shown' },
    ]);
    expect(t.byProvince.cells[0]![0]).toEqual({ value: 6, status: 'shown' });
    expect(t.medianDays).toEqual({ value: 61, status: 'shown' });
  });

  it('hides small counts, and enough others that they cannot be worked out from the total', () => {
    const r = rows(7);
    r.province.set('c0', 'ha-giang');
    const t = prosecutionFigureTables(r, ARTICLES, PROVINCES, 5);
    const initiated = t.byProvince.cells[0]!;
    expect(initiated[1]).toEqual({ value: null, status: 'suppressed' });
    // 6 in Lào Cai and a total of 7 would give the 1 away: one of them is hidden too
    expect(initiated[0]!.status === 'suppressed' || t.byProvince.rowTotals[0]!.status === 'suppressed').toBe(true);
    expect(initiated[2]).toEqual({ value: 0, status: 'shown' });
  });

  it('hides a cell resting on fewer than k cases even when it counts more accused', () => {
    const r = rows(1);
    for (let i = 0; i < 6; i++)
      r.charges.push({ caseId: 'c0', suspectId: `x${i}`, article: '151', outcome: 'indicted' });
    const t = prosecutionFigureTables(r, ARTICLES, PROVINCES, 5);
    expect(t.byArticle.cells[1]![1]).toEqual({ value: null, status: 'suppressed' });
    expect(t.medianDays.status).toBe('suppressed');
  });

  it('counts the appeal verdict over the first instance', () => {
    const r = rows(5);
    for (const id of ['c0', 'c1'])
      r.verdicts.push({
        caseId: id,
        suspectId: `s${id}`,
        instance: 'appeal',
        outcome: 'acquitted',
        date: '2026-06-01',
      });
    const t = prosecutionFigureTables(r, ARTICLES, PROVINCES, 2);
    expect(t.byArticle.cells[3]![0]).toEqual({ value: 3, status: 'shown' });
  });
});
