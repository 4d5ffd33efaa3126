import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { articleItem } from '../../lambdas/adapters/dynamo/article-item';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { StoredArticle } from '../../lambdas/core/types';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/**
 * Articles are pending from their one conditional put until markDone writes their DONE item;
 * articles that earlier versions left pending (a PENDING marker holding the article's token) are
 * still resumed, and finished ones stay known.
 */
const TABLE = 'gzwatch-done';
let t: TestStore;
beforeEach(async () => {
  t = await startTestStore(TABLE);
});
afterEach(async () => t.close());

const article = (n: number): StoredArticle => ({
  id: articleIdForUrl(`https://news.example.cn/d/${n}.html`), url: `https://news.example.cn/d/${n}.html`, title: `第${n}篇`, body: `云从科技第${n}篇报道。`, publishedAt: '2026-12-01T01:00:00.000Z',
  source: 'example', sourceName: '示例', sourceKind: 'news', firstSeenAt: '2026-12-01T01:00:00.000Z', mentions: [],
});

/** Stores `a` as the token-and-marker versions did: the article with a token, and a marker holding `marker` (or none). */
async function storeTheEarlierWay(a: StoredArticle, marker: string | undefined): Promise<void> {
  await t.doc.send(new PutCommand({ TableName: TABLE, Item: { ...articleItem(a).item, pendingToken: 'tok-1' } }));
  if (marker) await t.doc.send(new PutCommand({ TableName: TABLE, Item: { pk: `ARTICLE#${a.id}`, sk: 'PENDING', pendingToken: marker } }));
}

test('an article an earlier version left pending is resumed, and known once marked done', async () => {
  const left = article(1);
  await storeTheEarlierWay(left, 'tok-1');
  expect(await t.store.articles.knownAmong([left.url])).toEqual(new Set());
  expect(await t.store.articles.putPending(left)).toMatchObject({ status: 'resumed', article: { url: left.url } });
  await t.store.articles.markDone([left.id]);
  expect(await t.store.articles.knownAmong([left.url])).toEqual(new Set([left.url]));
});

test('an article an earlier version finished (no marker, or a stale one) is known', async () => {
  const finished = article(2);
  const stale = article(3);
  await storeTheEarlierWay(finished, undefined);
  await storeTheEarlierWay(stale, 'tok-other');
  expect(await t.store.articles.knownAmong([finished.url, stale.url])).toEqual(new Set([finished.url, stale.url]));
  expect(await t.store.articles.putPending(finished)).toMatchObject({ status: 'known' });
});

test('a second collector storing the same new article finds it pending and resumes it; the stored article carries no bookkeeping', async () => {
  const a = article(4);
  expect((await t.store.articles.putPending(a)).status).toBe('new');
  const second = await t.store.articles.putPending({ ...a, firstSeenAt: '2026-12-01T03:00:00.000Z' });
  expect(second).toMatchObject({ status: 'resumed', article: { firstSeenAt: a.firstSeenAt } });
  expect(second.article).not.toHaveProperty('awaitsDone');
  expect(await t.store.articles.get(a.id)).not.toHaveProperty('pendingToken');
  await t.store.articles.markDone([a.id, a.id]);
  expect(await t.store.articles.putPending(a)).toMatchObject({ status: 'known' });
});
