import { describe, expect, it } from 'vitest';
import {
  barWidths,
  clock,
  contentTypeOf,
  decisionForKey,
  explainMappingProblem,
  explainReason,
  nameOf,
  percentDone,
  standingMerges,
  weightBar,
} from './consolidation';

describe('consolidation screens: pure helpers', () => {
  it('sends spreadsheets with a content type the import route accepts, whatever the browser says', () => {
    expect(contentTypeOf({ name: 'Police 2024.XLSX', type: '' })).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(contentTypeOf({ name: 'shelter.csv', type: 'application/vnd.ms-excel' })).toBe('text/csv');
    expect(contentTypeOf({ name: 'export', type: '' })).toBe('application/octet-stream');
  });

  it('writes time left as a clock', () => {
    expect(clock(42)).toBe('0:42');
    expect(clock(725)).toBe('12:05');
    expect(clock(3725)).toBe('1:02:05');
    expect(clock(-3)).toBe('0:00');
  });

  it('counts percent done without dividing by an unknown total', () => {
    expect(percentDone({ done: 0, total: 0, ratePerSecond: null, secondsLeft: null })).toBe(0);
    expect(percentDone({ done: 333, total: 1000, ratePerSecond: 10, secondsLeft: 66 })).toBe(33);
    expect(percentDone({ done: 1200, total: 1000, ratePerSecond: 10, secondsLeft: 0 })).toBe(100);
  });

  it('draws a field weight as a share of the largest, on the side of its evidence', () => {
    expect(weightBar(8, 8)).toEqual({ width: 100, side: 'for' });
    expect(weightBar(-2, 8)).toEqual({ width: 25, side: 'against' });
    expect(weightBar(0.01, 8)).toEqual({ width: 4, side: 'for' });
    expect(weightBar(0, 8)).toEqual({ width: 0, side: 'none' });
    expect(weightBar(3, 0).side).toBe('none');
  });

  it('maps the review shortcuts 1, 2, 3 and nothing else', () => {
    expect([decisionForKey('1'), decisionForKey('2'), decisionForKey('3')]).toEqual(['same', 'different', 'unsure']);
    expect(decisionForKey('s')).toBeNull();
  });

  it('offers undo only for merges not undone since', () => {
    const m1 = '00000000-0000-4000-8000-000000000001';
    const m2 = '00000000-0000-4000-8000-000000000002';
    const at = (n: number) => `2026-12-01T0${n}:00:00.000Z`;
    const standing = standingMerges([
      { kind: 'unmerged', at: at(3), by: 'A', mergeId: m1, otherPersonId: null },
      { kind: 'merged', at: at(1), by: 'A', mergeId: m1, otherPersonId: null },
      { kind: 'merged', at: at(2), by: 'A', mergeId: m2, otherPersonId: null },
      { kind: 'linked', at: at(4), by: 'S', mergeId: null, otherPersonId: null },
    ]);
    expect([...standing]).toEqual([m2]);
  });

  it('sizes chart bars against the largest value', () => {
    expect(barWidths([200, 150, 1, 0])).toEqual([100, 75, 1, 0]);
    expect(barWidths([0, 0])).toEqual([0, 0]);
  });

  it('joins the name parts that are there', () => {
    expect(nameOf({ familyName: 'Nguyễn', middleName: null, givenName: 'Lan' })).toBe('Nguyễn Lan');
    expect(nameOf({ familyName: null, middleName: ' ', givenName: null })).toBeNull();
  });
});

describe('the server’s reasons and mapping problems, in the catalogues’ words', () => {
  it('reads the forms of a rejected row’s reasons, with the column and the value', () => {
    expect(explainReason('source_id: blank (every row needs the agency’s own record id)')).toEqual({
      key: 'reason.blank',
      column: 'source_id',
      params: {},
    });
    expect(explainReason('date_of_birth: 31/02/2001 is not a date (dd/mm/yyyy, yyyy-mm-dd, a year or an age)')).toEqual(
      { key: 'reason.invalid', column: 'date_of_birth', params: { value: '31/02/2001' } },
    );
    expect(explainReason('registered_on: 01/01/2099 is in the future')).toEqual({
      key: 'reason.future',
      column: 'registered_on',
      params: { value: '01/01/2099' },
    });
    expect(explainReason('full_name: longer than 200 characters')).toEqual({
      key: 'reason.tooLong',
      column: 'full_name',
      params: { n: '200' },
    });
    expect(explainReason('age: 300 is not an age in years (0 to 120)')?.params.value).toBe('300');
    expect(explainReason('something else entirely')).toBeNull();
    expect(explainReason('phone: 12 has an odd shape')).toBeNull();
  });

  it('reads the mapping problems that block an import', () => {
    expect(explainMappingProblem('no column is mapped to source_id (the agency’s own record id): map …')?.key).toBe(
      'mappingProblem.noSourceId',
    );
    expect(explainMappingProblem('no column holds a name: map one to full_name, or …')?.key).toBe(
      'mappingProblem.noName',
    );
    expect(
      explainMappingProblem('"Họ tên" and "Tên" are all mapped to full_name: keep one, ignore the others'),
    ).toEqual({ key: 'mappingProblem.duplicate', column: 'full_name', params: { headers: '“Họ tên”, “Tên”' } });
    expect(explainMappingProblem('the file has no rows')).toBeNull();
  });
});
