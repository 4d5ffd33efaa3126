/**
 * Moves the dates a fixture page prints by a whole number of days, so fixtures written on one day
 * read as fresh news on any later day (the demo's digest leaves out documents older than 72 hours
 * when first seen). URLs are left as they are (their dates name fixture files), and so are dates
 * long before the fixtures' day (a policy of 2021 cited in a text stays a policy of 2021).
 */
const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Dates this long before the anchor are history, not the fixtures' news: left alone. */
const HISTORY_DAYS = 120;

const TOKEN = new RegExp(
  [
    // URLs and paths (kept): absolute, protocol-relative, root-relative, JSON-escaped.
    String.raw`(?<url>(?:https?:)?\\?\/[^\s"'<>]*)`,
    String.raw`(?<iso>(?<!\d)(?<y>\d{4})(?<sep>[-/.])(?<m>\d{1,2})\k<sep>(?<d>\d{1,2})(?!\d))`,
    String.raw`(?<cn>(?<cy>\d{4})年(?<cm>\d{1,2})月(?<cd>\d{1,2})日)`,
    String.raw`(?<rfc>(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?<rd>\d{1,2}) (?<rm>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<ry>\d{4}))`,
    String.raw`(?<epoch>(?<!\d)1[6-9]\d{8}(?:\d{3})?(?!\d))`,
  ].join('|'),
  'g',
);

function pad(value: number, like: string): string {
  return String(value).padStart(like.length, '0');
}

export function shiftDates(text: string, anchorDay: string, days: number): string {
  if (days === 0) return text;
  const anchor = Date.parse(`${anchorDay}T00:00:00Z`);
  const inRange = (t: number) => t >= anchor - HISTORY_DAYS * DAY_MS && t <= anchor + 400 * DAY_MS;
  const moved = (y: number, m: number, d: number): Date | undefined => {
    const t = Date.UTC(y, m - 1, d);
    const date = new Date(t);
    if (date.getUTCMonth() !== m - 1 || !inRange(t)) return undefined;
    return new Date(t + days * DAY_MS);
  };
  return text.replace(TOKEN, (whole, ...args) => {
    const g = args[args.length - 1] as Record<string, string | undefined>;
    if (g.url !== undefined) return whole;
    if (g.iso !== undefined) {
      const to = moved(Number(g.y), Number(g.m), Number(g.d));
      return to ? `${to.getUTCFullYear()}${g.sep}${pad(to.getUTCMonth() + 1, g.m!)}${g.sep}${pad(to.getUTCDate(), g.d!)}` : whole;
    }
    if (g.cn !== undefined) {
      const to = moved(Number(g.cy), Number(g.cm), Number(g.cd));
      return to ? `${to.getUTCFullYear()}年${pad(to.getUTCMonth() + 1, g.cm!)}月${pad(to.getUTCDate(), g.cd!)}日` : whole;
    }
    if (g.rfc !== undefined) {
      const to = moved(Number(g.ry), MONTHS.indexOf(g.rm!) + 1, Number(g.rd));
      return to ? `${WEEKDAYS[to.getUTCDay()]}, ${pad(to.getUTCDate(), g.rd!)} ${MONTHS[to.getUTCMonth()]} ${to.getUTCFullYear()}` : whole;
    }
    const n = Number(whole);
    const ms = whole.length === 13 ? n : n * 1000;
    if (!inRange(ms)) return whole;
    const shifted = ms + days * DAY_MS;
    return String(whole.length === 13 ? shifted : Math.round(shifted / 1000));
  });
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
