/**
 * ISO 8601 and RFC 2822 timestamps read exactly as luxon (which gzwatch used before, see
 * shanghai-clock.ts) read them, so stored data and feeds keep meaning what they meant;
 * test/unit/shanghai-clock.test.ts compares both with luxon over generated strings.
 */
import { isValidWallClock, partsAtOffset, wallClockToMillis, type WallClock } from './shanghai-clock';

export interface ParsedInstant {
  /** Epoch milliseconds. */
  ms: number;
  /** The UTC offset, in minutes, the text stated (or the default it was read in). */
  offsetMinutes: number;
}

/** ±hh[mm] as minutes; the minutes take the hours' sign, and "-00:30" is negative. */
function signedOffset(hours: string, minutes: string | undefined): number {
  const h = parseInt(hours, 10);
  const m = parseInt(minutes ?? '', 10) || 0;
  return h * 60 + (h < 0 || Object.is(h, -0) ? -m : m);
}

/**
 * Calendar dates with an optional time and offset: 2026-11-29, 2026-11-29T08:05:00.123+08:00,
 * 20261129T0805Z, 2026-11. Week dates (2026-W48-1), ordinal dates (2026-333), bare times and
 * bracketed zone names, which luxon also read, are refused: nothing gzwatch stores or reads is
 * written so.
 */
const ISO = /^([+-]\d{6}|\d{4})(?:-?(\d\d)(?:-?(\d\d))?)?(?:[Tt](\d\d)(?::?(\d\d)(?::?(\d\d)(?:[.,](\d{1,30}))?)?)?(?:([Zz])|([+-]\d\d)(?::?(\d\d))?)?)?$/;

/** An ISO 8601 instant; text without an offset is read at `defaultOffsetMinutes`. Null when invalid. */
export function parseIsoInstant(text: string, defaultOffsetMinutes: number): ParsedInstant | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const int = (s: string | undefined, fallback: number) => (s === undefined ? fallback : parseInt(s, 10));
  const w: WallClock = {
    year: int(m[1], 0),
    month: int(m[2], 1),
    day: int(m[3], 1),
    hour: int(m[4], 0),
    minute: int(m[5], 0),
    second: int(m[6], 0),
    millisecond: m[7] === undefined ? 0 : Math.floor(parseFloat(`0.${m[7]}`) * 1000),
  };
  if (!isValidWallClock(w)) return null;
  const offsetMinutes = m[8] ? 0 : m[9] ? signedOffset(m[9], m[10]) : defaultOffsetMinutes;
  return { ms: wallClockToMillis(w, offsetMinutes), offsetMinutes };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
/** RFC 822's North American zone names; "UT", though in the grammar, names no offset and is refused. */
const OBSOLETE_ZONES: Record<string, number> = { GMT: 0, EDT: -4 * 60, EST: -5 * 60, CDT: -5 * 60, CST: -6 * 60, MDT: -6 * 60, MST: -7 * 60, PDT: -7 * 60, PST: -8 * 60 };
const RFC2822 = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s)?(\d{1,2})\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s(\d{2,4})\s(\d\d):(\d\d)(?::(\d\d))?\s(?:(UT|GMT|[ECMP][SD]T)|([Zz])|(?:([+-]\d\d)(\d\d)))$/;

/**
 * A mail or feed date: "Tue, 01 Dec 2026 10:00:00 +0800", "1 Dec 26 10:00 GMT", "… EST", "… Z";
 * comments in parentheses and folded whitespace are ignored. Two-digit years above 60 are 19xx.
 * Null when invalid, including a weekday that does not match the date.
 */
export function parseRfc2822Instant(text: string): ParsedInstant | null {
  const cleaned = text.replace(/\([^()]*\)|[\n\t]/g, ' ').replace(/(\s\s+)/g, ' ').trim();
  const m = RFC2822.exec(cleaned);
  if (!m) return null;
  const [, weekday, day, month, year, hour, minute, second, obsolete, military, offHours, offMinutes] = m;
  const y = parseInt(year!, 10);
  const w: WallClock = {
    year: year!.length === 2 ? (y > 60 ? 1900 + y : 2000 + y) : y,
    month: MONTHS.indexOf(month!) + 1,
    day: parseInt(day!, 10),
    hour: parseInt(hour!, 10),
    minute: parseInt(minute!, 10),
    second: second ? parseInt(second, 10) : 0,
    millisecond: 0,
  };
  const offsetMinutes = obsolete ? OBSOLETE_ZONES[obsolete] : military ? 0 : signedOffset(offHours!, offMinutes);
  if (offsetMinutes === undefined || !isValidWallClock(w)) return null;
  const ms = wallClockToMillis(w, offsetMinutes);
  if (weekday && partsAtOffset(ms, offsetMinutes).weekday !== WEEKDAYS.indexOf(weekday) + 1) return null;
  return { ms, offsetMinutes };
}
