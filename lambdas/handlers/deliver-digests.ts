import { DateTime } from 'luxon';
import { readAwsConfig } from '../aws-config';
import { buildAws, type AwsWiring } from '../aws-wiring';
import { unsubscribeUrl } from '../core/digest/unsubscribe-url';
import { DISPLAY_ZONE, shanghaiDate } from '../core/time';
import { deliverDigests } from '../core/use-cases/deliver-digests';

const config = readAwsConfig();
let wiring: Promise<AwsWiring> | undefined;

/**
 * Hourly: every active subscriber whose digest hour has come today gets today's digest. Those
 * already served are skipped by the outbox; one left PENDING by an outage is retried next hour.
 */
export const handler = async (): Promise<{ sent: number; failed: number }> => {
  wiring ??= buildAws(config);
  const { store, mailer } = await wiring;
  const now = new Date();
  const hour = DateTime.fromJSDate(now).setZone(DISPLAY_ZONE).hour;
  const due = (await store.subscribers.list()).filter((s) => s.status === 'active' && s.digestHour <= hour);
  const results = await deliverDigests(
    {
      store,
      mailerFor: () => mailer,
      now: () => new Date(),
      from: config.from,
      log: (line) => console.log(line),
      unsubscribeUrl: (s) => unsubscribeUrl(config.unsubscribeBase, config.from, s.unsubscribeToken),
    },
    due,
    shanghaiDate(now),
  );
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'in-flight');
  console.log(JSON.stringify({ message: 'digests', due: due.length, results: results.map(({ html: _h, ...r }) => r) }));
  // Throwing makes the function-error alarm fire; the PENDING records are retried next hour.
  if (failed.length) throw new Error(`${failed.length} digest(s) not delivered: ${failed.map((f) => `${f.email}: ${f.error}`).join('; ')}`);
  return { sent: results.filter((r) => r.status === 'sent').length, failed: 0 };
};
