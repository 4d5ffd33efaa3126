import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { OutboxRecord } from '../../lambdas/core/ports';
import type { Entity, StoredArticle } from '../../lambdas/core/types';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

let t: TestStore;
beforeAll(async () => {
  t = await startTestStore();
});
afterAll(async () => {
  await t.close();
});

const entity = (id: string, name: string): Entity => ({ id, kind: 'company', name, aliases: [], context: [], exclude: [], tags: [], enabled: true });

function article(url: string, firstSeenAt: string): StoredArticle {
  return {
    id: articleIdForUrl(url),
    url,
    title: `标题 ${url}`,
    publishedAt: '2026-11-28T01:00:00.000Z',
    body: '云从科技发布新模型。',
    source: 'test',
    sourceName: '测试源',
    sourceKind: 'news',
    firstSeenAt,
    mentions: [{ entityId: 'company-cloudwalk', name: '云从科技', kind: 'company', text: '云从科技', start: 0, end: 4, field: 'body', snippet: '云从科技发布新模型。' }],
  };
}

describe('DynamoDB repositories on dynalite', () => {
  test('the watchlist keeps what was written, more than one batch of it, and forgets what was removed', async () => {
    const many = Array.from({ length: 60 }, (_, i) => entity(`company-${i}`, `公司${i}`));
    await t.store.watchlist.putMany(many);
    expect((await t.store.watchlist.list()).length).toBe(60);
    expect(await t.store.watchlist.remove('company-7')).toBe(true);
    expect(await t.store.watchlist.remove('company-7')).toBe(false);
    expect((await t.store.watchlist.list()).map((e) => e.id)).not.toContain('company-7');
    expect(await t.store.watchlist.get('company-8')).toEqual(many[8]);
  });

  test('an article is stored once: the second writer learns it was already known', async () => {
    const a = article('https://news.example.cn/a.htm', '2026-11-28T02:00:00.000Z');
    expect(await t.store.articles.isKnown(a.url)).toBe(false);
    expect(await t.store.articles.putIfNew(a)).toBe(true);
    expect(await t.store.articles.putIfNew({ ...a, title: 'changed' })).toBe(false);
    expect(await t.store.articles.isKnown(a.url)).toBe(true);
    expect(await t.store.articles.knownAmong([a.url, 'https://news.example.cn/never.htm'])).toEqual(new Set([a.url]));
    expect((await t.store.articles.get(a.id))?.title).toBe(a.title);
  });

  test('articles are listed by when they were first seen, across UTC days, window end excluded', async () => {
    const b = article('https://news.example.cn/b.htm', '2026-11-26T23:59:00.000Z');
    const c = article('https://news.example.cn/c.htm', '2026-11-27T00:01:00.000Z');
    const d = article('https://news.example.cn/d.htm', '2026-11-27T05:00:00.000Z');
    for (const x of [b, c, d]) await t.store.articles.putIfNew(x);
    const found = await t.store.articles.listFirstSeenBetween('2026-11-26T12:00:00.000Z', '2026-11-27T05:00:00.000Z');
    expect(found.map((x) => x.url)).toEqual([b.url, c.url]);
  });

  test('mentions of an entity come back newest first', async () => {
    const older = article('https://news.example.cn/m1.htm', '2026-11-20T01:00:00.000Z');
    const newer = article('https://news.example.cn/m2.htm', '2026-11-21T01:00:00.000Z');
    await t.store.mentions.putForArticles([older, newer]);
    const records = await t.store.mentions.listForEntity('company-cloudwalk');
    expect(records.map((r) => r.url)).toEqual([newer.url, older.url]);
    expect(await t.store.mentions.listForEntity('company-cloudwalk', { since: '2026-11-21' })).toHaveLength(1);
  });

  test('source health counts consecutive failures and a success resets them', async () => {
    await t.store.sources.recordFailure('s1', '源一', '2026-11-28T00:00:00.000Z', 'network', 'cannot reach host');
    const second = await t.store.sources.recordFailure('s1', '源一', '2026-11-28T01:00:00.000Z', 'timeout', 'timed out');
    expect(second).toMatchObject({ consecutiveFailures: 2, failureClass: 'timeout', lastError: 'timed out' });
    const ok = await t.store.sources.recordSuccess('s1', '源一', '2026-11-28T02:00:00.000Z');
    expect(ok.previousFailures).toBe(2);
    const [stored] = await t.store.sources.list();
    expect(stored).toMatchObject({ sourceId: 's1', consecutiveFailures: 0, lastSuccessAt: '2026-11-28T02:00:00.000Z' });
    expect(stored?.lastError).toBeUndefined();
  });

  test('an outbox record is claimed by one runner at a time, and a lapsed lease can be taken over', async () => {
    const record: OutboxRecord = {
      recipient: 'a@example.com', key: 'DIGEST#2026-11-28', status: 'PENDING', subject: 's', html: '<p>h</p>', text: 't',
      headers: {}, messageId: '<m@gzwatch>', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z',
    };
    expect(await t.store.outbox.createIfAbsent(record)).toBe(true);
    expect(await t.store.outbox.createIfAbsent(record)).toBe(false);
    const first = await t.store.outbox.claim('a@example.com', record.key, '2026-11-28T00:00:00.000Z', '2026-11-28T00:10:00.000Z', 'one');
    expect(first?.status).toBe('SENDING');
    expect(await t.store.outbox.claim('a@example.com', record.key, '2026-11-28T00:05:00.000Z', '2026-11-28T00:15:00.000Z', 'two')).toBeUndefined();
    const takeover = await t.store.outbox.claim('a@example.com', record.key, '2026-11-28T00:11:00.000Z', '2026-11-28T00:21:00.000Z', 'three');
    expect(takeover?.attempts).toBe(2);
    await expect(t.store.outbox.markSent('a@example.com', record.key, 'one', '2026-11-28T00:12:00.000Z')).rejects.toThrow();
    await t.store.outbox.markSent('a@example.com', record.key, 'three', '2026-11-28T00:12:00.000Z');
    expect((await t.store.outbox.get('a@example.com', record.key))?.status).toBe('SENT');
  });

  test('subscribers are unique by address, whatever its case', async () => {
    const s = { email: 'Reader@Example.com', follows: [], digestHour: 8, status: 'active' as const, unsubscribeToken: 'x', sendEmpty: false, createdAt: '2026-11-28T00:00:00.000Z' };
    expect(await t.store.subscribers.add(s)).toBe(true);
    expect(await t.store.subscribers.add({ ...s, email: 'reader@example.com' })).toBe(false);
    await t.store.subscribers.setDigestCursor(s.email, '2026-11-28T01:00:00.000Z');
    await t.store.subscribers.setDigestCursor(s.email, '2026-11-27T01:00:00.000Z');
    expect(await t.store.subscribers.getDigestCursor('reader@example.com')).toBe('2026-11-28T01:00:00.000Z');
    expect(await t.store.subscribers.remove('READER@example.com')).toBe(true);
  });
});

test('articles and delivered mail carry a TTL, so the deployed table forgets them in time', async () => {
  const a = article('https://news.example.cn/ttl.htm', '2026-11-28T00:00:00.000Z');
  await t.store.articles.putIfNew(a);
  const { Item } = await t.doc.send(new GetCommand({ TableName: 'gzwatch-test', Key: { pk: `ARTICLE#${a.id}`, sk: 'ARTICLE' } }));
  expect(Item?.expiresAt).toBe(Date.parse('2026-11-28T00:00:00.000Z') / 1000 + 400 * 86_400);
  expect((await t.store.articles.get(a.id)) as object).not.toHaveProperty('expiresAt');
});
