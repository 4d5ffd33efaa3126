import { suppressAddress } from '../../lambdas/core/use-cases/suppress-address';
import { deliverDueDigests } from '../../lambdas/core/use-cases/deliver-due-digests';
import type { Mailer } from '../../lambdas/core/ports';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { lambdaEnvironment, sesEventThroughSns } from '../support/lambda-events';

let t: TestStore;
beforeEach(async () => {
  t = await startTestStore('gzwatch-suppress');
});
afterEach(async () => t.close());

const at = new Date('2026-12-01T03:00:00.000Z');
const active = { email: 'reader@gzwatch.test', follows: [], digestHour: 0, status: 'active' as const, unsubscribeToken: 'f'.repeat(32), sendEmpty: true, createdAt: at.toISOString() };

test('a suppressed address is kept with its reason and gets no digest; a complaint is never downgraded', async () => {
  await t.store.subscribers.add(active);
  await suppressAddress(t.store, 'Reader@gzwatch.test', 'bounced', at, '550 user unknown');
  expect(await t.store.subscribers.get('reader@gzwatch.test')).toMatchObject({ status: 'bounced', suppressedReason: 'bounced: 550 user unknown', suppressedAt: at.toISOString() });
  await suppressAddress(t.store, 'reader@gzwatch.test', 'complained', at);
  await suppressAddress(t.store, 'reader@gzwatch.test', 'bounced', at);
  expect(await t.store.subscribers.get('reader@gzwatch.test')).toMatchObject({ status: 'complained' });
  const sent: string[] = [];
  const mailer: Mailer = { description: 'test', send: async (m) => (sent.push(m.to), { messageId: 'x' }) };
  const deps = { store: t.store, now: () => at, from: 'gzwatch <g@gzwatch.test>', log: () => undefined, mailerFor: () => mailer, unsubscribeUrl: () => 'https://x/u' };
  await deliverDueDigests(deps, { at, ignoreHour: true });
  await deliverDueDigests(deps, { at, only: 'reader@gzwatch.test' });
  expect(sent).toEqual([]);
});

test('an address that never subscribed gets a suppressed record, so it is never mailed later', async () => {
  await suppressAddress(t.store, 'stranger@gzwatch.test', 'bounced', at);
  expect(await t.store.subscribers.get('stranger@gzwatch.test')).toMatchObject({ status: 'bounced', follows: [] });
});

test('the mail-feedback Lambda suppresses the bounced recipients of an SES event', async () => {
  await t.store.subscribers.add(active);
  Object.assign(process.env, lambdaEnvironment('gzwatch-suppress', t.endpoint));
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  // Required only now: the handler composes its services at load, after the environment is set.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require('../../lambdas/handlers/mail-feedback') as typeof import('../../lambdas/handlers/mail-feedback');
  const event = sesEventThroughSns({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'reader@gzwatch.test' }] } });
  expect(await handler(event)).toEqual({ suppressed: 1 });
  expect(await handler(sesEventThroughSns({ eventType: 'Delivery' }))).toEqual({ suppressed: 0 });
  expect(await t.store.subscribers.get('reader@gzwatch.test')).toMatchObject({ status: 'bounced', suppressedReason: 'bounced: General' });
});
