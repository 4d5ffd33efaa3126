import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { StoredArticle } from '../../lambdas/core/types';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/** An article counts as known only once it is finished; what a stopped run left is resumed as stored. */
let t: TestStore;
beforeEach(async () => {
  t = await startTestStore('gzwatch-pending');
});
afterEach(async () => t.close());

const article = (n: number, firstSeenAt = '2026-12-01T01:00:00.000Z'): StoredArticle => ({
  id: articleIdForUrl(`https://news.example.cn/a/${n}.html`), url: `https://news.example.cn/a/${n}.html`, title: `第${n}篇`, body: `云从科技第${n}篇报道。`, publishedAt: firstSeenAt,
  source: 'example', sourceName: '示例', sourceKind: 'news', firstSeenAt, mentions: [],
});
const marker = async (a: StoredArticle) => (await t.doc.send(new GetCommand({ TableName: 'gzwatch-pending', Key: { pk: `ARTICLE#${a.id}`, sk: 'PENDING' } }))).Item;

test('a stored article is not known until it is marked done, and a rerun resumes it as it was stored', async () => {
  const first = article(1);
  expect((await t.store.articles.putPending(first)).status).toBe('new');
  expect(await t.store.articles.knownAmong([first.url])).toEqual(new Set());
  expect(await t.store.articles.isKnown(first.url)).toBe(false);
  // The run stopped here. The next one stores the same page again, seen later: it gets the first version back.
  const again = await t.store.articles.putPending({ ...first, firstSeenAt: '2026-12-01T02:00:00.000Z' });
  expect(again).toMatchObject({ status: 'resumed', article: { firstSeenAt: first.firstSeenAt } });
  await t.store.articles.markDone([first.id]);
  expect(await t.store.articles.knownAmong([first.url])).toEqual(new Set([first.url]));
  expect(await marker(first)).toBeUndefined();
});

test('storing a finished article again changes nothing and leaves no marker behind', async () => {
  const done = article(2);
  await t.store.articles.putPending(done);
  await t.store.articles.markDone([done.id]);
  expect(await t.store.articles.putPending(done)).toMatchObject({ status: 'known' });
  expect(await marker(done)).toBeUndefined();
  expect(await t.store.articles.isKnown(done.url)).toBe(true);
});

test('articles stored the old way (putIfNew) are known at once', async () => {
  const plain = article(3);
  await t.store.articles.putIfNew(plain);
  expect(await t.store.articles.knownAmong([plain.url, article(4).url])).toEqual(new Set([plain.url]));
});
