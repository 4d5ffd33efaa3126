import { composeAws } from '../composition/aws';
import { digestDeps } from '../composition/use-case-deps';
import { deliverDueDigests } from '../core/use-cases/deliver-due-digests';

const services = composeAws();

/**
 * Hourly: every active subscriber whose digest hour has come today gets today's digest. Those
 * already served are skipped by the outbox; one left PENDING by an outage is retried next hour.
 */
export const handler = async (): Promise<{ sent: number; failed: number }> => {
  const report = await deliverDueDigests(digestDeps(services), { at: services.clock.now() });
  const results = report.results.map(({ html: _html, ...r }) => r);
  services.logger.info('digests', { date: report.date, due: results.length, results });
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'in-flight');
  // Throwing makes the function-error alarm fire; the PENDING records are retried next hour.
  if (failed.length) throw new Error(`${failed.length} digest(s) not delivered: ${failed.map((f) => `${f.email}: ${f.error}`).join('; ')}`);
  return { sent: results.filter((r) => r.status === 'sent').length, failed: 0 };
};
