// Public routes never store or log the client's address. To rate-limit them, the address is
// replaced by a keyed hash whose key changes every day (of LANTERN_TIMEZONE): HMAC(daily key,
// address), the daily key derived from the master key and the date. A hash cannot be reversed
// without the master key, and yesterday's hashes match nothing of today's.
import crypto from 'node:crypto';
import { calendarDate } from '../contract/calendar.js';
import type { Keys } from '../platform/keys.js';

/** The keyed hash of `address` for the day `now` falls on in `timeZone`. */
export function addressHash(
  keys: Keys,
  address: string | null | undefined,
  timeZone: string,
  now = new Date(),
): string {
  const dailyKey = keys.blindIndex(`public-address-key:${calendarDate(now, timeZone)}`);
  return crypto
    .createHmac('sha256', dailyKey)
    .update(address ?? 'unknown')
    .digest('hex')
    .slice(0, 32);
}
