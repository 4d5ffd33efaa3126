/**
 * The luxon-based lambdas/core/dates.ts as it was before shanghai-clock.ts replaced luxon, kept
 * unchanged below this comment as the oracle test/unit/shanghai-clock.test.ts compares it with.
 */
/**
 * Dates as Chinese news and government sites write them. Every site states Beijing time without
 * saying so, so a bare date or time is read in Asia/Shanghai and returned as ISO 8601 UTC.
 */
import { DateTime } from 'luxon';

const ZONE = 'Asia/Shanghai';
/** Dates outside this window are typos or placeholders (1970 epochs, 2099 expiry sentinels). */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

function toIso(dt: DateTime): string | null {
  if (!dt.isValid || dt.year < MIN_YEAR || dt.year > MAX_YEAR) return null;
  return dt.toUTC().toISO();
}

/** Builds a Beijing-time instant from parts; null for impossible dates such as 2024-02-30. */
function fromParts(y: string, mo: string, d: string, h?: string, mi?: string, s?: string): string | null {
  return toIso(
    DateTime.fromObject(
      { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0) },
      { zone: ZONE },
    ),
  );
}

/** Full-width digits and punctuation occur in hand-typed government pages. */
function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[：]/g, ':')
    .replace(/[－]/g, '-')
    .replace(/[／]/g, '/')
    .replace(/[\u3000\u00a0]/g, ' ');
}

const GOVCN = /(\d{4})-(\d{1,2})-(\d{1,2})-(\d{1,2}):(\d{2}):(\d{2})/;
const ISO_ZONED = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})/;
const NUMERIC = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?/;
const CHINESE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2}))?)?/;

/** 二〇二六年, 十一月, 二十六日: the numerals government pages print dates in (read by chrono's zh parser). */
const CHINESE_NUMERAL_DATE = /[〇零一二三四五六七八九十]{1,4}\s*月\s*[〇零一二三四五六七八九十]{1,3}\s*日|[〇零一二三四五六七八九]{4}\s*年/;
/** Words chrono's zh parser reads relative to the reference day. */
const RELATIVE_DAY = /(今天|今日|昨天|昨日|前天|前日)/;
/** 3小时前, 20分钟前, 2天前, 30秒前 (chrono does not read these). */
const AGO = /(\d{1,3})\s*(秒|分钟|分|小时|个小时|天)\s*前/;
const AGO_UNIT: Record<string, 'seconds' | 'minutes' | 'hours' | 'days'> = { 秒: 'seconds', 分钟: 'minutes', 分: 'minutes', 小时: 'hours', 个小时: 'hours', 天: 'days' };
/** 11月26日 [10:05] with no year before it. */
const MONTH_DAY = /(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})\s*[:时]\s*(\d{2}))?/;
/** 11-26 10:05 (lists that drop the year). The time is required: "3-5" alone is too often not a date. */
const MONTH_DAY_TIME = /(?<![\d\-/.])(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?![\d-])/;

/**
 * A month and day without a year: the most recent such day not after `now` (a list read on
 * 2 January showing 12月31日 means last year). Beijing time throughout.
 */
function latestNotAfter(now: DateTime, month: number, day: number, hour = 0, minute = 0): string | null {
  for (const year of [now.year, now.year - 1]) {
    const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone: ZONE });
    // 29 February falls back a year at most once; older leap days are not a list's "recent".
    if (dt.isValid && dt <= now) return toIso(dt);
  }
  return null;
}

/**
 * chrono's zh parser for 昨天 10:20, 前天, 今天, and Chinese numerals. It computes relative days in
 * the process's zone, so it is handed a reference whose local wall clock shows Beijing time, and
 * only the wall-clock components it returns are used (then placed in Beijing time here).
 */
function byChrono(text: string, now: DateTime | null): string | null {
  const beijing = now ?? DateTime.fromObject({ year: 2000 }, { zone: ZONE });
  const reference = new Date(beijing.year, beijing.month - 1, beijing.day, beijing.hour, beijing.minute, beijing.second);
  // Required on first use: most pages date themselves in digits, read above without chrono, and in
  // the Lambda chrono-node is a separate file (lib/bundling.ts LAZY_PACKAGES) they never read.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const chrono = require('chrono-node') as typeof import('chrono-node');
  const found = chrono.zh.parse(text, reference)[0];
  if (!found) return null;
  const start = found.start;
  const relative = RELATIVE_DAY.test(found.text);
  // Without a reference time, only a fully written date (with its year) can be trusted.
  if (!now && (relative || !start.isCertain('year'))) return null;
  const hour = start.isCertain('hour') ? start.get('hour') ?? 0 : 0;
  const minute = start.isCertain('minute') ? start.get('minute') ?? 0 : 0;
  const month = start.get('month');
  const day = start.get('day');
  if (!month || !day) return null;
  if (!relative && !start.isCertain('year')) return latestNotAfter(beijing, month, day, hour, minute);
  return toIso(DateTime.fromObject({ year: start.get('year') ?? beijing.year, month, day, hour, minute }, { zone: ZONE }));
}

/** Dates written relative to the moment of reading, or without their year; null without `now`. */
function relativeDate(t: string, now: Date | undefined): string | null {
  const beijing = now ? DateTime.fromJSDate(now).setZone(ZONE) : null;
  if (beijing) {
    if (/刚刚|刚才/.test(t)) return toIso(beijing);
    const ago = AGO.exec(t);
    if (ago) return toIso(beijing.minus({ [AGO_UNIT[ago[2]!]!]: Number(ago[1]) }));
  }
  if (RELATIVE_DAY.test(t) || CHINESE_NUMERAL_DATE.test(t)) return byChrono(t, beijing);
  if (!beijing) return null;
  let m = MONTH_DAY.exec(t);
  if (m) return latestNotAfter(beijing, Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0));
  m = MONTH_DAY_TIME.exec(t);
  if (m) return latestNotAfter(beijing, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]));
  return null;
}

/**
 * Reads the first date in `text`: `YYYY-MM-DD[ HH:mm[:ss]]`, `YYYY/MM/DD`, `YYYY年M月D日[ HH:mm]`,
 * gov.cn's `YYYY-MM-DD-HH:mm:ss`, ISO with an offset, RFC 2822, a whole string of epoch seconds
 * (10 digits) or milliseconds (13 digits), Chinese numerals (二〇二六年十一月二十六日), and — given
 * `now`, the moment the page was read — 刚刚, 3小时前, 昨天 10:20, 前天, 11月26日 and 11-26 10:05.
 * Returns ISO 8601 UTC or null.
 */
export function parseChineseDate(text: string, now?: Date): string | null {
  const t = toHalfWidth(String(text)).trim();
  if (!t) return null;
  if (/^\d{10}(\.\d+)?$/.test(t)) return toIso(DateTime.fromSeconds(Number(t)));
  if (/^\d{13}$/.test(t)) return toIso(DateTime.fromMillis(Number(t)));

  let m = GOVCN.exec(t);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  const zoned = ISO_ZONED.exec(t);
  if (zoned) return toIso(DateTime.fromISO(zoned[0], { setZone: true }));
  m = NUMERIC.exec(t);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  m = CHINESE.exec(t);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  // Feeds: "Fri, 05 Jan 2024 10:00:00 +0800".
  const rfc = toIso(DateTime.fromRFC2822(t));
  return rfc ?? relativeDate(t, now);
}

const URL_PATTERNS: RegExp[] = [
  /\/(\d{4})(\d{2})\/(\d{2})\//, // /202401/05/   dayoo, nfapp
  /\/(\d{4})-(\d{2})\/(\d{2})\//, // /2024-01/05/  ycwb, old southcn
  /\/\d{4}\/(\d{4})-(\d{2})-(\d{2})\//, // /2024/2024-01-05/  chinanews
  /\/t(\d{4})(\d{2})(\d{2})_/, // /t20240105_   cnr
  /\/(\d{4})(\d{2})(\d{2})\//, // /20240105/    21jingji, cnr
];

/** The publication day an article URL carries in its path (Beijing midnight, as UTC), or null. */
export function dateFromUrl(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    pathname = url.split(/[?#]/)[0] ?? '';
  }
  for (const pattern of URL_PATTERNS) {
    const m = pattern.exec(pathname);
    if (!m) continue;
    const iso = fromParts(m[1]!, m[2]!, m[3]!);
    if (iso) return iso;
  }
  return null;
}

/** The Beijing calendar day (YYYY-MM-DD) of an ISO instant, for comparing a URL day with a timestamp. */
export function beijingDay(iso: string): string {
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(ZONE).toISODate() ?? '';
}
