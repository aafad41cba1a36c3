import { describe, it, expect } from 'vitest';
import { etagOf, versionFromIfMatch } from './etag.js';
import { Problem } from './problems.js';

function problemOf(fn: () => unknown): Problem {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Problem);
    return error as Problem;
  }
  throw new Error('expected a Problem to be thrown');
}

describe('versionFromIfMatch', () => {
  it('asks for If-Match with 428 when it is missing or empty', () => {
    for (const header of [undefined, '']) {
      const p = problemOf(() => versionFromIfMatch(header));
      expect(p.status).toBe(428);
      expect(p.type).toBe('precondition-required');
      expect(p.detail).toMatch(/If-Match/);
    }
  });

  it('reads a strong ETag', () => {
    expect(versionFromIfMatch('"3"')).toBe(3);
    expect(versionFromIfMatch('"120"')).toBe(120);
  });

  it('reads a weak ETag', () => {
    expect(versionFromIfMatch('W/"3"')).toBe(3);
  });

  it('reads an unquoted version and tolerates surrounding spaces', () => {
    expect(versionFromIfMatch('3')).toBe(3);
    expect(versionFromIfMatch('  "3"  ')).toBe(3);
  });

  it('reads the first value of a repeated header', () => {
    expect(versionFromIfMatch(['"4"', '"5"'])).toBe(4);
  });

  it('round-trips the ETag it sends', () => {
    for (const v of [1, 2, 99]) expect(versionFromIfMatch(etagOf(v))).toBe(v);
    expect(etagOf(7)).toBe('"7"');
  });

  it.each(['abc', '"abc"', '"3.5"', '"-1"', '"0"', '*', '"3", "4"'])('refuses %s with 412', (header) => {
    const p = problemOf(() => versionFromIfMatch(header));
    expect(p.status).toBe(412);
    expect(p.type).toBe('precondition-failed');
  });

  it('accepts version 0 only where the caller allows it', () => {
    expect(versionFromIfMatch('"0"', 0)).toBe(0);
    expect(problemOf(() => versionFromIfMatch('"0"')).status).toBe(412);
  });

  it.each(['""', 'W/""', '" "', '"0x3"', '"1e1"', '"+3"'])(
    'does not read %s as a version, even where 0 is allowed',
    (header) => {
      expect(problemOf(() => versionFromIfMatch(header, 0)).status).toBe(412);
    },
  );
});
