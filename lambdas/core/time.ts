import { DateTime } from 'luxon';

/** People read times in Guangzhou's zone; storage stays UTC. */
export const DISPLAY_ZONE = 'Asia/Shanghai';

/** The calendar date (YYYY-MM-DD) in Asia/Shanghai of an instant. */
export function shanghaiDate(at: Date): string {
  return DateTime.fromJSDate(at).setZone(DISPLAY_ZONE).toISODate()!;
}

/** "2026-11-29 08:05" in Asia/Shanghai, for people. */
export function formatShanghai(iso: string | null | undefined, withTime = true): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(DISPLAY_ZONE);
  if (!dt.isValid) return '';
  return dt.toFormat(withTime ? 'yyyy-LL-dd HH:mm' : 'yyyy-LL-dd');
}

/** Validates a YYYY-MM-DD calendar date; returns undefined when it is not one. */
export function parseCalendarDate(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const dt = DateTime.fromISO(text, { zone: DISPLAY_ZONE });
  return dt.isValid ? text : undefined;
}
