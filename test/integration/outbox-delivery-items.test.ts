import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import { itemSize } from '../../lambdas/adapters/dynamo/item-size';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { Mailer, OutboxRecord } from '../../lambdas/core/ports';
import type { StoredArticle, Subscriber } from '../../lambdas/core/types';
import { deliverDigests, type DigestDeps } from '../../lambdas/core/use-cases/deliver-digests';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

/**
 * How a delivery is stored: the record that tracks it stays about a kilobyte whatever the message
 * (the message is its own item, written once), and "anything left to send?" is one small item.
 */
const TABLE = 'gzwatch-test';
let t: TestStore;
let smtp: SmtpSink;
let mailer: Mailer;
const now = new Date('2026-11-28T00:30:00.000Z');
const reader: Subscriber = { email: 'reader@example.com', follows: [], digestHour: 8, status: 'active', unsubscribeToken: 'tok', sendEmpty: false, createdAt: '2026-11-01T00:00:00.000Z' };

beforeEach(async () => {
  t = await startTestStore(TABLE);
  smtp = await startSmtpSink();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
});
afterEach(async () => {
  await mailer.close?.();
  await smtp.close();
  await t.close();
});

const deps = (): DigestDeps => ({
  store: t.store, mailerFor: () => mailer, now: () => now, from: 'gzwatch <gzwatch@example.com>', log: () => undefined,
  unsubscribeUrl: (s) => `https://gzwatch.example.com/unsubscribe?token=${s.unsubscribeToken}`, retryBaseMs: 10,
});
const partition = async (pk: string) => (await t.doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];

function story(i: number): StoredArticle {
  const body = `云从科技在广州发布第${i}个行业模型，覆盖制造、政务和交通场景。${'会上还介绍了下一步的工作安排。'.repeat(20)}`;
  const url = `https://news.example.com/2026/11/27/${i}.html`;
  return {
    id: articleIdForUrl(url), url, title: `云从科技发布第${i}个行业模型`, body, publishedAt: '2026-11-27T02:00:00.000Z', source: 'dayoo', sourceName: '广州日报·大洋网', sourceKind: 'news',
    firstSeenAt: new Date(now.getTime() - 3600_000 - i * 1000).toISOString(),
    mentions: [{ entityId: 'company-cloudwalk', name: '云从科技', kind: 'company', text: '云从科技', start: 0, end: 4, field: 'body', snippet: body.slice(0, 80) }],
  };
}

test('a 1,000-story day: the delivery record stays about a kilobyte, the message is stored once beside it and arrives whole', async () => {
  for (let i = 0; i < 1000; i += 1) await t.store.articles.putIfNew(story(i));
  const [result] = await deliverDigests(deps(), [reader], '2026-11-28');
  expect(result).toMatchObject({ status: 'sent' });
  const [record] = await partition('OUTBOX#reader@example.com');
  expect(record).toMatchObject({ sk: 'DIGEST#2026-11-28', status: 'SENT' });
  expect(record!.content).toBeUndefined();
  expect(record!.html).toBeUndefined();
  expect(itemSize(record!)).toBeLessThan(4 * 1024);
  const bodies = await partition('OUTBODY#reader@example.com');
  expect(bodies).toHaveLength(1);
  expect(bodies[0]!.sk).toBe(record!.body);
  expect(smtp.received).toHaveLength(1);
  // The day's 1,000 near-identical stories are one cluster: its newest title, and every other report linked.
  const html = smtp.received[0]!.html as string;
  expect(html.includes('云从科技发布第999个行业模型')).toBe(true);
  expect(html.includes('https://news.example.com/2026/11/27/0.html')).toBe(true);
});

test('the unsent marker lists a record from its creation until it is sent, and a permanent refusal leaves it', async () => {
  const alert = (key: string): OutboxRecord => ({ recipient: reader.email, key, status: 'PENDING', subject: '政策提醒', html: '<p>新政策</p>', text: '新政策', headers: {}, messageId: '', attempts: 0, createdAt: now.toISOString() });
  expect(await t.store.outbox.unsentKeys(reader.email)).toEqual([]);
  await t.store.outbox.createIfAbsent(alert('ALERT#a'));
  await t.store.outbox.createIfAbsent(alert('ALERT#b'));
  expect(await t.store.outbox.unsentKeys(reader.email)).toEqual(['ALERT#a', 'ALERT#b']);

  const claimed = await t.store.outbox.claim(reader.email, 'ALERT#a', now.toISOString(), '2026-11-28T01:00:00.000Z', 'token-a');
  expect(claimed).toMatchObject({ html: '<p>新政策</p>', text: '新政策', status: 'SENDING' });
  await t.store.outbox.commit(reader.email, 'ALERT#a', 'token-a');
  expect(await t.store.outbox.unsentKeys(reader.email)).toEqual(['ALERT#a', 'ALERT#b']);
  await t.store.outbox.markSent(reader.email, 'ALERT#a', 'token-a', now.toISOString());
  expect(await t.store.outbox.unsentKeys(reader.email)).toEqual(['ALERT#b']);

  await t.store.outbox.claim(reader.email, 'ALERT#b', now.toISOString(), '2026-11-28T01:00:00.000Z', 'token-b');
  await t.store.outbox.fail(reader.email, 'ALERT#b', 'token-b', '550 no such user', now.toISOString());
  expect(await t.store.outbox.unsentKeys(reader.email)).toEqual([]);
  expect((await t.store.outbox.listFailed(reader.email)).map((r) => r.key)).toEqual(['ALERT#b']);
});

test('a pending alert goes out with the next digest run, and a key a crash left behind after delivery is forgotten', async () => {
  const alert: OutboxRecord = { recipient: reader.email, key: 'ALERT#policy-1', status: 'PENDING', subject: '政策提醒：算力券', html: '<p>算力券申报</p>', text: '算力券申报', headers: {}, messageId: '', attempts: 0, createdAt: now.toISOString() };
  await t.store.outbox.createIfAbsent(alert);
  // A run that stopped between marking SENT and clearing the marker: the marker still names it.
  await t.store.outbox.createIfAbsent({ ...alert, key: 'ALERT#policy-0' });
  await t.store.outbox.claim(reader.email, 'ALERT#policy-0', now.toISOString(), '2026-11-28T01:00:00.000Z', 'tok0');
  await t.store.outbox.markSent(reader.email, 'ALERT#policy-0', 'tok0', now.toISOString());
  await t.store.outbox.createIfAbsent({ ...alert, key: 'ALERT#policy-0' }); // exists: no new record, but the marker names it again

  await deliverDigests(deps(), [reader], '2026-11-28');
  expect(smtp.received.map((m) => m.subject)).toEqual(['政策提醒：算力券']);
  expect(await t.store.outbox.unsentKeys(reader.email)).toEqual([]);
  expect((await t.store.outbox.get(reader.email, 'ALERT#policy-1'))?.status).toBe('SENT');
});
