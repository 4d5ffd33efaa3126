/**
 * The policy events of one collection run (a CLI pass or one SQS batch), gathered so that each
 * subscriber hears about them in one message rather than one per document. Pure data and pure
 * functions: mail (policy-alerts.ts) and chat channels receive the same batch.
 */
import { createHash } from 'node:crypto';
import { follows } from '../digest/follows';
import type { PolicyDocumentDiff } from '../policy-diff';
import type { Entity, Mention, StoredArticle, Subscriber } from '../types';

export type PolicyEvent =
  | { kind: 'new'; article: StoredArticle }
  | { kind: 'changed'; article: StoredArticle; diff: PolicyDocumentDiff; previousHash: string };

/** How a reader groups them: new documents, revised ones (with the diff), and repealed or expired ones. */
export type AlertGroup = 'new' | 'revised' | 'repealed';
export const ALERT_GROUPS: readonly AlertGroup[] = ['new', 'revised', 'repealed'];

export interface AlertBatch {
  /** Deterministic for the batch's events: the same events give the same id (and outbox keys). */
  id: string;
  /** When the run ended (ISO 8601 UTC). */
  at: string;
  events: PolicyEvent[];
}

/** The events one subscriber follows, each with only the mentions they follow. */
export interface RecipientAlert {
  subscriber: Subscriber;
  batchId: string;
  at: string;
  events: { event: PolicyEvent; group: AlertGroup; mentions: Mention[] }[];
}

/** One alert per document and transition: a revert to an earlier text is news again. */
export function eventKey(event: PolicyEvent): string {
  const version = event.kind === 'new' ? 'new' : `${event.previousHash.slice(0, 12)}-${(event.article.snapshotHash ?? '').slice(0, 12)}`;
  return `${event.article.id}#${version}`;
}

export function alertGroup(event: PolicyEvent): AlertGroup {
  if (event.kind === 'new') return 'new';
  const status = event.diff.fields.find((f) => f.kind === 'status');
  return status && (status.after === '废止' || status.after === '失效') ? 'repealed' : 'revised';
}

/** A batch of events in a stable order (by group, then newest published first, then id). */
export function alertBatch(events: PolicyEvent[], at: string): AlertBatch {
  const order = (e: PolicyEvent) => ALERT_GROUPS.indexOf(alertGroup(e));
  const sorted = [...events].sort(
    (a, b) => order(a) - order(b) || (b.article.publishedAt ?? '').localeCompare(a.article.publishedAt ?? '') || a.article.id.localeCompare(b.article.id),
  );
  const id = createHash('sha256')
    .update(sorted.map(eventKey).sort().join('\n'))
    .digest('hex')
    .slice(0, 24);
  return { id, at, events: sorted };
}

/** What each active subscriber follows of the batch; subscribers who follow none of it are left out. */
export function recipientAlerts(batch: AlertBatch, subscribers: Subscriber[], entityList: Entity[]): RecipientAlert[] {
  const entities = new Map(entityList.map((e) => [e.id, e]));
  const out: RecipientAlert[] = [];
  for (const subscriber of subscribers.filter((s) => s.status === 'active')) {
    const events = batch.events
      .map((event) => ({
        event,
        group: alertGroup(event),
        mentions: event.article.mentions.filter((m) => {
          const entity = entities.get(m.entityId);
          return entity ? entity.enabled && follows(subscriber, entity) : follows(subscriber, { id: m.entityId, kind: m.kind, tags: [] });
        }),
      }))
      .filter((x) => x.mentions.length > 0);
    if (events.length) out.push({ subscriber, batchId: batch.id, at: batch.at, events });
  }
  return out;
}

/** Where a batch goes besides mail (chat channels); delivery must not throw for a channel's outage. */
export interface AlertChannels {
  deliver(batch: AlertBatch): Promise<void>;
}
