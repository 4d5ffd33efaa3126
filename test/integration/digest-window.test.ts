import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import type { Mailer } from '../../lambdas/core/ports';
import type { StoredArticle, Subscriber } from '../../lambdas/core/types';
import { deliverDigests, type DigestDeps } from '../../lambdas/core/use-cases/deliver-digests';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

/**
 * Every article reaches a subscriber in exactly one digest, also when it was stamped first-seen
 * before a digest ran but written (or indexed) only after it, and when a digest run stopped after
 * its mail was accepted.
 */
let t: TestStore;
let smtp: SmtpSink;
let mailer: Mailer;

const reader: Subscriber = { email: 'window@gzwatch.test', follows: [], digestHour: 8, status: 'active', unsubscribeToken: 'w'.repeat(32), sendEmpty: false, createdAt: '2026-11-01T00:00:00.000Z' };

function article(n: number, firstSeenAt: string): StoredArticle {
  // Different stories, so the digest does not fold them together as reposts of one.
  const topics = ['面向制造业客户推出质检大模型', '与南沙港合作建设智慧码头调度系统', '在黄埔开设新的研发中心并招聘算法工程师', '发布面向银行的人脸核验一体机'];
  const body = `广州消息，云从科技第${n}号新品${topics[n % topics.length]}，相关负责人介绍了细节。`;
  const start = body.indexOf('云从科技');
  return {
    id: articleIdForUrl(`https://news.example.cn/a/${n}.html`), url: `https://news.example.cn/a/${n}.html`, title: `云从科技新品第${n}号`, body, publishedAt: firstSeenAt,
    source: 'example', sourceName: '示例新闻', sourceKind: 'news', firstSeenAt,
    mentions: [{ entityId: 'company-cloudwalk', name: '云从科技', kind: 'company', text: '云从科技', start, end: start + 4, field: 'body', snippet: body }],
  };
}

const deps = (at: Date): DigestDeps => ({ store: t.store, mailerFor: () => mailer, now: () => at, from: 'gzwatch <digest@mail.gzwatch.test>', log: () => undefined, unsubscribeUrl: () => 'https://gzwatch.test/u', retryBaseMs: 10 });
// The articles a mail links to (as items, or folded in as the same story elsewhere).
const titlesIn = (i: number) => [...new Set([...String(smtp.received[i]!.text).matchAll(/news\.example\.cn\/a\/(\d+)\.html/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);

beforeEach(async () => {
  t = await startTestStore();
  smtp = await startSmtpSink();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
});
afterEach(async () => {
  await mailer.close?.();
  await smtp.close();
  await t.close();
});

test('an article stamped before a digest ran but written after it is in the next digest, and nothing is in two', async () => {
  const run1 = new Date('2026-11-28T00:30:00.000Z');
  await t.store.articles.putIfNew(article(1, '2026-11-28T00:20:00.000Z'));
  await deliverDigests(deps(run1), [reader], '2026-11-28');
  // A collector stamped this one 4 s before the first digest, and its write landed after it.
  await t.store.articles.putIfNew(article(2, '2026-11-28T00:29:56.000Z'));
  await t.store.articles.putIfNew(article(3, '2026-11-28T12:00:00.000Z'));
  await deliverDigests(deps(new Date('2026-11-29T00:30:00.000Z')), [reader], '2026-11-29');
  expect(smtp.received).toHaveLength(2);
  expect(titlesIn(0)).toEqual([1]);
  expect(titlesIn(1)).toEqual([2, 3]);
});

test('a digest accepted by the server before its run stopped still moves the window on: the next day does not repeat it', async () => {
  await t.store.articles.putIfNew(article(1, '2026-11-28T00:25:00.000Z'));
  await deliverDigests(deps(new Date('2026-11-28T00:30:00.000Z')), [reader], '2026-11-28');
  // The run stopped right after the server took the mail: the record is there, the cursor was not moved.
  await t.doc.send(new DeleteCommand({ TableName: 'gzwatch-test', Key: { pk: 'DIGESTCURSOR', sk: reader.email } }));
  const again = await deliverDigests(deps(new Date('2026-11-28T02:00:00.000Z')), [reader], '2026-11-28');
  expect(again[0]).toMatchObject({ status: 'already-sent' });
  await t.store.articles.putIfNew(article(2, '2026-11-28T12:00:00.000Z'));
  // Less than a day later: without the cursor, a first-time window would reach back over article 1.
  await deliverDigests(deps(new Date('2026-11-29T00:20:00.000Z')), [reader], '2026-11-29');
  expect(smtp.received).toHaveLength(2);
  expect(titlesIn(1)).toEqual([2]);
});

test('the problems section names only sources that still run (stored, or run from a file within a day), and a layout warning beside the failures', async () => {
  const at = '2026-11-28T00:00:00.000Z';
  const def = (id: string) => ({ definition: { id, name: `来源${id}`, kind: 'news' as const, type: 'html' as const, urls: [`https://${id}.example.cn/`] }, enabled: true, builtIn: false, updatedAt: at });
  await t.store.catalogue.putMany([def('down'), def('moved')]);
  await t.store.catalogue.markSeeded(at);
  await t.store.sources.recordFailure('down', '来源down', at, 'network', 'cannot reach down.example.cn');
  // A sources file run two days ago, never again: no longer news. One run an hour ago still is.
  await t.store.sources.recordFailure('oneoff', '一次性来源', '2026-11-26T00:00:00.000Z', 'http', 'HTTP 404 from https://oneoff.example.cn/');
  await t.store.sources.recordFailure('justnow', '刚运行的文件来源', '2026-11-27T23:30:00.000Z', 'http', 'HTTP 404 from https://justnow.example.cn/');
  await t.store.sources.recordSuccess('moved', '来源moved', at, '页面可能已改版：列表选择器 "ul.news li" 没有找到条目');
  await deliverDigests(deps(new Date('2026-11-28T00:30:00.000Z')), [{ ...reader, sendEmpty: true }], '2026-11-28');
  const text = String(smtp.received[0]!.text);
  expect(text).toContain('来源down');
  expect(text).toContain('来源moved');
  expect(text).toContain('页面可能已改版');
  expect(text).not.toContain('一次性来源');
  expect(text).toContain('刚运行的文件来源');
});
