import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ARTICLE_LIMITS } from '../../lambdas/adapters/dynamo/article-item';
import { itemSize, MAX_ITEM_BYTES } from '../../lambdas/adapters/dynamo/item-size';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { Mention, StoredArticle } from '../../lambdas/core/types';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/**
 * Pathological pages stored through the real repositories: every item stays within DynamoDB's
 * 400 KB by DynamoDB's own size rule (dynalite's check differs, so the stored item is measured).
 */
let t: TestStore;
const TABLE = 'gzwatch-test';

beforeEach(async () => {
  t = await startTestStore(TABLE);
});
afterEach(async () => {
  await t.close();
});

const storedItem = async (pk: string, sk: string) => (await t.doc.send(new GetCommand({ TableName: TABLE, Key: { pk, sk } }))).Item!;

// Text that deflate cannot shrink much: CJK characters in a pseudo-random order.
function noisyChinese(chars: number, seed = 7): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < chars; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += String.fromCharCode(0x4e00 + (x % 0x5000));
  }
  return out;
}

let huge: Pick<StoredArticle, 'title' | 'body' | 'mentions' | 'meta'> | undefined;

function pathological(url: string): StoredArticle {
  huge ??= {
    title: noisyChinese(150_000),
    body: noisyChinese(400_000, 11),
    mentions: Array.from({ length: 5000 }, (_, i): Mention => ({
    entityId: `company-${i % 10}`, name: `公司${i % 10}`, kind: 'company', text: `公司${i % 10}`, start: i * 10, end: i * 10 + 3, field: 'body', snippet: noisyChinese(400, i),
    })),
    meta: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`字段${i}`, noisyChinese(5000, i)])),
  };
  return { ...huge, id: articleIdForUrl(url), url, publishedAt: null, source: 'gz-kjj', sourceName: '广州市科学技术局', sourceKind: 'news', firstSeenAt: '2026-11-28T01:00:00.000Z' };
}

test('a page with a 150,000-character heading, a 400,000-character body and 5,000 mentions is stored within 400 KB', async () => {
  const url = 'https://kjj.gz.gov.cn/xxgk/content/post_9.html';
  expect(await t.store.articles.putIfNew(pathological(url))).toBe(true);
  const item = await storedItem(`ARTICLE#${articleIdForUrl(url)}`, 'ARTICLE');
  const size = itemSize(item);
  expect(size).toBeLessThan(MAX_ITEM_BYTES);
  const back = await t.store.articles.get(articleIdForUrl(url));
  expect([...back!.title]).toHaveLength(ARTICLE_LIMITS.titleChars);
  expect(back!.title.endsWith('…')).toBe(true);
  expect(back!.body.length).toBeGreaterThan(1000);
  expect(back!.mentions.length).toBeGreaterThan(0);
  expect(back!.mentions.length).toBeLessThanOrEqual(ARTICLE_LIMITS.mentions);
  // The next, ordinary article of the same source is stored as usual.
  const next = 'https://kjj.gz.gov.cn/xxgk/content/post_10.html';
  expect(await t.store.articles.putIfNew({ ...pathological(next), title: '广州发布人工智能产业政策', body: '正文。', mentions: [], meta: undefined })).toBe(true);
  expect((await t.store.articles.get(articleIdForUrl(next)))?.title).toBe('广州发布人工智能产业政策');
});

test('a revision of such a document is bounded the same way', async () => {
  const url = 'https://www.gz.gov.cn/gfxwj/content/post_1.html';
  const small = { ...pathological(url), title: '办法', body: '第一条。', mentions: [], meta: {}, snapshotHash: 'h1' };
  await t.store.articles.putIfNew(small);
  expect(await t.store.articles.revise({ ...pathological(url), snapshotHash: 'h2', revisedAt: '2026-11-29T00:00:00.000Z' }, 'h1')).toBe(true);
  expect(itemSize(await storedItem(`ARTICLE#${articleIdForUrl(url)}`, 'ARTICLE'))).toBeLessThan(MAX_ITEM_BYTES);
});

test('mention records of such a page stay small: at most 20 mentions per entity, the title capped', async () => {
  const article = pathological('https://kjj.gz.gov.cn/xxgk/content/post_11.html');
  await t.store.mentions.putForArticles([article]);
  const out = await t.doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'MENTION#company-1' } }));
  const item = out.Items![0]!;
  expect(itemSize(item)).toBeLessThan(40 * 1024);
  const [record] = await t.store.mentions.listForEntity('company-1');
  expect(record!.mentions).toHaveLength(20);
});

test('a failing source with a 100,000-character error message is recorded with a capped error', async () => {
  await t.store.sources.recordFailure('gz-kjj', '广州市科学技术局', '2026-11-28T01:00:00.000Z', 'extraction', noisyChinese(100_000));
  const item = await storedItem('SOURCE', 'gz-kjj');
  expect([...(item.lastError as string)]).toHaveLength(1000);
  expect(itemSize(item)).toBeLessThan(4 * 1024);
});

test('a digest outbox record too large for one item is stored shortened, with a note, and stays within 400 KB', async () => {
  const to = 'reader@example.com';
  const text = noisyChinese(300_000, 3);
  const html = `<p>${noisyChinese(300_000, 5)}</p>`;
  const png = Buffer.from(noisyChinese(50_000, 9)).toString('base64');
  await t.store.outbox.createIfAbsent({
    recipient: to, key: 'DIGEST#2026-11-28', status: 'PENDING', subject: `gzwatch digest ${'长'.repeat(10_000)}`, html, text, headers: { 'List-Unsubscribe': '<https://gzwatch.example.com/u?t=x>' },
    attachments: [{ filename: 'trend.png', cid: 'trend@gzwatch', contentType: 'image/png', contentBase64: png }], messageId: '', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z',
  });
  const item = await storedItem('OUTBOX#reader@example.com', 'DIGEST#2026-11-28');
  expect(itemSize(item)).toBeLessThan(MAX_ITEM_BYTES);
  const record = await t.store.outbox.get(to, 'DIGEST#2026-11-28');
  expect(record!.text).toMatch(/^\(This message was too large to store for delivery; gzwatch shortened it\. 此邮件过大，已截短。\)/);
  expect(record!.html).toContain('此邮件过大，已截短。');
  expect(record!.attachments).toBeUndefined();
  expect([...record!.subject]).toHaveLength(200);
});

test('an ordinary outbox record is stored whole, inline image included', async () => {
  const to = 'reader@example.com';
  const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');
  await t.store.outbox.createIfAbsent({
    recipient: to, key: 'DIGEST#2026-11-28', status: 'PENDING', subject: 'gzwatch digest 2026-11-28: 1 article', html: '<p>云从科技</p>', text: '云从科技', headers: {},
    attachments: [{ filename: 'trend.png', cid: 'trend@gzwatch', contentType: 'image/png', contentBase64: png }], messageId: '', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z',
  });
  const record = await t.store.outbox.get(to, 'DIGEST#2026-11-28');
  expect(record).toMatchObject({ html: '<p>云从科技</p>', text: '云从科技', attachments: [{ cid: 'trend@gzwatch', contentBase64: png }], status: 'PENDING' });
});
