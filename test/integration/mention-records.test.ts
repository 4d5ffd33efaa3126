import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { capArticle } from '../../lambdas/adapters/dynamo/article-item';
import type { MentionRecord } from '../../lambdas/core/ports';
import type { Mention, StoredArticle } from '../../lambdas/core/types';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';

/**
 * Mention records are stored compactly (keys carry entity, article and time; one packed attribute
 * the rest), but readers (entity pages, feeds, `gzwatch mentions --json`) must get back exactly
 * the record the article's mentions make, and records stored in the earlier layout still read.
 */
let t: TestStore;
const TABLE = 'gzwatch-test';

beforeEach(async () => {
  t = await startTestStore(TABLE);
});
afterEach(async () => {
  await t.close();
});

const mention = (entityId: string, name: string, start: number, extra: Partial<Mention> = {}): Mention => ({
  entityId,
  name,
  kind: 'company',
  text: name,
  start,
  end: start + name.length,
  field: 'body',
  snippet: `……据了解，${name}发布了面向制造业的行业大模型，首批已有二十余家企业报名（${start}）……`,
  reason: '强名称 (strong alias)',
  ...extra,
});

const article: StoredArticle = {
  id: 'a1b2c3d4e5f60718',
  url: 'https://news.example.cn/2026/12/01/a.htm',
  title: '云从科技发布行业大模型',
  body: '正文',
  publishedAt: '2026-12-01T01:00:00.000Z',
  source: 'example',
  sourceName: '示例新闻',
  sourceKind: 'news',
  firstSeenAt: '2026-12-01T02:00:00.000Z',
  mentions: [
    mention('company-cloudwalk', '云从科技', 0, { field: 'title', snippet: '云从科技发布行业大模型' }),
    mention('company-cloudwalk', '云从科技', 40),
    // Mentions of one entity need not share everything: another reason, none at all, a line number.
    mention('company-cloudwalk', '云从', 90, { text: '云从', reason: '上下文「人工智能」' }),
    mention('company-cloudwalk', '云从科技', 130, { reason: undefined }),
    mention('policy-compute', '算力', 60, { kind: 'policy', line: 3 }),
  ],
};
delete (article.mentions[3] as Partial<Mention>).reason;

/** The record as the article's mentions of one entity define it (the layout readers see). */
function expected(entityId: string): MentionRecord {
  const capped = capArticle(article);
  return {
    entityId,
    articleId: capped.id,
    firstSeenAt: capped.firstSeenAt,
    url: capped.url,
    title: capped.title,
    source: capped.sourceName,
    publishedAt: capped.publishedAt,
    mentions: capped.mentions.filter((m) => m.entityId === entityId),
  };
}

test('each entity gets back exactly its mentions of the article, in order, with what differs per mention', async () => {
  await t.store.mentions.putForArticles([article]);
  for (const id of ['company-cloudwalk', 'policy-compute']) {
    const records = await t.store.mentions.listForEntity(id);
    expect(records).toEqual([expected(id)]);
    // The same JSON, key order included, for `gzwatch mentions --json`.
    expect(JSON.stringify(records[0]!.mentions)).toBe(JSON.stringify(expected(id).mentions));
  }
});

test('the stored item keeps nothing the keys already say', async () => {
  await t.store.mentions.putForArticles([article]);
  const out = await t.doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'MENTION#company-cloudwalk' } }));
  expect(Object.keys(out.Items![0]!).sort()).toEqual(['d', 'expiresAt', 'pk', 'sk']);
});

test('a record stored in the earlier layout (every field its own attribute) still reads', async () => {
  const old = expected('company-cloudwalk');
  await t.doc.send(
    new PutCommand({
      TableName: TABLE,
      Item: { pk: `MENTION#${old.entityId}`, sk: `${old.firstSeenAt}#${old.articleId}`, ...old, mentions: JSON.stringify(old.mentions), expiresAt: 1 },
    }),
  );
  expect(await t.store.mentions.listForEntity('company-cloudwalk')).toEqual([old]);
});
