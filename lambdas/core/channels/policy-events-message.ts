import type { AlertChannels, PolicyEvent } from '../alerts/alert-batch';
import { mentionSentence } from '../digest/mention-sentence';
import type { Entity } from '../types';
import { batchKeyFor, deliverToChannels, type ChannelBatch, type ChannelDeliveryDeps } from '../use-cases/deliver-to-channels';
import type { ChannelItem, ChannelMessage } from './channel';

/** What one policy event says in a chat message: the sentence naming something, or what changed. */
function summary(event: PolicyEvent): string {
  const a = event.article;
  if (event.kind === 'changed') {
    const fields = event.diff.fields.map((f) => `${f.kind === 'status' ? '状态' : f.kind === 'title' ? '标题' : f.name}：${f.before ?? '—'} → ${f.after ?? '—'}`);
    const text = event.diff.addedSentences.length || event.diff.removedSentences.length ? [`正文修改：新增 ${event.diff.addedSentences.length} 句，删除 ${event.diff.removedSentences.length} 句`] : [];
    return [...fields, ...text].join('；') || '文件内容有修改';
  }
  const first = a.mentions.find((m) => m.field === 'body') ?? a.mentions[0];
  const s = first ? mentionSentence(first.field === 'title' ? a.title : a.body, first) : undefined;
  return s ? `${s.before}${s.match}${s.after}` : a.sourceName;
}

/**
 * A run's policy events as one ChannelMessage: one item per document, about the entities it
 * names, so each channel gets the documents about what it follows. Entities disabled on the
 * watchlist do not count: a document naming only those is left out.
 */
export function policyEventsMessage(events: PolicyEvent[], entities: Entity[]): ChannelMessage {
  const known = new Map(entities.map((e) => [e.id, e]));
  const kept: PolicyEvent[] = [];
  const items: ChannelItem[] = [];
  for (const event of events) {
    const about = event.article.mentions
      .filter((m) => known.get(m.entityId)?.enabled ?? true)
      .map((m) => ({ id: m.entityId, kind: m.kind, tags: known.get(m.entityId)?.tags ?? [] }));
    // As for mail: a document that only names switched-off entities alerts nobody.
    if (event.article.mentions.length && !about.length) continue;
    kept.push(event);
    const label = event.kind === 'new' ? '新文件' : '文件更新';
    items.push({ title: `【${label}】${event.article.title}`, url: event.article.url, summary: summary(event), about });
  }
  const fresh = kept.filter((e) => e.kind === 'new').length;
  const lead = `本轮发现 ${fresh} 份新政策文件、${kept.length - fresh} 份文件更新。`;
  return { title: 'gzwatch 政策提醒', markdown: lead, text: lead, items };
}

/** The same version names the outbox keys of policy mail use: a document and the transition it went through. */
function eventKey(event: PolicyEvent): string {
  const version = event.kind === 'new' ? 'new' : `${event.previousHash.slice(0, 12)}-${(event.article.snapshotHash ?? '').slice(0, 12)}`;
  return `${event.article.id}#${version}`;
}

/**
 * A run's policy events as the batch deliverToChannels takes; its key comes from the events, so
 * the same events (a rerun after a crash) never make a second batch.
 */
export function policyAlertBatch(events: PolicyEvent[], entities: Entity[]): ChannelBatch {
  return { key: batchKeyFor('ALERTS', events.map(eventKey)), kind: 'alerts', message: policyEventsMessage(events, entities) };
}

/** The hook the collector calls with each run's alert batch: the same documents, to every chat channel. */
export function channelAlerts(deps: ChannelDeliveryDeps, entities: () => Promise<Entity[]>): AlertChannels {
  return {
    async deliver(batch) {
      await deliverToChannels(deps, policyAlertBatch(batch.events, await entities()));
    },
  };
}
