import { channelFollows } from '../../lambdas/core/channels/channel';
import { policyAlertBatch, policyEventsMessage } from '../../lambdas/core/channels/policy-events-message';
import { renderChannelParts } from '../../lambdas/core/channels/renderers';
import type { PolicyEvent } from '../../lambdas/core/alerts/alert-batch';
import type { Entity, Mention, StoredArticle } from '../../lambdas/core/types';

const body = '第一条 为降低企业使用算力的成本，制定本办法。第二条 本市中小企业租用智算中心资源，可以申请算力券。';

function mention(entityId: string, kind: Mention['kind'], text: string): Mention {
  const start = body.indexOf(text);
  return { entityId, name: text, kind, text, start, end: start + text.length, field: 'body', snippet: text };
}

function article(id: string, title: string, mentions: Mention[]): StoredArticle {
  return { id, url: `https://gxj.gz.gov.cn/gfxwj/content/${id}.html`, title, publishedAt: '2026-11-20T02:00:00.000Z', body, source: 'gz-gxj', sourceName: '广州市工业和信息化局', sourceKind: 'policy', firstSeenAt: '2026-12-01T02:00:00.000Z', mentions } as StoredArticle;
}

const entities: Entity[] = [
  { id: 'policy-compute', kind: 'policy', name: '算力券', aliases: [], context: [], exclude: [], tags: ['算力'], enabled: true },
  { id: 'policy-old', kind: 'policy', name: '智算中心', aliases: [], context: [], exclude: [], tags: [], enabled: false },
];

test('policy events become one message: one item per document, about what it names, with the naming sentence or the change', () => {
  const events: PolicyEvent[] = [
    { kind: 'new', article: article('post_1001', '广州市算力券管理办法', [mention('policy-compute', 'policy', '算力券')]) },
    {
      kind: 'changed',
      article: article('post_1002', '广州市智算中心建设指引', [mention('policy-old', 'policy', '智算中心'), mention('company-x', 'company', '中小企业')]),
      previousHash: 'a'.repeat(64),
      diff: { fields: [{ kind: 'status', name: 'status', before: '有效', after: '废止' }], addedSentences: [], removedSentences: ['旧的一句。'] },
    },
    { kind: 'new', article: article('post_1003', '智算中心名录', [mention('policy-old', 'policy', '智算中心')]) },
  ];
  const message = policyEventsMessage(events, entities);
  expect(message.markdown).toBe('本轮发现 1 份新政策文件、1 份文件更新。');
  expect(message.items.map((i) => i.title)).toEqual(['【新文件】广州市算力券管理办法', '【文件更新】广州市智算中心建设指引']);
  expect(message.items[0]!.summary).toBe('第二条 本市中小企业租用智算中心资源，可以申请算力券。');
  expect(message.items[1]!.summary).toBe('状态：有效 → 废止；正文修改：新增 0 句，删除 1 句');
  // The third names only a switched-off entity: left out. The second counts for the company it names, not the disabled policy.
  expect(message.items.map((i) => channelFollows({ follows: ['算力'] }, i))).toEqual([true, false]);
  expect(message.items.map((i) => channelFollows({ follows: ['company'] }, i))).toEqual([false, true]);
  expect(message.items.map((i) => channelFollows({ follows: ['policy'] }, i))).toEqual([true, false]);
  const [wecom] = renderChannelParts('wecom', message);
  expect((JSON.parse(wecom!) as { markdown: { content: string } }).markdown.content).toContain('**[【新文件】广州市算力券管理办法](https://gxj.gz.gov.cn/gfxwj/content/post_1001.html)**');
});

test('the batch key depends only on which documents and versions the run found', () => {
  const a: PolicyEvent = { kind: 'new', article: article('post_1001', '广州市算力券管理办法', [mention('policy-compute', 'policy', '算力券')]) };
  const b: PolicyEvent = { kind: 'new', article: article('post_1004', '黄埔区算力补贴细则', [mention('policy-compute', 'policy', '算力券')]) };
  const key = policyAlertBatch([a, b], entities).key;
  expect(key).toMatch(/^ALERTS#[0-9a-f]{16}$/);
  expect(policyAlertBatch([b, a], entities).key).toBe(key);
  expect(policyAlertBatch([a], entities).key).not.toBe(key);
  expect(policyAlertBatch([a, b], entities)).toMatchObject({ kind: 'alerts', message: { items: [{ url: a.article.url }, { url: b.article.url }] } });
});
