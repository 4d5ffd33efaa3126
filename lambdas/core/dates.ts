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

/**
 * Reads the first date in `text`: `YYYY-MM-DD[ HH:mm[:ss]]`, `YYYY/MM/DD`, `YYYY年M月D日[ HH:mm]`,
 * gov.cn's `YYYY-MM-DD-HH:mm:ss`, ISO with an offset, RFC 2822, or a whole string of epoch
 * seconds (10 digits) or milliseconds (13 digits). Returns ISO 8601 UTC or null.
 */
export function parseChineseDate(text: string): string | null {
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
  return toIso(DateTime.fromRFC2822(t));
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
