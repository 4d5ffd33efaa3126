import { DateTime } from 'luxon';
import { DISPLAY_ZONE } from '../time';
import type { Entity, Mention, StoredArticle, Subscriber } from '../types';
import { follows } from './follows';
import type { DigestItem, DigestTrend } from './render-digest';
import { clusterStories } from './story-clusters';
import { TREND_CHART_SIZE, TREND_COLOURS, renderTrendChart, trendSeries } from './trend-chart';

export const TREND_DAYS = 14;
export const TREND_TOP = 5;
export const TREND_CID = 'trend@gzwatch';

function followed(subscriber: Subscriber, entities: Map<string, Entity>, m: Mention): boolean {
  const entity = entities.get(m.entityId);
  return entity ? entity.enabled && follows(subscriber, entity) : follows(subscriber, { id: m.entityId, kind: m.kind, tags: [] });
}

/**
 * The articles of the window that mention what the subscriber follows (with just those mentions),
 * one item per story: reposts of the same story by other outlets fold into the earliest one.
 */
export function digestItems(subscriber: Subscriber, articles: StoredArticle[], entities: Map<string, Entity>): DigestItem[] {
  const relevant = articles
    .map((article) => ({ article, mentions: article.mentions.filter((m) => followed(subscriber, entities, m)) }))
    .filter((x) => x.mentions.length > 0);
  const clusters = clusterStories(
    relevant.map((x) => ({ id: x.article.id, title: x.article.title, body: x.article.body, sourceName: x.article.sourceName, publishedAt: x.article.publishedAt, x })),
  );
  return clusters.map((cluster) => {
    const lead = cluster.lead.x;
    const others = cluster.members.filter((m) => m !== cluster.lead);
    const names = new Set(lead.mentions.map((m) => m.entityId));
    // Entities only the reposts named still belong to the story.
    const extra = others.flatMap((o) => o.x.mentions).filter((m) => !names.has(m.entityId) && names.add(m.entityId));
    return {
      article: lead.article,
      mentions: [...lead.mentions, ...extra],
      alsoIn: others.map((o) => ({ sourceName: o.x.article.sourceName, url: o.x.article.url })),
    };
  });
}

/** The last TREND_DAYS Shanghai calendar days ending with `today`, oldest first. */
export function trendDays(today: string): string[] {
  const end = DateTime.fromISO(today, { zone: DISPLAY_ZONE });
  return Array.from({ length: TREND_DAYS }, (_, i) => end.minus({ days: TREND_DAYS - 1 - i }).toISODate()!);
}

/**
 * Daily mentions of the subscriber's most-mentioned companies as a PNG line chart with a legend;
 * undefined when no followed company was mentioned in the period.
 */
export function companyTrend(
  subscriber: Subscriber,
  rows: { firstSeenAt: string; publishedAt: string | null; mentions: Mention[] }[],
  entities: Map<string, Entity>,
  today: string,
): DigestTrend | undefined {
  const days = trendDays(today);
  const byDay = new Map<string, Map<string, number>>();
  for (const row of rows) {
    // The day it was published (when the story happened); articles without a date count when seen.
    const when = row.publishedAt && row.publishedAt <= row.firstSeenAt ? row.publishedAt : row.firstSeenAt;
    const day = DateTime.fromISO(when, { zone: 'utc' }).setZone(DISPLAY_ZONE).toISODate()!;
    // An article counts once per company, however often it repeats the name.
    const companies = new Set(row.mentions.filter((m) => m.kind === 'company' && followed(subscriber, entities, m)).map((m) => m.entityId));
    if (!companies.size) continue;
    const counts = byDay.get(day) ?? new Map<string, number>();
    for (const id of companies) counts.set(id, (counts.get(id) ?? 0) + 1);
    byDay.set(day, counts);
  }
  const series = trendSeries(byDay, days, TREND_TOP);
  if (!series.length) return undefined;
  const named = series.map((s) => ({ name: entities.get(s.entityId)?.name ?? s.entityId, counts: s.counts }));
  const png = renderTrendChart(named, { days });
  return {
    pngBase64: png.toString('base64'),
    cid: TREND_CID,
    width: TREND_CHART_SIZE.displayWidth,
    height: TREND_CHART_SIZE.displayHeight,
    from: days[0]!,
    to: days[days.length - 1]!,
    legend: named.map((s, i) => ({ name: s.name, colour: TREND_COLOURS[i]!, total: s.counts.reduce((a, b) => a + b, 0) })),
  };
}
