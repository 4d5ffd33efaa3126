import { digestItems, highlightMention, summaryNames } from '../../lambdas/core/digest/compose-digest';
import { renderDigest } from '../../lambdas/core/digest/render-digest';
import { isDigestDue } from '../../lambdas/core/use-cases/deliver-due-digests';
import type { Entity, Mention, StoredArticle, Subscriber } from '../../lambdas/core/types';

const entity = (id: string, kind: Entity['kind'], name: string): Entity => ({ id, kind, name, aliases: [], context: [], exclude: [], tags: [], enabled: true });
const cloudwalk = entity('company-cloudwalk', 'company', '云从科技');
const pony = entity('company-pony', 'company', '小马智行');
const compute = entity('policy-compute', 'policy', '算力');
const entities = new Map([cloudwalk, pony, compute].map((e) => [e.id, e]));

function mentionsOf(body: string, names: Entity[]): Mention[] {
  return names
    .map((e) => {
      const start = body.indexOf(e.name);
      return { entityId: e.id, name: e.name, kind: e.kind, text: e.name, start, end: start + e.name.length, field: 'body' as const, snippet: '' };
    })
    .sort((a, b) => a.start - b.start);
}

let n = 0;
function article(title: string, body: string, publishedAt: string, names: Entity[], over: Partial<StoredArticle> = {}): StoredArticle {
  n++;
  return {
    id: `a${n}`, url: `https://news.example.cn/${n}.htm`, title, body, publishedAt, source: 's', sourceName: '示例新闻网', sourceKind: 'news',
    firstSeenAt: '2026-12-01T03:00:00.000Z', mentions: mentionsOf(body, names), ...over,
  };
}

const subscriber = (over: Partial<Subscriber> = {}): Subscriber => ({
  email: 'a@example.com', follows: ['company-cloudwalk'], followsAll: false, digestHour: 8, status: 'active', unsubscribeToken: 't', sendEmpty: false, createdAt: '2026-01-01T00:00:00.000Z', ...over,
});

const articles = [
  article('算力新政出台', '广州发布算力新政。小马智行表示欢迎。', '2026-12-01T01:00:00.000Z', [compute, pony]),
  article('云从科技早间发布', '据悉，算力需求上升。云从科技发布新模型。', '2026-12-01T00:00:00.000Z', [compute, cloudwalk]),
  article('云从科技午间签约', '云从科技与广汽签约。', '2026-12-01T02:00:00.000Z', [cloudwalk]),
  article('旧闻', '云从科技五年前的旧闻。', '2021-06-01T02:00:00.000Z', [cloudwalk], { backfill: true }),
];

test('the highlighted sentence names the followed entity, not the topic that comes first', () => {
  const item = articles[1]!;
  expect(highlightMention(subscriber(), item.mentions, entities)?.name).toBe('云从科技');
  // Someone following everything still sees the company before the policy topic.
  expect(highlightMention(subscriber({ follows: [], followsAll: true }), item.mentions, entities)?.name).toBe('云从科技');
});

test('what the subscriber follows comes first, newest first; the rest after; backfill only counted', () => {
  const everything = subscriber({ follows: ['company-cloudwalk'], followsAll: true });
  const items = digestItems(everything, articles, entities);
  expect(items).toHaveLength(3);
  const r = renderDigest({ date: '2026-12-01', items, problems: [], unsubscribeUrl: 'https://u', older: 1 });
  const text = r.text;
  expect(text.indexOf('== 你关注的 ==')).toBeLessThan(text.indexOf('云从科技午间签约'));
  expect(text.indexOf('云从科技午间签约')).toBeLessThan(text.indexOf('云从科技早间发布'));
  expect(text.indexOf('云从科技早间发布')).toBeLessThan(text.indexOf('== 其他动态 =='));
  expect(text.indexOf('== 其他动态 ==')).toBeLessThan(text.indexOf('算力新政出台'));
  expect(text).not.toContain('旧闻');
  expect(text).toContain('另发现 1 份较早发布的文件（已收录，不作为新动态）。');
  // The sentence shown names the followed company; its chip says so in words.
  expect(text).toContain('“[云从科技]发布新模型。”');
  expect(text).toContain('★云从科技（企业）、算力（政策）');
  expect(r.html).toContain('★ 云从科技 · 企业 · 关注');
});

test('the summary names the most-mentioned followed names with the change against the period before, and new policy documents one line each', () => {
  const rows = [
    ...articles,
    article('前一天', '云从科技昨日消息。', '2026-11-30T01:00:00.000Z', [cloudwalk], { firstSeenAt: '2026-11-30T03:00:00.000Z' }),
    article('前一天二', '小马智行昨日消息。', '2026-11-30T01:00:00.000Z', [pony], { firstSeenAt: '2026-11-30T03:00:00.000Z' }),
    article('前一天三', '小马智行昨日又一条。', '2026-11-30T02:00:00.000Z', [pony], { firstSeenAt: '2026-11-30T03:00:00.000Z' }),
  ];
  const names = summaryNames(subscriber({ follows: [], followsAll: true }), rows, entities, '2026-11-30T16:00:00.000Z', '2026-12-01T16:00:00.000Z');
  expect(names).toEqual([
    { name: '云从科技', kind: 'company', count: 2, previous: 1 },
    { name: '小马智行', kind: 'company', count: 1, previous: 2 },
  ]);
  const policy = article('广州市算力券管理办法', '支持算力。', '2026-12-01T01:00:00.000Z', [compute], { sourceKind: 'policy', meta: { 文号: '穗工信规〔2026〕3号' } });
  const r = renderDigest({ date: '2026-12-01', items: [{ article: policy, mentions: policy.mentions }], problems: [], unsubscribeUrl: 'https://u', summaryNames: names });
  expect(r.text).toContain('摘要：政策文件 1 份 · 新闻 0 条');
  expect(r.text).toContain('提及最多：云从科技 2（↑1）、小马智行 1（↓1）');
  expect(r.text).toContain('  • 广州市算力券管理办法 穗工信规〔2026〕3号');
  // The summary comes before the first section.
  expect(r.html.indexOf('摘要')).toBeLessThan(r.html.indexOf('<h3'));
});

test('a document already alerted is one compact line', () => {
  const policy = article('广州市算力券管理办法', '支持算力。', '2026-12-01T01:00:00.000Z', [compute], { sourceKind: 'policy' });
  const r = renderDigest({ date: '2026-12-01', items: [{ article: policy, mentions: policy.mentions, alerted: true }], problems: [], unsubscribeUrl: 'https://u' });
  expect(r.text).toContain(`- [已提醒] 广州市算力券管理办法 ${policy.url}`);
  expect(r.text).not.toContain('“');
  expect(r.text).toContain('（其中 1 份已提醒）');
});

test('English per subscriber, and a weekly digest says so', () => {
  const items = digestItems(subscriber(), articles, entities);
  const r = renderDigest({ date: '2026-12-07', lang: 'en', weekly: true, items, problems: [], unsubscribeUrl: 'https://u' });
  expect(r.subject).toBe('gzwatch weekly digest 2026-12-07: 2 new items (Companies 2)');
  expect(r.html).toContain('<html lang="en">');
  expect(r.text).toContain('Summary: 0 policy documents · 2 news items');
  expect(r.text).toContain('Companies (2)');
  expect(r.text).not.toMatch(/[摘要企业退订]/);
});

describe('when a digest is due', () => {
  const weekly = subscriber({ frequency: 'weekly', digestHour: 8 });
  test.each([
    ['a daily subscriber at their hour', subscriber(), '2026-12-02T00:30:00.000Z', '2026-12-02', true],
    ['a daily subscriber before their hour', subscriber(), '2026-12-01T23:30:00.000Z', '2026-12-02', false],
    ['a weekly subscriber on Monday at their hour (Asia/Shanghai)', weekly, '2026-12-07T00:00:00.000Z', '2026-12-07', true],
    ['a weekly subscriber on Monday before their hour', weekly, '2026-12-06T23:00:00.000Z', '2026-12-07', false],
    ['a weekly subscriber on a Tuesday', weekly, '2026-12-08T01:00:00.000Z', '2026-12-08', false],
    ['a weekly subscriber on a past Monday', weekly, '2026-12-08T01:00:00.000Z', '2026-12-07', true],
  ])('%s', (_name, s, at, date, due) => {
    expect(isDigestDue(s, new Date(at), date)).toBe(due);
  });
});
