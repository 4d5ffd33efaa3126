import { alertBatch, alertGroup, recipientAlerts, type PolicyEvent } from '../../lambdas/core/alerts/alert-batch';
import { BACKFILL_HOURS, isBackfill } from '../../lambdas/core/alerts/backfill';
import { renderAlertBatch } from '../../lambdas/core/digest/render-alert-batch';
import type { Entity, Mention, StoredArticle, Subscriber } from '../../lambdas/core/types';

const compute: Entity = { id: 'policy-compute', kind: 'policy', name: '算力', aliases: [], context: [], exclude: [], tags: ['infra'], enabled: true };
const cloudwalk: Entity = { id: 'company-cloudwalk', kind: 'company', name: '云从科技', aliases: [], context: [], exclude: [], tags: [], enabled: true };

function mention(entity: Entity, body: string): Mention {
  const start = body.indexOf(entity.name);
  return { entityId: entity.id, name: entity.name, kind: entity.kind, text: entity.name, start, end: start + entity.name.length, field: 'body', snippet: '' };
}

function doc(id: string, title: string, body: string, publishedAt: string, names: Entity[], meta?: Record<string, string>): StoredArticle {
  return {
    id, url: `https://www.gz.gov.cn/gfxwj/content/post_${id}.html`, title, body, publishedAt, source: 'gfxwj', sourceName: '广州市规范性文件库', sourceKind: 'policy',
    firstSeenAt: '2026-12-01T02:00:00.000Z', mentions: names.map((e) => mention(e, body)), snapshotHash: `hash-${id}-new`, meta,
  };
}

const fresh = doc('1', '广州市算力券管理办法<script>', '第一条 支持企业使用算力。', '2026-12-01T01:00:00.000Z', [compute], { 文号: '穗工信规〔2026〕3号', 发布机关: '广州市工业和信息化局', 文件状态: '有效' });
const newer = doc('2', '云从科技算力补贴公示', '云从科技获得算力补贴。', '2026-12-01T01:30:00.000Z', [cloudwalk, compute]);
const revisedDoc = doc('3', '广州市智算中心建设指引', '第二条 智算中心应当节能。', '2026-06-01T01:00:00.000Z', [compute]);
const repealedDoc = doc('4', '广州市旧算力扶持办法', '本办法废止。算力。', '2025-01-01T01:00:00.000Z', [compute]);
const events: PolicyEvent[] = [
  { kind: 'changed', article: repealedDoc, previousHash: 'old-4', diff: { fields: [{ kind: 'status', name: 'status', before: '有效', after: '废止' }], addedSentences: [], removedSentences: [] } },
  { kind: 'new', article: fresh },
  { kind: 'changed', article: revisedDoc, previousHash: 'old-3', diff: { fields: [], addedSentences: ['第三条 新增条款。'], removedSentences: ['第三条 旧条款。'] } },
  { kind: 'new', article: newer },
];

const subscriber = (over: Partial<Subscriber>): Subscriber => ({
  email: 'a@example.com', follows: [], digestHour: 8, status: 'active', unsubscribeToken: 'tok-aaaaaaaa', sendEmpty: false, createdAt: '2026-01-01T00:00:00.000Z', ...over,
});

describe('backfill', () => {
  const seen = '2026-12-01T02:00:00.000Z';
  test.each([
    ['published an hour before first seen', '2026-12-01T01:00:00.000Z', false, false],
    [`published just within ${BACKFILL_HOURS} hours`, '2026-11-28T02:00:01.000Z', false, false],
    [`published just over ${BACKFILL_HOURS} hours before`, '2026-11-28T01:59:59.000Z', false, true],
    ['published months before, on a later run too', '2026-06-01T00:00:00.000Z', false, true],
    ['undated on the source\'s first run', null, true, true],
    ['undated on a later run', null, false, false],
    ['dated a month in the future (a 施行日期, not a publication) on a first run', '2027-01-01T00:00:00.000Z', true, true],
  ])('%s', (_name, published, firstRun, expected) => {
    expect(isBackfill(published, seen, firstRun)).toBe(expected);
  });
});

describe('alert batches', () => {
  test('events are grouped new, revised, repealed, newest first inside a group, with an id that depends only on the events', () => {
    const batch = alertBatch(events, '2026-12-01T02:05:00.000Z');
    expect(batch.events.map((e) => [alertGroup(e), e.article.id])).toEqual([['new', '2'], ['new', '1'], ['revised', '3'], ['repealed', '4']]);
    expect(alertBatch([...events].reverse(), '2026-12-02T00:00:00.000Z').id).toBe(batch.id);
    expect(alertBatch(events.slice(1), '2026-12-01T02:05:00.000Z').id).not.toBe(batch.id);
  });

  test('each subscriber gets what they follow; following nothing gets nothing; a stored subscriber without followsAll and an empty list gets everything', () => {
    const batch = alertBatch(events, '2026-12-01T02:05:00.000Z');
    const subs = [
      subscriber({ email: 'company@example.com', follows: ['company-cloudwalk'] }),
      subscriber({ email: 'nothing@example.com', follows: [], followsAll: false }),
      subscriber({ email: 'legacy@example.com', follows: [] }),
      subscriber({ email: 'tag@example.com', follows: ['infra'] }),
      subscriber({ email: 'gone@example.com', status: 'unsubscribed' }),
    ];
    const out = recipientAlerts(batch, subs, [compute, cloudwalk]);
    expect(out.map((r) => [r.subscriber.email, r.events.map((e) => e.event.article.id)])).toEqual([
      ['company@example.com', ['2']],
      ['legacy@example.com', ['2', '1', '3', '4']],
      ['tag@example.com', ['2', '1', '3', '4']],
    ]);
    expect(out[0]!.events[0]!.mentions.map((m) => m.entityId)).toEqual(['company-cloudwalk']);
  });

  test('one message renders every group with the diff and the policy facts, escaped, in Chinese', () => {
    const [alert] = recipientAlerts(alertBatch(events, '2026-12-01T02:05:00.000Z'), [subscriber({})], [compute, cloudwalk]);
    const r = renderAlertBatch(alert!, 'https://gzwatch.example.com/u?t=x');
    expect(r.subject).toBe('gzwatch 政策提醒：4 份文件（新发布 2 · 修订 1 · 废止 1）');
    expect(r.text.indexOf('== 新发布（2） ==')).toBeLessThan(r.text.indexOf('== 已修订（1） =='));
    expect(r.text.indexOf('== 已修订（1） ==')).toBeLessThan(r.text.indexOf('== 已废止或失效（1） =='));
    expect(r.text).toContain('文号 穗工信规〔2026〕3号 · 发文机关 广州市工业和信息化局 · 发布日期 2026-12-01 · 有效性 有效');
    expect(r.text).toContain('+ 第三条 新增条款。');
    expect(r.text).toContain('- 第三条 旧条款。');
    expect(r.text).toContain('状态：有效 → 废止');
    expect(r.text).toContain('“[云从科技]获得算力补贴。”');
    expect(r.html).toContain('<html lang="zh-CN">');
    expect(r.html).toContain('广州市算力券管理办法&lt;script&gt;');
    expect(r.html).not.toContain('<script>');
    expect(r.html).toContain('<del>− 第三条 旧条款。</del>');
  });

  test('a subscriber reading English gets the English table', () => {
    const [alert] = recipientAlerts(alertBatch(events.slice(1, 2), 'x'), [subscriber({ lang: 'en' })], [compute]);
    const r = renderAlertBatch(alert!, 'https://gzwatch.example.com/u?t=x');
    expect(r.subject).toBe('gzwatch policy alert: 广州市算力券管理办法<script>');
    expect(r.text).toContain('Document no. 穗工信规〔2026〕3号 · Issued by 广州市工业和信息化局');
    expect(r.html).toContain('<html lang="en">');
    expect(r.text).toContain('Unsubscribe: https://gzwatch.example.com/u?t=x');
  });
});
