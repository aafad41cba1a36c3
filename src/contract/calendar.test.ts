import { describe, expect, it } from 'vitest';
import { addDays, calendarDate, isTimeZone, today, zonedDayStart } from './calendar.js';

describe('the calendar date in the programme time zone', () => {
  it('is already the next day in Viet Nam from 17:00 UTC', () => {
    expect(calendarDate(new Date('2026-11-30T16:59:59Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-11-30');
    expect(calendarDate(new Date('2026-11-30T17:00:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-01');
    expect(calendarDate(new Date('2026-11-30T23:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2026-12-01');
  });

  it('follows the zone it is given', () => {
    expect(calendarDate(new Date('2026-11-30T23:30:00Z'), 'UTC')).toBe('2026-11-30');
    expect(calendarDate(new Date('2026-12-01T02:00:00Z'), 'America/New_York')).toBe('2026-11-30');
  });

  it("defaults to Viet Nam's zone for today", () => {
    expect(today(new Date('2026-12-31T18:00:00Z'))).toBe('2027-01-01');
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('the start of a day in a zone', () => {
  it('is 17:00 UTC the evening before in Viet Nam', () => {
    expect(zonedDayStart('2026-12-01', 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(zonedDayStart('2026-12-01', 'UTC').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('follows daylight saving where a zone has it', () => {
    expect(zonedDayStart('2026-07-01', 'Europe/Paris').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(zonedDayStart('2026-01-15', 'Europe/Paris').toISOString()).toBe('2026-01-14T23:00:00.000Z');
  });
});
