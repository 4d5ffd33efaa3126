import { recipientAlerts, type AlertBatch } from '../alerts/alert-batch';
import { renderAlertBatch } from '../digest/render-alert-batch';
import { listUnsubscribeHeaders } from '../digest/unsubscribe-url';
import { outboxMessageId } from '../mail-headers';
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
  /** Messages sent (one per subscriber who follows something in the batch). */
  sent: number;
  failed: number;
  /** Per source id: how many of the sent messages carried a document of it. */
  bySource: Map<string, number>;
}

/**
 * Sends a run's batch of policy events: each active subscriber who follows something in it gets
 * one message holding all of it. The outbox key names the batch (its id is derived from the
 * events), so a rerun with the same batch never sends twice and a crash leaves the message
 * pending, to go out with the next digest run.
 */
export async function sendAlertBatch(deps: PolicyAlertDeps, batch: AlertBatch): Promise<PolicyAlertReport> {
  const report: PolicyAlertReport = { sent: 0, failed: 0, bySource: new Map() };
  if (!batch.events.length) return report;
  const [subscribers, entities] = await Promise.all([deps.store.subscribers.list(), deps.store.watchlist.list()]);
  for (const alert of recipientAlerts(batch, subscribers, entities)) {
    const subscriber = alert.subscriber;
    // Instant alerts switched off on the preferences page: the digest still carries the documents.
    if (subscriber.alerts === false) continue;
    const key = `ALERT#${batch.id}`;
    const url = deps.unsubscribeUrl(subscriber);
    const rendered = renderAlertBatch(alert, url, deps.preferencesUrl?.(subscriber));
    await deps.store.outbox.createIfAbsent({
      recipient: subscriber.email,
      key,
      status: 'PENDING',
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: listUnsubscribeHeaders(url),
      // From the record's key and recipient only: no bit of the unsubscribe token.
      messageId: outboxMessageId(subscriber.email, key),
      itemCount: alert.events.length,
      attempts: 0,
      createdAt: deps.now().toISOString(),
    });
    const outcome = await dispatchOutbox(deps, deps.mailerFor(subscriber), subscriber.email, key);
    if (outcome.status === 'sent') {
      report.sent++;
      for (const source of new Set(alert.events.map((e) => e.event.article.source))) report.bySource.set(source, (report.bySource.get(source) ?? 0) + 1);
    } else if (outcome.status === 'failed' || outcome.status === 'in-flight') report.failed++;
  }
  return report;
}
