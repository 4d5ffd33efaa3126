/**
 * Backfill is not news: a list that gzwatch starts watching holds documents published long before,
 * and telling a subscriber about them as if they were new buries the one that is. A document is
 * backfill when it was published more than BACKFILL_HOURS before gzwatch first saw it, or when it
 * has no date and turned up on its source's first successful run (nothing says it is recent).
 */
export const BACKFILL_HOURS = 72;

/** A date more than a day after gzwatch saw the page is not its publication (often 施行日期): no date. */
const FUTURE_SLACK_MS = 24 * 3600 * 1000;

export function isBackfill(publishedAt: string | null, firstSeenAt: string, firstRunOfSource: boolean): boolean {
  const published = publishedAt ? Date.parse(publishedAt) : NaN;
  const seen = Date.parse(firstSeenAt);
  if (!Number.isFinite(published) || !Number.isFinite(seen) || published - seen > FUTURE_SLACK_MS) return firstRunOfSource;
  return seen - published > BACKFILL_HOURS * 3600 * 1000;
}
