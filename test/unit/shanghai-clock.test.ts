/**
 * Oracle test: shanghai-clock.ts, parse-instant.ts and the date code built on them must agree with
 * luxon (a devDependency kept for this) over many generated inputs, valid and invalid.
 */
import { DateTime, FixedOffsetZone } from 'luxon';
import * as reference from '../helpers/luxon-dates-reference';
import { beijingDay, dateFromUrl, parseChineseDate } from '../../lambdas/core/dates';
import { trendDays } from '../../lambdas/core/digest/compose-digest';
import { parseIsoInstant, parseRfc2822Instant } from '../../lambdas/core/parse-instant';
import { fromShanghaiParts, shanghaiParts } from '../../lambdas/core/shanghai-clock';
import { addDays, formatShanghai, parseCalendarDate, shanghaiDate, shanghaiDayOfIso, shanghaiDayAt, shanghaiDayStart, shanghaiHour, shanghaiWeekday } from '../../lambdas/core/time';

const ZONE = 'Asia/Shanghai';

/** Deterministic, so a failure names inputs that reproduce it. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(16);
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const FROM_1992 = Date.UTC(1992, 0, 1);
const TO_2100 = Date.UTC(2100, 11, 31, 23, 59, 59, 999);
const randomInstant = () => FROM_1992 + Math.floor(random() * (TO_2100 - FROM_1992));

function luxonParts(ms: number) {
  const dt = DateTime.fromMillis(ms).setZone(ZONE);
  return { year: dt.year, month: dt.month, day: dt.day, hour: dt.hour, minute: dt.minute, second: dt.second, millisecond: dt.millisecond, weekday: dt.weekday };
}

/** Random instants 1992–2100, then every hour boundary of days around year ends, leap days and month ends. */
const instants: number[] = Array.from({ length: 5000 }, randomInstant);
for (const [y, m, d] of [[1999, 12, 31], [2000, 2, 28], [2000, 2, 29], [2024, 2, 29], [2026, 11, 30], [2026, 12, 31], [2100, 2, 28]] as const) {
  const start = Date.UTC(y, m - 1, d) - 8 * 3_600_000;
  for (let h = -2; h <= 26; h++) for (const delta of [-1, 0, 1]) instants.push(start + h * 3_600_000 + delta);
}

describe('Shanghai calendar parts of an instant', () => {
  test('match luxon, weekday included', () => {
    for (const ms of instants) expect([ms, shanghaiParts(ms)]).toEqual([ms, luxonParts(ms)]);
  });

  test('day, hour and the people-facing format match luxon', () => {
    for (const ms of instants) {
      const at = new Date(ms);
      const dt = DateTime.fromJSDate(at).setZone(ZONE);
      expect([ms, shanghaiDate(at), shanghaiHour(at)]).toEqual([ms, dt.toISODate(), dt.hour]);
      const iso = at.toISOString();
      expect([iso, formatShanghai(iso), formatShanghai(iso, false)]).toEqual([iso, dt.toFormat('yyyy-LL-dd HH:mm'), dt.toFormat('yyyy-LL-dd')]);
    }
  });
});

describe('instants from Shanghai wall-clock parts', () => {
  test('month ends, leap days and impossible dates and times are valid exactly when luxon says so', () => {
    let checked = 0;
    for (let year = 1992; year <= 2100; year++) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 27, 28, 29, 30, 31, 32]) {
          const [hour, minute, second] = pick([[0, 0, 0], [23, 59, 59], [24, 0, 0], [24, 0, 1], [24, 1, 0], [25, 0, 0], [12, 60, 0], [12, 0, 60], [-1, 0, 0]] as const);
          const parts = { year, month, day, hour, minute, second };
          const dt = DateTime.fromObject(parts, { zone: ZONE });
          expect([parts, fromShanghaiParts(parts)]).toEqual([parts, dt.isValid ? dt.toMillis() : null]);
          checked++;
        }
      }
    }
    expect(checked).toBe(109 * 14 * 8);
  });

  test('YYYY-MM-DD validation, weekdays, day starts and added days match luxon', () => {
    for (let i = 0; i < 3000; i++) {
      const text = `${int(1992, 2100)}-${pad(int(0, 13))}-${pad(int(0, 32))}`;
      const dt = DateTime.fromISO(text, { zone: ZONE });
      expect([text, parseCalendarDate(text)]).toEqual([text, dt.isValid ? text : undefined]);
      expect([text, shanghaiWeekday(text)]).toEqual([text, dt.isValid ? dt.weekday : null]);
      if (!dt.isValid) continue;
      const hour = int(0, 23);
      expect([text, hour, shanghaiDayAt(text, hour)]).toEqual([text, hour, dt.set({ hour }).toUTC().toISO()]);
      const n = int(-400, 400);
      expect([text, n, shanghaiDayStart(text), addDays(text, n)]).toEqual([text, n, dt.toUTC().toISO(), dt.plus({ days: n }).toISODate()]);
      const days = trendDays(text);
      expect(days.length).toBeGreaterThan(1);
      expect(days).toEqual(days.map((_, k) => dt.minus({ days: days.length - 1 - k }).toISODate()));
    }
  });
});

function randomIso(): string {
  const sep = pick(['-', '']);
  const date = pick([
    () => `${int(1992, 2100)}`,
    () => `${int(1992, 2100)}-${pad(int(0, 13))}`,
    () => `${int(1992, 2100)}${sep}${pad(int(0, 13))}${sep}${pad(int(0, 32))}`,
    () => `+00${int(1992, 2100)}-${pad(int(1, 12))}-${pad(int(1, 28))}`,
  ])();
  if (random() < 0.15) return date;
  const tsep = pick([':', '']);
  const time = pick([
    () => pad(int(0, 25)),
    () => `${pad(int(0, 24))}${tsep}${pad(int(0, 60))}`,
    () => `${pad(int(0, 24))}${tsep}${pad(int(0, 60))}${tsep}${pad(int(0, 60))}`,
    () => `${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}${pick(['.', ','])}${String(int(0, 99999)).padStart(int(1, 7), '0')}`,
    () => '24:00:00.000',
  ])();
  const offset = pick(['', 'Z', 'z', '+08:00', '+0800', '+08', '-05:00', '-0330', '+14:00', '-00:30', '+05:45', '-12', '+99:99']);
  return `${date}${pick(['T', 't'])}${time}${offset}`;
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function randomRfc2822(): string {
  const year = int(1992, 2100);
  const month = int(1, 12);
  const day = int(1, random() < 0.9 ? 28 : 32);
  const rightWeekday = DAY_NAMES[(new Date(Date.UTC(year, month - 1, Math.min(day, 28))).getUTCDay() + 6) % 7]!;
  const weekday = pick(['', `${rightWeekday}, `, `${rightWeekday}, `, `${pick(DAY_NAMES)}, `, `${rightWeekday},  `]);
  const yearText = pick([String(year), String(year).slice(2), String(year).slice(2), `0${String(year).slice(2)}`]);
  const time = `${pad(int(0, random() < 0.9 ? 23 : 25))}:${pad(int(0, 59))}${pick(['', `:${pad(int(0, 60))}`])}`;
  const zone = pick(['+0800', '+0800', '-0500', '+0000', '-0330', '+1400', 'GMT', 'UT', 'EST', 'EDT', 'CST', 'CDT', 'MST', 'MDT', 'PST', 'PDT', 'Z', 'z', 'CET', '+08:00']);
  const dayText = random() < 0.5 ? String(day) : pad(day);
  const text = `${weekday}${dayText} ${pick(MONTH_NAMES)} ${yearText} ${time} ${zone}`;
  return pick([text, text, ` ${text} (comment)`, text.replace(' ', '\t'), text.replace(' ', '\n '), text.toLowerCase()]);
}

describe('reading ISO 8601 and RFC 2822 text', () => {
  test('ISO instants and their offsets match luxon, with and without a default offset', () => {
    for (let i = 0; i < 6000; i++) {
      const text = randomIso();
      for (const offset of [0, 480]) {
        const dt = DateTime.fromISO(text, { zone: FixedOffsetZone.instance(offset), setZone: true });
        expect([text, offset, parseIsoInstant(text, offset)]).toEqual([text, offset, dt.isValid ? { ms: dt.toMillis(), offsetMinutes: dt.offset } : null]);
      }
      const dt = DateTime.fromISO(text, { zone: 'utc' }).setZone(ZONE);
      expect([text, formatShanghai(text), shanghaiDayOfIso(text)]).toEqual([text, dt.isValid ? dt.toFormat('yyyy-LL-dd HH:mm') : '', dt.isValid ? dt.toISODate() : null]);
    }
  });

  test('RFC 2822 dates, obsolete zone names and wrong weekdays match luxon', () => {
    for (let i = 0; i < 6000; i++) {
      const text = randomRfc2822();
      const dt = DateTime.fromRFC2822(text, { setZone: true });
      expect([text, parseRfc2822Instant(text)]).toEqual([text, dt.isValid ? { ms: dt.toMillis(), offsetMinutes: dt.offset } : null]);
    }
  });
});

describe('parseChineseDate, dateFromUrl and beijingDay agree with the luxon version', () => {
  const EPOCH_EDGES = [Date.UTC(1989, 11, 31, 15, 59, 59), Date.UTC(1989, 11, 31, 16), Date.UTC(1990, 0, 1), Date.UTC(2100, 11, 31, 15, 59, 59), Date.UTC(2100, 11, 31, 16), Date.UTC(2101, 0, 1)];

  /** Not 1990–1991: see the last test. */
  const pageYear = () => pick([int(1992, 2102), 1989, 2100, 2101]);
  /** From 1993, so that a date without its year is never read as 1991's. */
  const readingTime = () => new Date(pick([Date.UTC(1993, 0, 1) + Math.floor(random() * (TO_2100 - Date.UTC(1993, 0, 1))), Date.UTC(2026, 0, 1, 16, 30), Date.UTC(2024, 1, 29, 3)]));

  function randomText(): string {
    const y = pageYear();
    const parts = `${pad(int(0, 13))}`;
    return pick([
      () => String(Math.floor(randomInstant() / 1000)),
      () => `${Math.floor(randomInstant() / 1000)}.${int(0, 999)}`,
      () => String(randomInstant()),
      () => String(pick(EPOCH_EDGES)),
      () => String(Math.floor(pick(EPOCH_EDGES) / 1000)),
      () => `发布时间：${y}-${parts}-${pad(int(0, 32))} ${pad(int(0, 24))}:${pad(int(0, 60))}`,
      () => `${y}/${int(1, 12)}/${int(1, 31)}`,
      () => `${y}.${int(1, 12)}.${int(1, 31)}T${int(0, 24)}:${pad(int(0, 59))}:${pad(int(0, 59))}`,
      () => `${y}-${int(1, 12)}-${int(1, 31)}-${pad(int(0, 24))}:${pad(int(0, 59))}:${pad(int(0, 59))}`,
      () => `${y}年${int(1, 13)}月${int(1, 32)}日 ${int(0, 24)}时${int(0, 60)}分`,
      () => `来源：新华社 ${randomIso()}`,
      () => randomIso().replace(/^(\d{4})(\d\d)(\d\d)/, '$1-$2-$3'),
      () => randomRfc2822(),
      () => pick(['刚刚', '3小时前', '20分钟前', `${int(0, 999)}天前`, '30秒前', '5个小时前']),
      () => `${int(1, 12)}月${int(1, 31)}日 ${int(0, 24)}:${pad(int(0, 59))}`,
      () => `${int(1, 12)}-${int(1, 31)} ${int(0, 24)}:${pad(int(0, 59))}`,
      () => pick(['昨天 10:20', '前天', '今天 08:00', '二〇二六年十一月二十六日', '十二月三十一日']),
      () => pick(['1989-12-31 23:59', '1990-01-01 00:00', '1990-01-01', '2100-12-31 23:59', '2100-12-31 24:00', '2101-01-01', '2000-02-29', '2100-02-29']),
      () => 'no date here',
    ])();
  }

  test('over generated page texts, with and without the moment of reading', () => {
    for (let i = 0; i < 4000; i++) {
      const text = randomText();
      const now = random() < 0.3 ? undefined : readingTime();
      expect([text, now, parseChineseDate(text, now)]).toEqual([text, now, reference.parseChineseDate(text, now)]);
    }
  });

  test('over URL days and ISO days', () => {
    for (let i = 0; i < 2000; i++) {
      const url = `https://news.example.cn/${pick([`${pageYear()}${pad(int(0, 13))}/${pad(int(0, 32))}/`, `t${pageYear()}${pad(int(0, 13))}${pad(int(0, 32))}_1.html`])}a.html`;
      expect([url, dateFromUrl(url)]).toEqual([url, reference.dateFromUrl(url)]);
      const iso = randomIso();
      expect([iso, beijingDay(iso)]).toEqual([iso, reference.beijingDay(iso)]);
    }
  });
});

test('the one difference: a fixed +08:00 ignores the summer hour China kept in 1990 and 1991, before any page gzwatch reads', () => {
  expect(parseChineseDate('1991-07-17')).toBe('1991-07-16T16:00:00.000Z');
  expect(reference.parseChineseDate('1991-07-17')).toBe('1991-07-16T15:00:00.000Z');
  expect(parseChineseDate('1991-12-17')).toBe(reference.parseChineseDate('1991-12-17'));
});
