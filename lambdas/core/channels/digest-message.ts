import { mentionSentence } from '../digest/mention-sentence';
import type { Entity, StoredArticle } from '../types';
import type { ChannelBatch } from '../use-cases/deliver-to-channels';
import type { ChannelItem } from './channel';

/** A chat digest lists this many stories at most; the rest are counted (chat is for a glance). */
const MAX_ITEMS = 15;

/**
 * The day's digest summary for chat channels: the stories that name something on the watchlist,
 * newest first, each about the entities it names (a channel gets only what it follows).
 */
export function channelDigestBatch(articles: StoredArticle[], entities: Entity[], date: string): ChannelBatch {
  const known = new Map(entities.map((e) => [e.id, e]));
  const named = articles
    .map((a) => ({ a, mentions: a.mentions.filter((m) => known.get(m.entityId)?.enabled ?? false) }))
    .filter((x) => x.mentions.length)
    .sort((x, y) => ((x.a.publishedAt ?? x.a.firstSeenAt) < (y.a.publishedAt ?? y.a.firstSeenAt) ? 1 : -1));
  const items: ChannelItem[] = named.slice(0, MAX_ITEMS).map(({ a, mentions }) => {
    const first = mentions.find((m) => m.field === 'body') ?? mentions[0]!;
    const s = mentionSentence(first.field === 'title' ? a.title : a.body, first);
    return {
      title: a.title || a.url,
      url: a.url,
      summary: `${a.sourceName} · ${s ? `${s.before}${s.match}${s.after}` : ''}`,
      about: mentions.map((m) => ({ id: m.entityId, kind: m.kind, tags: known.get(m.entityId)?.tags ?? [] })),
    };
  });
  const more = named.length - items.length;
  const lead = `${date} 共 ${named.length} 篇报道提到关注对象${more > 0 ? `（以下为最新 ${items.length} 篇）` : ''}。`;
  return { key: `DIGEST#${date}`, kind: 'digest', digestDate: date, message: { title: `gzwatch 每日摘要 ${date}`, markdown: lead, text: lead, items } };
}
