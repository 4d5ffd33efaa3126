import { articleIdForUrl } from '../../lambdas/core/article-id';
import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import type { Mailer } from '../../lambdas/core/ports';
import type { StoredArticle, Subscriber } from '../../lambdas/core/types';
import { deliverDigests, type DigestDeps } from '../../lambdas/core/use-cases/deliver-digests';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

let t: TestStore;
let smtp: SmtpSink;
let mailer: Mailer;
const now = new Date('2026-11-28T00:30:00.000Z');

const subscriber: Subscriber = {
  email: 'reader@example.com', name: '李读者', follows: [], digestHour: 8, status: 'active', unsubscribeToken: 'tok123', sendEmpty: false, createdAt: '2026-11-01T00:00:00.000Z',
};

function article(url: string, title: string, body: string, mentionText: string, entityId: string, kind: StoredArticle['mentions'][number]['kind']): StoredArticle {
  const start = body.indexOf(mentionText);
  return {
    id: articleIdForUrl(url), url, title, body, publishedAt: '2026-11-27T02:00:00.000Z', source: 'dayoo', sourceName: '广州日报·大洋网', sourceKind: 'news',
    firstSeenAt: '2026-11-27T12:00:00.000Z',
    mentions: [{ entityId, name: mentionText, kind, text: mentionText, start, end: start + mentionText.length, field: 'body', snippet: body }],
  };
}

function deps(overrides: Partial<DigestDeps> = {}): DigestDeps {
  return {
    store: t.store, mailerFor: () => mailer, now: () => now, from: 'gzwatch <gzwatch@example.com>', log: () => undefined,
    unsubscribeUrl: (s) => `https://gzwatch.example.com/unsubscribe?token=${s.unsubscribeToken}`, retryBaseMs: 10, ...overrides,
  };
}

beforeEach(async () => {
  t = await startTestStore();
  smtp = await startSmtpSink();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
  await t.store.articles.putIfNew(article('https://news.dayoo.com/guangzhou/202611/27/139995_1.htm', '云从科技发布新一代<b>大模型</b>', '前言。云从科技在广州发布了新的行业模型。结尾。', '云从科技', 'company-cloudwalk', 'company'));
  await t.store.articles.putIfNew({ ...article('https://www.gz.gov.cn/xw/gzyw/content/post_1.html', '算力政策出台', '广州将建设更多算力中心，支持企业发展。', '算力中心', 'policy-compute', 'policy'), sourceKind: 'policy' });
  await t.store.articles.putIfNew({ ...article('https://news.dayoo.com/guangzhou/202611/27/139995_2.htm', '天气', '明天有雨。', '明天', 'x', 'company'), mentions: [] });
});
afterEach(async () => {
  await mailer.close?.();
  await smtp.close();
  await t.close();
});

test('a subscriber gets one digest with policy first, linked titles, escaped markup and the highlighted sentence', async () => {
  const results = await deliverDigests(deps(), [subscriber], '2026-11-28');
  expect(results).toEqual([expect.objectContaining({ email: 'reader@example.com', status: 'sent' })]);
  expect(smtp.received).toHaveLength(1);
  const mail = smtp.received[0]!;
  expect(mail.subject).toBe('gzwatch 日报 2026-11-28：2 条新动态（政策文件 1 · 企业 1）');
  const html = mail.html as string;
  expect(html.indexOf('算力政策出台')).toBeLessThan(html.indexOf('云从科技发布'));
  expect(html).toContain('<a href="https://news.dayoo.com/guangzhou/202611/27/139995_1.htm"');
  expect(html).toContain('云从科技发布新一代&lt;b&gt;大模型&lt;/b&gt;');
  expect(html).toContain('<mark style="background:#fde68a;color:#111827;padding:0 1px">云从科技</mark>在广州发布了新的行业模型。');
  expect(html).not.toContain('天气');
  expect(mail.text).toContain('https://www.gz.gov.cn/xw/gzyw/content/post_1.html');
  const raw = (name: string) => mail.headerLines.find((h) => h.key === name)?.line;
  expect(raw('list-unsubscribe')).toBe('List-Unsubscribe: <https://gzwatch.example.com/unsubscribe?token=tok123>');
  expect(raw('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
});

test('running the digest again the same day sends nothing more', async () => {
  await deliverDigests(deps(), [subscriber], '2026-11-28');
  const again = await deliverDigests(deps(), [subscriber], '2026-11-28');
  expect(again[0]?.status).toBe('already-sent');
  expect(smtp.received).toHaveLength(1);
});

test('an SMTP outage keeps the digest pending, and the next run delivers it exactly once', async () => {
  smtp.failNext(3);
  const failed = await deliverDigests(deps({ sendAttempts: 3 }), [subscriber], '2026-11-28');
  expect(failed[0]?.status).toBe('failed');
  expect(failed[0]?.error).toMatch(/kept in the outbox/);
  expect(smtp.received).toHaveLength(0);
  expect((await t.store.outbox.get(subscriber.email, 'DIGEST#2026-11-28'))?.status).toBe('PENDING');
  const retried = await deliverDigests(deps(), [subscriber], '2026-11-28');
  expect(retried[0]?.status).toBe('sent');
  expect(smtp.received).toHaveLength(1);
});

test('a temporary SMTP error is retried inside the run', async () => {
  smtp.failNext(1);
  const results = await deliverDigests(deps({ sendAttempts: 3 }), [subscriber], '2026-11-28');
  expect(results[0]?.status).toBe('sent');
  expect(smtp.received).toHaveLength(1);
});

test('the next day only covers what was first seen after the previous digest', async () => {
  await deliverDigests(deps(), [subscriber], '2026-11-28');
  const later = new Date('2026-11-29T00:30:00.000Z');
  const results = await deliverDigests(deps({ now: () => later }), [subscriber], '2026-11-29');
  expect(results[0]?.status).toBe('nothing-to-report');
  expect(smtp.received).toHaveLength(1);
});

test('a subscriber following only policy gets only policy items', async () => {
  await deliverDigests(deps(), [{ ...subscriber, follows: ['policy'] }], '2026-11-28');
  const html = smtp.received[0]!.html as string;
  expect(html).toContain('算力政策出台');
  expect(html).not.toContain('云从科技发布');
});

test('failing sources are reported even when there is no news', async () => {
  await t.store.sources.recordFailure('gz-gov', '广州市人民政府·广州要闻', now.toISOString(), 'network', 'cannot reach www.gz.gov.cn (no internet?)');
  await deliverDigests(deps(), [{ ...subscriber, follows: ['company-nobody'] }], '2026-11-28');
  const mail = smtp.received[0]!;
  expect(mail.subject).toBe('gzwatch 日报 2026-11-28：暂无新动态，1 个来源异常');
  expect(mail.text).toContain('异常来源（1）');
  expect(mail.text).toContain('广州市人民政府·广州要闻: network — cannot reach www.gz.gov.cn (no internet?)');
  expect(mail.text).toContain('连续失败 1 次，从未成功');
});

test('the digest carries a 14-day trend per company: an inline PNG each, labelled axes, and a table of the same numbers', async () => {
  await t.store.watchlist.putMany([{ id: 'company-cloudwalk', kind: 'company', name: '云从科技', aliases: [], context: [], exclude: [], tags: [], enabled: true }]);
  await deliverDigests(deps(), [subscriber], '2026-11-28');
  const mail = smtp.received[0]!;
  const png = mail.attachments.find((a) => a.contentType === 'image/png');
  expect(png?.cid).toBe('trend-0@gzwatch');
  expect(png?.content.subarray(1, 4).toString('latin1')).toBe('PNG');
  const html = mail.html as string;
  expect(html).toContain('<img src="cid:trend-0@gzwatch"');
  expect(html).toContain('关注企业每日提及（2026-11-15 至 2026-11-28）');
  expect(html).toContain('↑ 篇数 0–1 · → 日期 11-15 – 11-28');
  // The table row of the day the article was published holds its count.
  expect(html).toMatch(/<th scope="row"[^>]*>11-27<\/th><td[^>]*>1<\/td><\/tr>/);
  expect(mail.text).toContain('11-27\t1');
});

test('one story carried by several outlets appears once, marked with its number of sources', async () => {
  const story =
    '广州市工业和信息化局今天发布通知，明年将新建三座智算中心，面向中小企业发放算力券，单家企业每年最高可获五百万元补贴。' +
    '通知还提出，支持本地企业围绕制造、医疗和政务场景研发行业大模型，并建设公共数据开放平台。';
  const first = { ...article('https://news.dayoo.com/guangzhou/202611/27/139995_9.htm', '广州明年新建三座智算中心', story, '智算中心', 'policy-compute', 'policy'), sourceName: '广州日报' };
  const repost = {
    ...article('https://news.ycwb.com/2026-11/27/content_9.htm', '广州将新建三座智算中心 中小企业可领算力券', `记者从市工信局获悉，${story}（编辑：李四）`, '智算中心', 'policy-compute', 'policy'),
    sourceName: '羊城晚报',
    publishedAt: '2026-11-27T05:00:00.000Z',
  };
  await t.store.articles.putIfNew(first);
  await t.store.articles.putIfNew(repost);
  await deliverDigests(deps(), [subscriber], '2026-11-28');
  const html = smtp.received[0]!.html as string;
  expect(html).toContain('广州明年新建三座智算中心');
  expect(html).not.toContain('中小企业可领算力券</a>');
  expect(html).toContain('<b style="color:#111827">2 家来源</b>');
  expect(html).toContain('同时报道：<a href="https://news.ycwb.com/2026-11/27/content_9.htm" style="color:#4b5563">羊城晚报</a>');
  // Three stories from four articles: the repost folded into the first report.
  expect(smtp.received[0]!.subject).toBe('gzwatch 日报 2026-11-28：3 条新动态（政策文件 1 · 企业 1 · 政策热点 1）');
});
