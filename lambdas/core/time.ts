import { parseIsoInstant } from './parse-instant';
import { addShanghaiDays, formatDay, fromShanghaiParts, formatMinute, parseDay, SHANGHAI_OFFSET_MINUTES, shanghaiDay, shanghaiParts } from './shanghai-clock';

/** People read times in Guangzhou's zone; storage stays UTC. */
export const DISPLAY_ZONE = 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai of an instant. */
export function shanghaiDate(at: Date): string {
  return shanghaiDay(at);
}

/** The hour (0–23) a clock in Guangzhou shows at an instant. */
export function shanghaiHour(at: Date): number {
  return shanghaiParts(at).hour;
}

/** "2026-11-29 08:05" in Asia/Shanghai, for people; an ISO time without an offset is UTC. */
export function formatShanghai(iso: string | null | undefined, withTime = true): string {
  if (!iso) return '';
  const parsed = parseIsoInstant(iso, 0);
  if (!parsed) return '';
  const parts = shanghaiParts(parsed.ms);
  return withTime ? formatMinute(parts) : formatDay(parts);
}

/** The Shanghai calendar day of an ISO instant (UTC when it states no offset); null when invalid. */
export function shanghaiDayOfIso(iso: string): string | null {
  const parsed = parseIsoInstant(iso, 0);
  return parsed ? shanghaiDay(parsed.ms) : null;
}

/** When a Shanghai calendar day (an ISO date, read in Beijing time) starts, as ISO 8601 UTC. */
export function shanghaiDayStart(day: string): string {
  return new Date(shanghaiMillis(day)).toISOString();
}

/** The moment a Shanghai calendar day shows `hour` o'clock, as ISO 8601 UTC. */
export function shanghaiDayAt(day: string, hour: number): string {
  const at = fromShanghaiParts({ ...shanghaiParts(shanghaiMillis(day)), hour });
  if (at === null) throw new RangeError(`not an hour: ${hour}`);
  return new Date(at).toISOString();
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a Shanghai calendar day; null when it is not one. */
export function shanghaiWeekday(day: string): number | null {
  const parsed = parseIsoInstant(day, SHANGHAI_OFFSET_MINUTES);
  return parsed ? shanghaiParts(parsed.ms).weekday : null;
}

/** The Shanghai calendar day `days` after (before, when negative) a day. */
export function addDays(day: string, days: number): string {
  return shanghaiDay(addShanghaiDays(shanghaiMillis(day), days));
}

function shanghaiMillis(day: string): number {
  const parsed = parseIsoInstant(day, SHANGHAI_OFFSET_MINUTES);
  if (!parsed) throw new RangeError(`not a calendar date: ${day}`);
  return parsed.ms;
}

/** Validates a YYYY-MM-DD calendar date; returns undefined when it is not one. */
export function parseCalendarDate(text: string): string | undefined {
  return parseDay(text) ? text : undefined;
}
