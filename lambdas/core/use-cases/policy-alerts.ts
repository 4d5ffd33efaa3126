import type { PolicyEvent } from '../digest/render-policy-alert';
import { renderPolicyAlert } from '../digest/render-policy-alert';
import { follows } from '../digest/follows';
import { listUnsubscribeHeaders } from '../digest/unsubscribe-url';
import type { Mailer } from '../ports';
import type { Subscriber } from '../types';
import { dispatchOutbox, type DispatchDeps } from './dispatch-outbox';

export interface PolicyAlertDeps extends DispatchDeps {
  mailerFor(subscriber: Subscriber): Mailer;
  unsubscribeUrl(subscriber: Subscriber): string;
  /** The subscriber's preferences page, when the web service has a public URL. */
  preferencesUrl?(subscriber: Subscriber): string | undefined;
}

export interface PolicyAlertReport {
  sent: number;
  failed: number;
}

/**
 * Sends each policy event to the active subscribers who follow something it names, at the end of
 * the run that found it. The outbox key names the document and its version (snapshot hash), so
 * an unchanged document never alerts twice and a rerun after a crash sends what is still pending.
 */
export async function sendPolicyAlerts(deps: PolicyAlertDeps, events: PolicyEvent[]): Promise<PolicyAlertReport> {
  const report = { sent: 0, failed: 0 };
  if (!events.length) return report;
  const [subscribers, entityList] = await Promise.all([deps.store.subscribers.list(), deps.store.watchlist.list()]);
  const entities = new Map(entityList.map((e) => [e.id, e]));
  for (const event of events) {
    for (const subscriber of subscribers.filter((s) => s.status === 'active' && s.alerts !== false)) {
      const mentions = event.article.mentions.filter((m) => {
        const entity = entities.get(m.entityId);
        return entity ? entity.enabled && follows(subscriber, entity) : follows(subscriber, { id: m.entityId, kind: m.kind, tags: [] });
      });
      if (!mentions.length) continue;
      // One alert per document and transition: a revert to an earlier text is news again.
      const version = event.kind === 'new' ? 'new' : `${event.previousHash.slice(0, 12)}-${(event.article.snapshotHash ?? '').slice(0, 12)}`;
      const key = `ALERT#${event.article.id}#${version}`;
      const url = deps.unsubscribeUrl(subscriber);
      const rendered = renderPolicyAlert(event, mentions, url, deps.preferencesUrl?.(subscriber));
      await deps.store.outbox.createIfAbsent({
        recipient: subscriber.email,
        key,
        status: 'PENDING',
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers: listUnsubscribeHeaders(url),
        messageId: `<alert-${event.article.id}-${version}-${subscriber.unsubscribeToken.slice(0, 8)}@gzwatch>`,
        attempts: 0,
        createdAt: deps.now().toISOString(),
      });
      const outcome = await dispatchOutbox(deps, deps.mailerFor(subscriber), subscriber.email, key);
      if (outcome.status === 'sent') report.sent++;
      else if (outcome.status === 'failed' || outcome.status === 'in-flight') report.failed++;
    }
  }
  return report;
}
