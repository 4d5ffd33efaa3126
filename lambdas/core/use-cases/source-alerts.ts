import { escapeHtml } from '../digest/escape-html';
import { capSubject, outboxMessageId } from '../mail-headers';
import type { Mailer, OutboxRecord } from '../ports';
import { formatShanghai } from '../time';
import type { SourceHealth } from '../types';
import { dispatchOutbox, type DispatchDeps } from './dispatch-outbox';

/** A source must fail this many runs in a row before the admin hears of it: one bad hour is noise. */
export const ALERT_AFTER_FAILURES = 3;

export interface SourceAlertDeps extends DispatchDeps {
  admin: string;
  mailer: Mailer;
}

export type HealthChange =
  | { kind: 'failed'; health: SourceHealth }
  | { kind: 'recovered'; health: SourceHealth; previousFailures: number };

function record(deps: SourceAlertDeps, key: string, subject: string, lines: string[]): OutboxRecord {
  return {
    recipient: deps.admin,
    key,
    status: 'PENDING',
    subject: capSubject(subject),
    text: `${lines.join('\n')}\n`,
    html: `<!doctype html><html><body style="font-family:Helvetica,Arial,sans-serif;font-size:14px">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</body></html>`,
    headers: {},
    messageId: outboxMessageId(deps.admin, key),
    attempts: 0,
    createdAt: deps.now().toISOString(),
  };
}

/**
 * One mail when a source reaches ALERT_AFTER_FAILURES failed runs in a row, and one when it
 * recovers after that; never one per run. The outbox key names the failure streak (by the last
 * success before it), so a rerun or a concurrent collector cannot send the same alert twice.
 */
export async function alertOnHealthChange(deps: SourceAlertDeps, change: HealthChange): Promise<void> {
  const h = change.health;
  let key: string;
  let message: OutboxRecord;
  if (change.kind === 'failed') {
    if (h.consecutiveFailures !== ALERT_AFTER_FAILURES) return;
    key = `SOURCE#${h.sourceId}#DOWN#${h.lastSuccessAt ?? 'never'}`;
    message = record(deps, key, `gzwatch: source ${h.sourceName} (${h.sourceId}) has failed ${h.consecutiveFailures} runs in a row`, [
      `The source ${h.sourceName} (${h.sourceId}) failed its last ${h.consecutiveFailures} runs: ${h.failureClass ?? 'failed'}.`,
      `Last error: ${h.lastError ?? 'unknown'}`,
      `Last success: ${h.lastSuccessAt ? `${formatShanghai(h.lastSuccessAt)} (Asia/Shanghai)` : 'never'}.`,
      `What to do: open the site in a browser. If it is down, wait; if its pages changed, run \`gzwatch sources check ${h.sourceId}\` and update the source's selectors. You will get one more mail when it recovers.`,
    ]);
  } else {
    if (change.previousFailures < ALERT_AFTER_FAILURES) return;
    key = `SOURCE#${h.sourceId}#UP#${h.lastSuccessAt ?? deps.now().toISOString()}`;
    message = record(deps, key, `gzwatch: source ${h.sourceName} (${h.sourceId}) has recovered`, [
      `The source ${h.sourceName} (${h.sourceId}) was read successfully again after ${change.previousFailures} failed runs.`,
    ]);
  }
  if (await deps.store.outbox.createIfAbsent(message)) await dispatchOutbox(deps, deps.mailer, deps.admin, key);
}

/** Admin alerts left PENDING by a mail outage are retried at the end of the next pass. */
export async function retryUnsentAdminAlerts(deps: SourceAlertDeps): Promise<number> {
  let sent = 0;
  for (const r of await deps.store.outbox.listUnsent(deps.admin)) {
    if (!r.key.startsWith('SOURCE#')) continue;
    if ((await dispatchOutbox(deps, deps.mailer, deps.admin, r.key)).status === 'sent') sent++;
  }
  return sent;
}
