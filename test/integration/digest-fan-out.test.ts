import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { Subscriber } from '../../lambdas/core/types';
import { startChatPlatforms } from '../helpers/chat-platforms';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { eventsInvoked, lambdaEnvironment } from '../support/lambda-events';

/**
 * The digest fan-out as AWS runs it: the hourly planner (plan-digests) against dynalite invokes
 * the worker asynchronously through a mocked Lambda client, and each invocation's payload is
 * handed to the worker (deliver-digests) as Lambda would, which mails through a real smtp-server.
 * Only Lambda and Secrets Manager, which have no local implementation, are mocked at the SDK
 * client boundary.
 */
jest.setTimeout(60_000);

const TABLE = 'gzwatch-fan-out';
const DIGEST_FUNCTION_NAME = 'Gzwatch-test-FunctionsDeliverDigestsFunction-FanOut';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:gzwatch-smtp-FanOut';
const AT = new Date('2026-11-28T01:30:00.000Z'); // 09:30 in Guangzhou
const DATE = '2026-11-28';

let t: TestStore;
let smtp: SmtpSink;
const lambda = mockClient(LambdaClient);
const secrets = mockClient(SecretsManagerClient);
type Planner = typeof import('../../lambdas/handlers/plan-digests');
type Worker = typeof import('../../lambdas/handlers/deliver-digests');
let planner: Planner;
let worker: Worker;

const reader = (email: string, follows: string[], digestHour: number, extra: Partial<Subscriber> = {}): Subscriber => ({
  email, follows, digestHour, status: 'active', unsubscribeToken: `tok-${email.split('@')[0]}`, sendEmpty: true, createdAt: '2026-11-01T00:00:00.000Z', ...extra,
});
const recipients = () => smtp.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
type DigestEvent = { kind: string; at: string; emails: string[] };
/** Plans, and returns the events the plan invoked the worker with. */
async function plan(): Promise<{ result: Awaited<ReturnType<Planner['handler']>>; events: DigestEvent[] }> {
  const before = lambda.commandCalls(InvokeCommand).length;
  const result = await planner.handler();
  return { result, events: eventsInvoked(lambda.commandCalls(InvokeCommand).slice(before), DIGEST_FUNCTION_NAME) as DigestEvent[] };
}
const emailsOf = (events: DigestEvent[]) => events.map((e) => e.emails);
/** Each event handed to the worker as Lambda does, one invocation each. */
const deliverAll = async (events: unknown[]) => {
  const out = [];
  for (const event of events) out.push(await worker.handler(event));
  return out;
};

const profileA = Array.from({ length: 105 }, (_, i) => reader(`a${i}@fanout.test`, ['company-cloudwalk'], 8));
const profileB = Array.from({ length: 5 }, (_, i) => reader(`b${i}@fanout.test`, [], 6));
const profileC = Array.from({ length: 3 }, (_, i) => reader(`c${i}@fanout.test`, ['policy'], 0, { lang: 'en' }));
// Eight readers who each follow something no one else does: eight renders, eight messages.
const loners = Array.from({ length: 8 }, (_, i) => reader(`d${i}@fanout.test`, [`company-fanout-${i}`], 7));
// Follows what profile B follows, but its last digest ended yesterday evening: another window, another render.
const returning = reader('returning@fanout.test', [], 6);

beforeAll(async () => {
  // Only Date is faked (it moves on with real time from 09:30 in Guangzhou): the digest hours are then fixed.
  jest.useFakeTimers({ now: AT, advanceTimers: true, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
  t = await startTestStore(TABLE);
  smtp = await startSmtpSink();
  const url = 'https://news.dayoo.com/guangzhou/202611/28/1.htm';
  const body = '云从科技在广州发布了新的行业模型。';
  await t.store.articles.putIfNew({
    id: articleIdForUrl(url), url, title: '云从科技发布行业模型', body, publishedAt: '2026-11-27T23:00:00.000Z', source: 'dayoo', sourceName: '广州日报·大洋网', sourceKind: 'news',
    firstSeenAt: '2026-11-28T00:00:00.000Z', mentions: [{ entityId: 'company-cloudwalk', name: '云从科技', kind: 'company', text: '云从科技', start: 0, end: 4, field: 'body', snippet: body }],
  });
  for (const s of [...profileA, ...profileB, ...profileC, ...loners, returning]) await t.store.subscribers.add(s);
  await t.store.subscribers.setDigestCursor(returning.email, '2026-11-27T12:00:00.000Z');
  await t.store.subscribers.add(reader('gone@fanout.test', [], 0, { status: 'unsubscribed' }));
  await t.store.subscribers.add(reader('evening@fanout.test', [], 20));
  Object.assign(process.env, lambdaEnvironment(TABLE, t.endpoint, { MAIL_TRANSPORT: 'smtp', SMTP_SECRET_ARN: SECRET_ARN, DIGEST_FUNCTION_NAME, GZWATCH_STACK: 'Gzwatch-test' }));
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ url: smtp.url }) });
  lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the environment is set */
  planner = require('../../lambdas/handlers/plan-digests') as Planner;
  worker = require('../../lambdas/handlers/deliver-digests') as Worker;
  /* eslint-enable @typescript-eslint/no-require-imports */
});

afterAll(async () => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  lambda.restore();
  secrets.restore();
  await smtp.close();
  await t.close();
});

test('the planner groups the due readers by what their digest shows, at most 100 a message, one asynchronous invocation each', async () => {
  const { result, events } = await plan();
  expect(result).toEqual({ messages: 13, readers: 122, served: 0 });
  const groups = emailsOf(events).map((g) => [...g].sort());
  const sorted = (list: Subscriber[]) => list.map((s) => s.email).sort();
  // Profile A's 105 readers share a render, cut into 100 + 5; the returning reader has a window of its own.
  expect(groups.map((g) => g.length).sort((x, y) => x - y)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 5, 5, 100]);
  expect(groups.filter((g) => g[0]!.startsWith('a')).flat().sort()).toEqual(sorted(profileA));
  expect(groups).toEqual(expect.arrayContaining([sorted(profileB), sorted(profileC), [returning.email]]));
  // Neither the unsubscribed reader nor the one whose hour (20:00) has not come is planned.
  expect(groups.flat()).not.toEqual(expect.arrayContaining(['gone@fanout.test']));
  expect(groups.flat()).not.toEqual(expect.arrayContaining(['evening@fanout.test']));
  // Every group renders the window that ends at the planner's moment.
  expect(new Set(events.map((e) => e.at)).size).toBe(1);
  expect(groups.filter((g) => g[0]!.startsWith('d'))).toHaveLength(8);
  expect(lambda.commandCalls(InvokeCommand).slice(-13).every((c) => c.args[0].input.InvocationType === 'Event')).toBe(true);

  // The worker delivers every message: each reader once, profile A's story in their mail.
  const outcomes = await deliverAll(events);
  expect(outcomes.reduce((n, o) => n + (o.statuses.sent ?? 0), 0)).toBe(122);
  expect(recipients().sort()).toEqual(groups.flat().sort());
  const aMail = smtp.received.find((m) => m.to && 'text' in m.to && m.to.text === 'a0@fanout.test')!;
  expect(aMail.html as string).toContain('云从科技发布行业模型');
  expect(aMail.text).toContain('tok-a0');

  // Lambda may deliver an asynchronous event more than once: the same events again send nothing,
  // and the next hour's plan leaves everyone out.
  expect((await deliverAll(events)).map((o) => o.statuses.sent ?? 0)).toEqual(events.map(() => 0));
  expect(smtp.received).toHaveLength(122);
  expect(await plan()).toEqual({ result: { messages: 0, readers: 0, served: 122 }, events: [] });
});

test('a temporary refusal (451) fails the invocation (Lambda retries it) with the digest PENDING; the retry sends it once', async () => {
  await t.store.subscribers.add(reader('retry@fanout.test', ['company-cloudwalk'], 9));
  const { result, events } = await plan();
  expect(result).toEqual({ messages: 1, readers: 1, served: 122 });
  const before = smtp.received.length;
  smtp.failNext(3); // every attempt of this run
  await expect(worker.handler(events[0])).rejects.toThrow(/not delivered yet.*retry@fanout\.test/);
  expect(smtp.received.length).toBe(before);
  expect(await t.store.outbox.get('retry@fanout.test', `DIGEST#${DATE}`)).toMatchObject({ status: 'PENDING' });
  expect(await worker.handler(events[0])).toEqual({ kind: 'readers', statuses: { sent: 1 }, skipped: 0 });
  expect(recipients().slice(before)).toEqual(['retry@fanout.test']);
  expect(await t.store.outbox.get('retry@fanout.test', `DIGEST#${DATE}`)).toMatchObject({ status: 'SENT' });
});

test('a permanent refusal (550) is recorded and the invocation succeeds: never retried', async () => {
  await t.store.subscribers.add(reader('nobody@fanout.test', [], 0));
  smtp.refuseRecipient('nobody@fanout.test');
  const { events } = await plan();
  expect(emailsOf(events)).toEqual([['nobody@fanout.test']]);
  expect(await worker.handler(events[0])).toEqual({ kind: 'readers', statuses: { failed: 1 }, skipped: 0 });
  expect(await t.store.outbox.get('nobody@fanout.test', `DIGEST#${DATE}`)).toMatchObject({ status: 'FAILED' });
  // The address is suppressed as bounced, so no later plan picks it up.
  expect(await t.store.subscribers.get('nobody@fanout.test')).toMatchObject({ status: 'bounced' });
  expect((await plan()).events).toEqual([]);
});

test('an event that is not a digest message fails its invocation (on to the failure destination); the worker goes on with the next', async () => {
  await t.store.subscribers.add(reader('another@fanout.test', [], 0));
  const { events } = await plan();
  const before = smtp.received.length;
  for (const junk of [{ sourceId: 'dayoo' }, '{"kind":"readers"', null, { kind: 'readers', date: DATE, at: AT.toISOString(), emails: [] }]) {
    await expect(worker.handler(junk)).rejects.toThrow(/not a digest message/);
  }
  // The same message as text (a tolerant parser) is still read.
  expect(await worker.handler(JSON.stringify(events[0]))).toEqual({ kind: 'readers', statuses: { sent: 1 }, skipped: 0 });
  expect(recipients().slice(before)).toEqual(['another@fanout.test']);
});

test('an invocation Lambda throttles is tried again; one it keeps refusing fails the planner after the other groups went out', async () => {
  await t.store.subscribers.add(reader('throttled@fanout.test', [], 0));
  await t.store.subscribers.add(reader('refused@fanout.test', ['company-fanout-refused'], 0));
  const throttle = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
  const outage = Object.assign(new Error('Service unavailable'), { name: 'ServiceException', $metadata: { httpStatusCode: 503 } });
  const refusedBody = (input: { Payload?: unknown }) => Buffer.from(input.Payload as Uint8Array).toString().includes('refused@fanout.test');
  let throttled = 0;
  lambda.on(InvokeCommand).callsFake((input: { Payload?: unknown }) => {
    if (refusedBody(input)) throw outage;
    if (throttled++ === 0) throw throttle;
    return { StatusCode: 202 };
  });
  try {
    const before = lambda.commandCalls(InvokeCommand).length;
    await expect(planner.handler()).rejects.toThrow(/Lambda refused 1 of 2 digest invocations: Service unavailable/);
    const calls = lambda.commandCalls(InvokeCommand).slice(before);
    // The refused group was tried four times, the throttled one twice: six calls, one event handed over.
    expect(calls).toHaveLength(6);
    expect(calls.filter((c) => refusedBody(c.args[0].input))).toHaveLength(4);
  } finally {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  }
  // Nobody is dropped: both readers are still due, so the next plan (the planner's retry, or the
  // next hour's) includes them, and the worker delivers each once.
  const again = await plan();
  expect(emailsOf(again.events).flat().sort()).toEqual(['refused@fanout.test', 'throttled@fanout.test']);
  const before = smtp.received.length;
  await deliverAll(again.events);
  expect(recipients().slice(before).sort()).toEqual(['refused@fanout.test', 'throttled@fanout.test']);
});

test('a chat channel whose digest hour has come gets one message of its own, posted once however often it arrives', async () => {
  const platforms = await startChatPlatforms();
  try {
    await t.store.channels.add({ id: 'team', type: 'wecom', url: platforms.robot('wecom', 'team-key'), follows: [], digestHour: 9, allowPrivateNetwork: true, createdAt: AT.toISOString() });
    const channels = (await plan()).events.filter((e) => e.kind === 'channels');
    expect(channels).toHaveLength(1);
    expect(await worker.handler(channels[0])).toMatchObject({ kind: 'channels' });
    expect(await worker.handler(channels[0])).toMatchObject({ kind: 'channels' });
    expect(platforms.received.map((r) => r.robot)).toEqual(['team-key']);
    expect(JSON.stringify(platforms.received[0]!.body)).toContain('每日摘要 2026-11-28');
  } finally {
    await platforms.close();
  }
});

test('a reader with nothing to report at their hour stays in the next plans, and news later that day reaches them that day', async () => {
  const quiet = reader('quiet@fanout.test', ['company-fanout-quiet'], 9, { sendEmpty: false });
  await t.store.subscribers.add(quiet);
  const planned = async () => emailsOf((await plan()).events).flat().filter((e) => e === quiet.email);
  const first = await plan();
  expect(emailsOf(first.events)).toEqual([[quiet.email]]);
  const before = smtp.received.length;
  expect(await worker.handler(first.events[0])).toEqual({ kind: 'readers', statuses: { 'nothing-to-report': 1 }, skipped: 0 });
  expect(smtp.received.length).toBe(before);
  // Nothing was sent, so the next hour plans them again (as gzwatch digest would try again).
  expect(await planned()).toEqual([quiet.email]);

  // Date is faked and moves on in steps of real time: wait past a step so the news is after the first window.
  await new Promise((r) => setTimeout(r, 100));
  const url = 'https://news.dayoo.com/guangzhou/202611/28/2.htm';
  const body = '广州一家新公司发布了行业模型。';
  await t.store.articles.putIfNew({
    id: articleIdForUrl(url), url, title: '新公司发布行业模型', body, publishedAt: new Date().toISOString(), source: 'dayoo', sourceName: '广州日报·大洋网', sourceKind: 'news',
    firstSeenAt: new Date().toISOString(), mentions: [{ entityId: 'company-fanout-quiet', name: '新公司', kind: 'company', text: '新公司', start: 2, end: 5, field: 'body', snippet: body }],
  });
  // And past another before planning: a window ends before its planner's moment (`< to`), so news
  // stamped in the planner's own step would fall into the next window, not this one.
  await new Promise((r) => setTimeout(r, 100));
  const later = await plan();
  expect(emailsOf(later.events)).toEqual([[quiet.email]]);
  expect(await worker.handler(later.events[0])).toEqual({ kind: 'readers', statuses: { sent: 1 }, skipped: 0 });
  expect(recipients().slice(before)).toEqual([quiet.email]);
  expect(smtp.received.at(-1)!.html as string).toContain('新公司发布行业模型');
  // Served now: the following hours leave them out.
  expect(await planned()).toEqual([]);
});
