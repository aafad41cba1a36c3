import { describe, expect, it } from 'vitest';
import { createKeys } from '../platform/keys.js';
import { addressHash } from './address-key.js';
import { formatReceipt, newReceipt, normaliseReceipt, receiptIndex } from './receipts.js';
import { readReportInput, siteCode } from './report-input.js';

describe('reading a public report', () => {
  it('takes the form’s fields, with identifiers one per line and the flags as answers', () => {
    const { input, errors, honeypot } = readReportInput({
      whatHappened: '  Em gái tôi nhận việc qua Facebook, giờ ở Campuchia  ',
      province: 'ha-noi',
      minorInvolved: 'yes',
      immediateDanger: 'no',
      recruitment: 'social_media',
      destinationCountry: 'kh',
      identifiers: '0912 345 678\r\n\r\nfacebook.com/viec-lam-luong-cao\n',
      language: 'en',
      site: 'hn-ga',
    });
    expect(errors).toEqual([]);
    expect(honeypot).toBe(false);
    expect(input.whatHappened).toBe('Em gái tôi nhận việc qua Facebook, giờ ở Campuchia');
    expect(input.identifiers).toEqual(['0912 345 678', 'facebook.com/viec-lam-luong-cao']);
    expect(input).toMatchObject({ destinationCountry: 'KH', minorInvolved: 'yes', language: 'en', site: 'HN-GA' });
    expect(input.contact).toBeNull();
  });

  it('names each field a person must fix, with a code the page translates', () => {
    const { errors } = readReportInput({
      whatHappened: ' ',
      province: 'atlantis',
      minorInvolved: 'maybe',
      destinationCountry: 'XX',
      contact: 'a\u0000b',
      identifiers: Array.from({ length: 21 }, (_, i) => `line ${i}`),
    });
    expect(errors).toEqual([
      { field: 'whatHappened', code: 'required' },
      { field: 'province', code: 'not-a-choice' },
      { field: 'minorInvolved', code: 'not-a-choice' },
      { field: 'destinationCountry', code: 'not-a-choice' },
      { field: 'identifiers', code: 'too-many' },
      { field: 'contact', code: 'invalid-text' },
    ]);
    expect(readReportInput({ whatHappened: 'x'.repeat(5001) }).errors).toEqual([
      { field: 'whatHappened', code: 'too-long' },
    ]);
  });

  it('notices the honeypot, and ignores a site code that is not one', () => {
    expect(readReportInput({ whatHappened: 'x', website: 'http://spam.example' }).honeypot).toBe(true);
    expect(siteCode('<script>')).toBeNull();
    expect(readReportInput({ whatHappened: 'x', language: 'de' }).input.language).toBe('vi');
  });
});

describe('receipts', () => {
  it('are 16 random digits, read back with or without spaces and dashes', () => {
    const receipt = newReceipt();
    expect(receipt).toMatch(/^[0-9]{16}$/);
    expect(newReceipt()).not.toBe(receipt);
    expect(formatReceipt('1234567890123456')).toBe('1234 5678 9012 3456');
    expect(normaliseReceipt('1234 5678 9012 3456')).toBe('1234567890123456');
    expect(normaliseReceipt('1234-5678-9012-3456')).toBe('1234567890123456');
    expect(normaliseReceipt('1234 5678 9012 345')).toBeNull();
    expect(normaliseReceipt('1234 5678 9012 345a')).toBeNull();
  });

  it('are looked up by a keyed index that another key does not reproduce', () => {
    const a = createKeys(Buffer.alloc(32, 1));
    const b = createKeys(Buffer.alloc(32, 2));
    expect(receiptIndex(a, '1234567890123456')).toBe(receiptIndex(a, '1234567890123456'));
    expect(receiptIndex(a, '1234567890123456')).not.toBe(receiptIndex(b, '1234567890123456'));
  });
});

describe('the keyed hash of a client address', () => {
  it('is stable within a day of the configured zone and changes with the day', () => {
    const keys = createKeys(Buffer.alloc(32, 3));
    const zone = 'Asia/Ho_Chi_Minh';
    // 16:59 and 17:01 UTC are either side of midnight in Viet Nam (UTC+7).
    const before = addressHash(keys, '203.0.113.7', zone, new Date('2026-03-01T16:59:00Z'));
    const sameDay = addressHash(keys, '203.0.113.7', zone, new Date('2026-03-01T02:00:00Z'));
    const after = addressHash(keys, '203.0.113.7', zone, new Date('2026-03-01T17:01:00Z'));
    expect(before).toBe(sameDay);
    expect(after).not.toBe(before);
    expect(addressHash(keys, '203.0.113.8', zone, new Date('2026-03-01T02:00:00Z'))).not.toBe(sameDay);
    expect(before).not.toContain('203');
  });
});
