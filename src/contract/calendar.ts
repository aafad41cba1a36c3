// The calendar date, shared by the server and the web app. A "day" in Lantern is a
// day in the programme's time zone (LANTERN_TIMEZONE, Asia/Ho_Chi_Minh by default),
// never a UTC day by accident: from 17:00 UTC a browser in Viet Nam is already on
// the next day. Pure: no I/O, no Node-only APIs.

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA writes dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

let zone = DEFAULT_TIME_ZONE;

/** Sets the zone of "today" for this process (the server from LANTERN_TIMEZONE, the web app from the server). */
export function setCalendarZone(timeZone: string): void {
  if (!isTimeZone(timeZone))
    throw new Error(`Unknown time zone "${timeZone}" (use an IANA name such as Asia/Ho_Chi_Minh)`);
  zone = timeZone;
}

export function calendarZone(): string {
  return zone;
}

/** The calendar date (YYYY-MM-DD) of the instant `at` in `timeZone`. */
export function calendarDate(at: Date, timeZone: string = zone): string {
  return formatterFor(timeZone).format(at);
}

/** Today's date (YYYY-MM-DD) in the programme's time zone. */
export function today(now: Date = new Date()): string {
  return calendarDate(now);
}

/** The date `days` days after `date` (YYYY-MM-DD; negative goes back). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant a calendar day begins in `timeZone` (for comparing timestamps with days). */
export function zonedDayStart(date: string, timeZone: string = zone): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(y, m - 1, d);
  // The zone's offset at that moment (twice: the offset may change on that very day).
  let guess = utcMidnight - offsetMinutes(new Date(utcMidnight), timeZone) * 60_000;
  guess = utcMidnight - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

/** Minutes the zone is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}
