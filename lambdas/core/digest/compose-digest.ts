import { addDays, shanghaiDayOfIso } from '../time';
import type { Entity, EntityKind, Mention, StoredArticle, Subscriber } from '../types';
import { follows, followsExplicitly } from './follows';
import type { DigestItem, DigestTrend, SummaryName } from './render-digest';
import { clusterStories } from './story-clusters';
import { TREND_CHART_SIZE, renderTrendChart, trendChartScale, trendSeries } from './trend-chart';

export const TREND_DAYS = 14;
export const TREND_TOP = 5;
export const TREND_CID = 'trend@gzwatch';
/** One small chart per company: as wide as the big one, a third of its height. */
export const SPARK_SIZE = { width: TREND_CHART_SIZE.width, height: 120, displayWidth: TREND_CHART_SIZE.displayWidth, displayHeight: 60 } as const;

type MentionRow = { firstSeenAt: string; publishedAt: string | null; mentions: Mention[] };

function entityOf(entities: Map<string, Entity>, m: Mention): Pick<Entity, 'id' | 'kind' | 'tags' | 'enabled'> {
  return entities.get(m.entityId) ?? { id: m.entityId, kind: m.kind, tags: [], enabled: true };
}

function followed(subscriber: Subscriber, entities: Map<string, Entity>, m: Mention): boolean {
  const entity = entityOf(entities, m);
  return entity.enabled && follows(subscriber, entity);
}

const KIND_RANK: Record<EntityKind, number> = { company: 0, institution: 1, person: 2, policy: 3 };

/**
 * The mention whose sentence stands under the title: one the subscriber names explicitly, then a
 * company, institution or person before a policy topic (the topic is usually the backdrop), the
 * body before the title, then the earliest.
 */
export function highlightMention(subscriber: Subscriber, mentions: Mention[], entities: Map<string, Entity>): Mention | undefined {
  const score = (m: Mention) => (followsExplicitly(subscriber, entityOf(entities, m)) ? 0 : 10) + KIND_RANK[m.kind] * 2 + (m.field === 'body' ? 0 : 1);
  return [...mentions].sort((a, b) => score(a) - score(b) || (a.field === b.field ? a.start - b.start : 0))[0];
}

/**
 * The articles of the window that mention what the subscriber follows (with just those mentions),
 * one item per story: reposts of the same story by other outlets fold into the earliest one.
 * Backfill (documents older than gzwatch's first sight of them) is left out and only counted.
 */
export function digestItems(subscriber: Subscriber, articles: StoredArticle[], entities: Map<string, Entity>): DigestItem[] {
  const relevant = articles
    .filter((article) => !article.backfill)
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
    const mentions = [...lead.mentions, ...extra];
    const explicit = new Set(mentions.filter((m) => followsExplicitly(subscriber, entityOf(entities, m))).map((m) => m.entityId));
    return {
      article: lead.article,
      mentions,
      alsoIn: others.map((o) => ({ sourceName: o.x.article.sourceName, url: o.x.article.url })),
      highlight: highlightMention(subscriber, lead.mentions, entities),
      followedIds: [...explicit],
      // Alerts went to followers already subscribed when the run found it.
      alerted: lead.article.alerted === true && subscriber.createdAt <= lead.article.firstSeenAt,
    };
  });
}

/** How many backfill documents of the window name what the subscriber follows. */
export function olderDocuments(subscriber: Subscriber, articles: StoredArticle[], entities: Map<string, Entity>): number {
  return articles.filter((a) => a.backfill && a.mentions.some((m) => followed(subscriber, entities, m))).length;
}

/** The last TREND_DAYS Shanghai calendar days ending with `today`, oldest first. */
export function trendDays(today: string): string[] {
  return Array.from({ length: TREND_DAYS }, (_, i) => addDays(today, i - (TREND_DAYS - 1)));
}

/** When a story happened: its publication, unless that lies after gzwatch saw it (a wrong date). */
function storyTime(row: MentionRow): string {
  return row.publishedAt && row.publishedAt <= row.firstSeenAt ? row.publishedAt : row.firstSeenAt;
}

/**
 * The followed names with the most articles in [from, to), and their count in the period of the
 * same length before it; at most `top`, ties by name.
 */
export function summaryNames(subscriber: Subscriber, rows: MentionRow[], entities: Map<string, Entity>, from: string, to: string, top = 3): SummaryName[] {
  const length = Date.parse(to) - Date.parse(from);
  const before = new Date(Date.parse(from) - length).toISOString();
  const now = new Map<string, number>();
  const prev = new Map<string, number>();
  const named = new Map<string, string>();
  for (const row of rows) {
    const when = new Date(storyTime(row)).toISOString();
    const bucket = when >= from && when < to ? now : when >= before && when < from ? prev : undefined;
    if (!bucket) continue;
    const hits = row.mentions.filter((m) => followed(subscriber, entities, m) && m.kind !== 'policy');
    for (const m of hits) named.set(m.entityId, m.name);
    for (const id of new Set(hits.map((m) => m.entityId))) bucket.set(id, (bucket.get(id) ?? 0) + 1);
  }
  return [...now.entries()]
    .map(([id, count]) => ({ name: entities.get(id)?.name ?? named.get(id) ?? id, kind: entities.get(id)?.kind ?? 'company', count, previous: prev.get(id) ?? 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, top);
}

/**
 * Daily mentions of the subscriber's most-mentioned companies: one small chart per company on a
 * shared scale (no line hides another), with the numbers for a table; undefined when no followed
 * company was mentioned in the period.
 */
export function companyTrend(subscriber: Subscriber, rows: MentionRow[], entities: Map<string, Entity>, today: string): DigestTrend | undefined {
  const days = trendDays(today);
  const byDay = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const day = shanghaiDayOfIso(storyTime(row));
    if (day === null) continue;
    // An article counts once per company, however often it repeats the name.
    const companies = new Set(row.mentions.filter((m) => m.kind === 'company' && followed(subscriber, entities, m)).map((m) => m.entityId));
    if (!companies.size) continue;
    const counts = byDay.get(day) ?? new Map<string, number>();
    for (const id of companies) counts.set(id, (counts.get(id) ?? 0) + 1);
    byDay.set(day, counts);
  }
  const series = trendSeries(byDay, days, TREND_TOP);
  if (!series.length) return undefined;
  const scale = trendChartScale(series);
  return {
    days,
    max: scale.max,
    width: SPARK_SIZE.displayWidth,
    height: SPARK_SIZE.displayHeight,
    series: series.map((s, i) => ({
      name: entities.get(s.entityId)?.name ?? s.entityId,
      counts: s.counts,
      cid: `trend-${i}@gzwatch`,
      pngBase64: renderTrendChart([{ name: s.entityId, counts: s.counts }], { days, width: SPARK_SIZE.width, height: SPARK_SIZE.height, scale }).toString('base64'),
    })),
  };
}
