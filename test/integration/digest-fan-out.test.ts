import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { Subscriber } from '../../lambdas/core/types';
import { startChatPlatforms } from '../helpers/chat-platforms';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { lambdaEnvironment, recordsSentTo, sqsRecord } from '../support/lambda-events';

/**
 * The digest fan-out as AWS runs it: the hourly planner (plan-digests) against dynalite writes its
 * messages through a mocked SQS client, and those messages are handed to the worker
 * (deliver-digests), which mails through a real smtp-server. Only SQS and Secrets Manager, which
 * have no local implementation, are mocked at the SDK client boundary.
 */
jest.setTimeout(60_000);

const TABLE = 'gzwatch-fan-out';
const DIGEST_QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/gzwatch-digests';
const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:gzwatch-smtp-FanOut';
const AT = new Date('2026-11-28T01:30:00.000Z'); // 09:30 in Guangzhou
const DATE = '2026-11-28';

let t: TestStore;
let smtp: SmtpSink;
const sqs = mockClient(SQSClient);
const secrets = mockClient(SecretsManagerClient);
type Planner = typeof import('../../lambdas/handlers/plan-digests');
type Worker = typeof import('../../lambdas/handlers/deliver-digests');
let planner: Planner;
let worker: Worker;

const reader = (email: string, follows: string[], digestHour: number, extra: Partial<Subscriber> = {}): Subscriber => ({
  email, follows, digestHour, status: 'active', unsubscribeToken: `tok-${email.split('@')[0]}`, sendEmpty: true, createdAt: '2026-11-01T00:00:00.000Z', ...extra,
});
const recipients = () => smtp.received.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
/** Plans, and returns the messages the plan put on the digest queue. */
async function plan(): Promise<{ result: Awaited<ReturnType<Planner['handler']>>; records: SQSEvent['Records'] }> {
  const before = sqs.commandCalls(SendMessageBatchCommand).length;
  const result = await planner.handler();
  return { result, records: recordsSentTo(sqs.commandCalls(SendMessageBatchCommand).slice(before), DIGEST_QUEUE_URL) };
}
const emailsOf = (records: SQSEvent['Records']) => records.map((r) => (JSON.parse(r.body) as { emails: string[] }).emails);

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
  Object.assign(process.env, lambdaEnvironment(TABLE, t.endpoint, { MAIL_TRANSPORT: 'smtp', SMTP_SECRET_ARN: SECRET_ARN, DIGEST_QUEUE_URL, GZWATCH_STACK: 'Gzwatch-test' }));
  secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves({ SecretString: JSON.stringify({ url: smtp.url }) });
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({ Successful: input.Entries.map((e) => ({ Id: e.Id, MessageId: e.Id, MD5OfMessageBody: '' })), Failed: [] }));
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after the environment is set */
  planner = require('../../lambdas/handlers/plan-digests') as Planner;
  worker = require('../../lambdas/handlers/deliver-digests') as Worker;
  /* eslint-enable @typescript-eslint/no-require-imports */
});

afterAll(async () => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  sqs.restore();
  secrets.restore();
  await smtp.close();
  await t.close();
});

test('the planner groups the due readers by what their digest shows, at most 100 a message, ten messages a SendMessageBatch', async () => {
  const { result, records } = await plan();
  expect(result).toEqual({ messages: 13, readers: 122, served: 0 });
  const groups = emailsOf(records).map((g) => [...g].sort());
  const sorted = (list: Subscriber[]) => list.map((s) => s.email).sort();
  // Profile A's 105 readers share a render, cut into 100 + 5; the returning reader has a window of its own.
  expect(groups.map((g) => g.length).sort((x, y) => x - y)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 5, 5, 100]);
  expect(groups.filter((g) => g[0]!.startsWith('a')).flat().sort()).toEqual(sorted(profileA));
  expect(groups).toEqual(expect.arrayContaining([sorted(profileB), sorted(profileC), [returning.email]]));
  // Neither the unsubscribed reader nor the one whose hour (20:00) has not come is planned.
  expect(groups.flat()).not.toEqual(expect.arrayContaining(['gone@fanout.test']));
  expect(groups.flat()).not.toEqual(expect.arrayContaining(['evening@fanout.test']));
  // Every group renders the window that ends at the planner's moment.
  expect(new Set(records.map((r) => (JSON.parse(r.body) as { at: string }).at)).size).toBe(1);
  expect(groups.filter((g) => g[0]!.startsWith('d'))).toHaveLength(8);
  expect(sqs.commandCalls(SendMessageBatchCommand).slice(-2).map((c) => c.args[0].input.Entries!.length)).toEqual([10, 3]);

  // The worker delivers every message: each reader once, profile A's story in their mail.
  expect(await worker.handler({ Records: records })).toEqual({ batchItemFailures: [] });
  expect(recipients().sort()).toEqual(groups.flat().sort());
  const aMail = smtp.received.find((m) => m.to && 'text' in m.to && m.to.text === 'a0@fanout.test')!;
  expect(aMail.html as string).toContain('云从科技发布行业模型');
  expect(aMail.text).toContain('tok-a0');

  // SQS delivers at least once: the same messages again send nothing, and the next hour's plan leaves everyone out.
  expect(await worker.handler({ Records: records })).toEqual({ batchItemFailures: [] });
  expect(smtp.received).toHaveLength(122);
  expect(await plan()).toEqual({ result: { messages: 0, readers: 0, served: 122 }, records: [] });
});

test('a temporary refusal (451) returns the message to the queue with the digest PENDING; the redelivery sends it once', async () => {
  await t.store.subscribers.add(reader('retry@fanout.test', ['company-cloudwalk'], 9));
  const { result, records } = await plan();
  expect(result).toEqual({ messages: 1, readers: 1, served: 122 });
  const before = smtp.received.length;
  smtp.failNext(3); // every attempt of this run
  expect(await worker.handler({ Records: records })).toEqual({ batchItemFailures: [{ itemIdentifier: records[0]!.messageId }] });
  expect(smtp.received.length).toBe(before);
  expect(await t.store.outbox.get('retry@fanout.test', `DIGEST#${DATE}`)).toMatchObject({ status: 'PENDING' });
  expect(await worker.handler({ Records: records })).toEqual({ batchItemFailures: [] });
  expect(recipients().slice(before)).toEqual(['retry@fanout.test']);
  expect(await t.store.outbox.get('retry@fanout.test', `DIGEST#${DATE}`)).toMatchObject({ status: 'SENT' });
});

test('a permanent refusal (550) is recorded and the message is done: never retried', async () => {
  await t.store.subscribers.add(reader('nobody@fanout.test', [], 0));
  smtp.refuseRecipient('nobody@fanout.test');
  const { records } = await plan();
  expect(emailsOf(records)).toEqual([['nobody@fanout.test']]);
  expect(await worker.handler({ Records: records })).toEqual({ batchItemFailures: [] });
  expect(await t.store.outbox.get('nobody@fanout.test', `DIGEST#${DATE}`)).toMatchObject({ status: 'FAILED' });
  // The address is suppressed as bounced, so no later plan picks it up.
  expect(await t.store.subscribers.get('nobody@fanout.test')).toMatchObject({ status: 'bounced' });
  expect((await plan()).records).toEqual([]);
});

test('a message that is not a digest message goes back to the queue (and on to the DLQ), the others are delivered', async () => {
  await t.store.subscribers.add(reader('another@fanout.test', [], 0));
  const { records } = await plan();
  const before = smtp.received.length;
  const junk = sqsRecord('junk', '{"sourceId":"dayoo"}');
  expect(await worker.handler({ Records: [junk, ...records] })).toEqual({ batchItemFailures: [{ itemIdentifier: 'junk' }] });
  expect(recipients().slice(before)).toEqual(['another@fanout.test']);
});

test('a chat channel whose digest hour has come gets one message of its own, posted once however often it arrives', async () => {
  const platforms = await startChatPlatforms();
  try {
    await t.store.channels.add({ id: 'team', type: 'wecom', url: platforms.robot('wecom', 'team-key'), follows: [], digestHour: 9, allowPrivateNetwork: true, createdAt: AT.toISOString() });
    const channels = (await plan()).records.filter((r) => (JSON.parse(r.body) as { kind: string }).kind === 'channels');
    expect(channels).toHaveLength(1);
    expect(await worker.handler({ Records: channels })).toEqual({ batchItemFailures: [] });
    expect(await worker.handler({ Records: channels })).toEqual({ batchItemFailures: [] });
    expect(platforms.received.map((r) => r.robot)).toEqual(['team-key']);
    expect(JSON.stringify(platforms.received[0]!.body)).toContain('每日摘要 2026-11-28');
  } finally {
    await platforms.close();
  }
});

test('a reader with nothing to report at their hour stays in the next plans, and news later that day reaches them that day', async () => {
  const quiet = reader('quiet@fanout.test', ['company-fanout-quiet'], 9, { sendEmpty: false });
  await t.store.subscribers.add(quiet);
  const planned = async () => emailsOf((await plan()).records).flat().filter((e) => e === quiet.email);
  const first = await plan();
  expect(emailsOf(first.records)).toEqual([[quiet.email]]);
  const before = smtp.received.length;
  expect(await worker.handler({ Records: first.records })).toEqual({ batchItemFailures: [] });
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
  const later = await plan();
  expect(emailsOf(later.records)).toEqual([[quiet.email]]);
  expect(await worker.handler({ Records: later.records })).toEqual({ batchItemFailures: [] });
  expect(recipients().slice(before)).toEqual([quiet.email]);
  expect(smtp.received.at(-1)!.html as string).toContain('新公司发布行业模型');
  // Served now: the following hours leave them out.
  expect(await planned()).toEqual([]);
});
