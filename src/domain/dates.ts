/** ISO calendar dates (YYYY-MM-DD) and month-days (MM-DD), checked against the real calendar. */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** Milliseconds of a UTC calendar date; unlike Date.UTC, years 0–99 are not taken as 1900–1999. */
function utcMs(y: number, m0: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m0, d);
  return t.getTime();
}

function daysInMonth(y: number, m: number): number {
  return new Date(utcMs(y, m, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a real ISO date, or null. */
export function isoDayNumber(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = ISO.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return utcMs(y, mo - 1, d) / 86_400_000;
}

export function isIsoDate(s: unknown): boolean {
  return isoDayNumber(s) !== null;
}

/** A month-day that exists in some year (02-29 does). */
export function isMonthDay(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = MONTH_DAY.exec(s.trim());
  if (!m) return false;
  const [mo, d] = [Number(m[1]), Number(m[2])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(2000, mo);
}

/** The ISO date of a day number. */
export function isoFromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** Today's ISO date in a time zone (the product's home is Asia/Shanghai). */
export function todayIso(now: Date = new Date(), timeZone = 'Asia/Shanghai'): string {
  // China has kept UTC+8 without daylight saving since 1991: no need to load the time-zone database (a fifth of a command's start-up).
  if (timeZone === 'Asia/Shanghai' && now.getTime() >= Date.UTC(1992, 0, 1))
    return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  try {
    // formatToParts, not format(): what a locale prints differs between ICU versions (en-CA gave M/D/YYYY with ICU 72).
    const p: Record<string, string> = {};
    for (const x of new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now))
      p[x.type] = x.value;
    return `${p.year.padStart(4, '0')}-${p.month}-${p.day}`;
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

const EXCEL_EPOCH_DAY = -25569; // 1899-12-30, day 0 of spreadsheet date serials, as days since 1970-01-01

/** The day number of a spreadsheet date serial, or null (not a number, or outside the years 1900–9999). */
export function serialDayNumber(v: unknown): number | null {
  return typeof v === 'number' && v > 1 && v < 2958466 ? Math.floor(v) + EXCEL_EPOCH_DAY : null;
}
