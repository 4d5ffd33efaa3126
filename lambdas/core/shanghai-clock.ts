/**
 * Asia/Shanghai wall-clock arithmetic on plain Date, without a time-zone library.
 *
 * China has kept UTC+8 with no daylight saving since September 1991, so a fixed +08:00 offset is
 * exact for every date gzwatch handles: its parsers accept nothing before 1990, and the one
 * difference from the tz database, the summer hour of 1990 and 1991, predates every page it reads.
 *
 * This replaced luxon, whose 70 KB cost every cold start about a tenth of the DynamoDB-only
 * floor's load time (issue 16); test/unit/shanghai-clock.test.ts compares it with luxon.
 */

export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** A wall clock and its ISO weekday (1 = Monday … 7 = Sunday). */
export interface CalendarParts extends WallClock {
  weekday: number;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Whether the parts name a real moment: 2024-02-30 and 10:60 do not. 24:00:00.000 does (the next
 * day's midnight), as ISO 8601 allows.
 */
export function isValidWallClock(w: WallClock): boolean {
  const ints = [w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond].every(Number.isInteger);
  if (!ints || w.month < 1 || w.month > 12 || w.day < 1 || w.day > daysInMonth(w.year, w.month)) return false;
  const endOfDay = w.hour === 24 && w.minute === 0 && w.second === 0 && w.millisecond === 0;
  return (endOfDay || (w.hour >= 0 && w.hour <= 23)) && w.minute >= 0 && w.minute <= 59 && w.second >= 0 && w.second <= 59 && w.millisecond >= 0 && w.millisecond <= 999;
}

/** Epoch milliseconds of a wall clock read at a UTC offset; no validation (24:00 rolls over). */
export function wallClockToMillis(w: WallClock, offsetMinutes: number): number {
  // setUTCFullYear, not Date.UTC, which reads years 0–99 as 1900–1999.
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, w.millisecond);
  return d.getTime() - offsetMinutes * MINUTE_MS;
}

/** The wall clock an instant shows at a UTC offset. */
export function partsAtOffset(ms: number, offsetMinutes: number): CalendarParts {
  const d = new Date(ms + offsetMinutes * MINUTE_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay() || 7,
  };
}

/** What a clock in Guangzhou shows at an instant. */
export function shanghaiParts(at: Date | number): CalendarParts {
  return partsAtOffset(typeof at === 'number' ? at : at.getTime(), SHANGHAI_OFFSET_MINUTES);
}

/** The instant (epoch ms) a Guangzhou clock shows these parts; null for impossible ones such as 02-30. */
export function fromShanghaiParts(parts: Partial<WallClock> & Pick<WallClock, 'year' | 'month' | 'day'>): number | null {
  const w: WallClock = { hour: 0, minute: 0, second: 0, millisecond: 0, ...parts };
  return isValidWallClock(w) ? wallClockToMillis(w, SHANGHAI_OFFSET_MINUTES) : null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY-MM-DD of the parts. */
export function formatDay(p: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** YYYY-MM-DD HH:mm of the parts. */
export function formatMinute(p: WallClock): string {
  return `${formatDay(p)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** The Shanghai calendar day (YYYY-MM-DD) of an instant. */
export function shanghaiDay(at: Date | number): string {
  return formatDay(shanghaiParts(at));
}

/** The parts of a strict YYYY-MM-DD that names a real day, else null. */
export function parseDay(text: string): Pick<WallClock, 'year' | 'month' | 'day'> | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return fromShanghaiParts(day) === null ? null : day;
}

/** The instant a Shanghai day starts (its local midnight). */
export function startOfShanghaiDay(at: Date | number): number {
  const p = shanghaiParts(at);
  return wallClockToMillis({ year: p.year, month: p.month, day: p.day, hour: 0, minute: 0, second: 0, millisecond: 0 }, SHANGHAI_OFFSET_MINUTES);
}

/** The same Shanghai wall-clock time `days` calendar days later (earlier when negative). */
export function addShanghaiDays(at: Date | number, days: number): number {
  // Exact because the offset never changes: a calendar day is always 24 hours there.
  return (typeof at === 'number' ? at : at.getTime()) + days * DAY_MS;
}
