/**
 * Dates as Chinese news and government sites write them. Every site states Beijing time without
 * saying so, so a bare date or time is read in Asia/Shanghai and returned as ISO 8601 UTC.
 */
import { parseIsoInstant, parseRfc2822Instant } from './parse-instant';
import { DAY_MS, fromShanghaiParts, partsAtOffset, shanghaiParts } from './shanghai-clock';
import { shanghaiDayOfIso } from './time';

/** Dates outside this window are typos or placeholders (1970 epochs, 2099 expiry sentinels). */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/**
 * ISO 8601 UTC of an instant, or null when there is none or its year, as read where the text put
 * it (Beijing, the offset it stated, or for epochs and RFC 2822 the process's zone), is implausible.
 */
function toIso(ms: number | null, yearThere: (ms: number) => number): string | null {
  if (ms === null) return null;
  const year = yearThere(ms);
  return year < MIN_YEAR || year > MAX_YEAR ? null : new Date(ms).toISOString();
}

const beijingYear = (ms: number) => shanghaiParts(ms).year;
const localYear = (ms: number) => new Date(ms).getFullYear();
const beijingIso = (ms: number | null) => toIso(ms, beijingYear);

/** Builds a Beijing-time instant from parts; null for impossible dates such as 2024-02-30. */
function fromParts(y: string, mo: string, d: string, h?: string, mi?: string, s?: string): string | null {
  return beijingIso(fromShanghaiParts({ year: Number(y), month: Number(mo), day: Number(d), hour: Number(h ?? 0), minute: Number(mi ?? 0), second: Number(s ?? 0) }));
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
/** Milliseconds per unit; a day is 24 hours since Beijing has no daylight saving (shanghai-clock.ts). */
const AGO_UNIT_MS: Record<string, number> = { 秒: 1000, 分钟: 60_000, 分: 60_000, 小时: 3_600_000, 个小时: 3_600_000, 天: DAY_MS };
/** 11月26日 [10:05] with no year before it. */
const MONTH_DAY = /(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(\d{1,2})\s*[:时]\s*(\d{2}))?/;
/** 11-26 10:05 (lists that drop the year). The time is required: "3-5" alone is too often not a date. */
const MONTH_DAY_TIME = /(?<![\d\-/.])(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})(?![\d-])/;

/**
 * A month and day without a year: the most recent such day not after `now` (a list read on
 * 2 January showing 12月31日 means last year). Beijing time throughout.
 */
function latestNotAfter(now: number, month: number, day: number, hour = 0, minute = 0): string | null {
  const thisYear = shanghaiParts(now).year;
  for (const year of [thisYear, thisYear - 1]) {
    const at = fromShanghaiParts({ year, month, day, hour, minute });
    // 29 February falls back a year at most once; older leap days are not a list's "recent".
    if (at !== null && at <= now) return beijingIso(at);
  }
  return null;
}

/**
 * chrono's zh parser for 昨天 10:20, 前天, 今天, and Chinese numerals. It computes relative days in
 * the process's zone, so it is handed a reference whose local wall clock shows Beijing time, and
 * only the wall-clock components it returns are used (then placed in Beijing time here).
 */
function byChrono(text: string, now: number | null): string | null {
  const beijingAt = now ?? fromShanghaiParts({ year: 2000, month: 1, day: 1 })!;
  const beijing = shanghaiParts(beijingAt);
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
  if (!relative && !start.isCertain('year')) return latestNotAfter(beijingAt, month, day, hour, minute);
  return beijingIso(fromShanghaiParts({ year: start.get('year') ?? beijing.year, month, day, hour, minute }));
}

/** Dates written relative to the moment of reading, or without their year; null without `now`. */
function relativeDate(t: string, now: Date | undefined): string | null {
  const beijing = now ? now.getTime() : null;
  if (beijing !== null) {
    if (/刚刚|刚才/.test(t)) return beijingIso(beijing);
    const ago = AGO.exec(t);
    if (ago) return beijingIso(beijing - AGO_UNIT_MS[ago[2]!]! * Number(ago[1]));
  }
  if (RELATIVE_DAY.test(t) || CHINESE_NUMERAL_DATE.test(t)) return byChrono(t, beijing);
  if (beijing === null) return null;
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
  if (/^\d{10}(\.\d+)?$/.test(t)) return toIso(Number(t) * 1000, localYear);
  if (/^\d{13}$/.test(t)) return toIso(Number(t), localYear);

  let m = GOVCN.exec(t);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  const zoned = ISO_ZONED.exec(t);
  if (zoned) {
    const parsed = parseIsoInstant(zoned[0], 0);
    return toIso(parsed?.ms ?? null, (ms) => partsAtOffset(ms, parsed!.offsetMinutes).year);
  }
  m = NUMERIC.exec(t);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  m = CHINESE.exec(t);
  if (m) return fromParts(m[1]!, m[2]!, m[3]!, m[4], m[5], m[6]);
  // Feeds: "Fri, 05 Jan 2024 10:00:00 +0800".
  const rfc = toIso(parseRfc2822Instant(t)?.ms ?? null, localYear);
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
  return shanghaiDayOfIso(iso) ?? '';
}
