// Reset codes as a person reads and types them: grouped, unambiguous, forgiving of case,
// spaces, dashes and the letters people confuse with digits.
import { describe, expect, it } from 'vitest';
import { newResetCode, normaliseResetCode } from './reset-codes.js';

describe('reset codes', () => {
  it('are 16 characters of Crockford base32 in four groups, different each time', () => {
    const codes = new Set(Array.from({ length: 200 }, newResetCode));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  });

  it('read back whatever the case, spacing and look-alike letters', () => {
    expect(normaliseResetCode('7k2m qx9d-4rtf hb6w')).toBe('7K2MQX9D4RTFHB6W');
    expect(normaliseResetCode('OIL0-0000-0000-0000')).toBe('0110000000000000');
    expect(normaliseResetCode('7K2M-QX9D-4RTF')).toBeNull();
    expect(normaliseResetCode('7K2M-QX9D-4RTF-HB6U')).toBeNull(); // U is not in the alphabet
    expect(normaliseResetCode('')).toBeNull();
  });
});
