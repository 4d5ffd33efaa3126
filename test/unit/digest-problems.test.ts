import { toOutboxItem } from '../../lambdas/adapters/dynamo/outbox-item';
import { itemSize } from '../../lambdas/adapters/dynamo/item-size';
import { MAX_PROBLEMS_SHOWN, renderDigest } from '../../lambdas/core/digest/render-digest';
import type { SourceHealth } from '../../lambdas/core/types';

const problems: SourceHealth[] = Array.from({ length: 1000 }, (_, i) => ({
  sourceId: `src-${String(i).padStart(4, '0')}`, sourceName: `来源${String(i).padStart(4, '0')}`, lastRunAt: '2026-11-28T00:00:00.000Z', consecutiveFailures: i === 500 ? 40 : 1 + (i % 5),
  failureClass: 'network', lastError: `cannot reach host-${i}.example.cn: ${'连接被重置'.repeat(200)}`,
}));

test('a digest with 1,000 failing sources names the ten failing longest, counts the rest, and its outbox record stays far below 400 KB', () => {
  const rendered = renderDigest({ date: '2026-11-28', items: [], problems, unsubscribeUrl: 'https://gzwatch.example.com/u?t=abc' });
  expect(rendered.subject).toBe('gzwatch 日报 2026-11-28：暂无新动态，1000 个来源异常');
  expect(rendered.html).toContain('异常来源（1000）');
  expect(rendered.html.match(/<li /g)).toHaveLength(MAX_PROBLEMS_SHOWN);
  expect(rendered.html).toContain('来源0500');
  expect(rendered.html).toContain('……另有 990 个来源异常（gzwatch sources 可查看全部）。');
  expect(rendered.text).toContain('……另有 990 个来源异常（gzwatch sources 可查看全部）。');
  const item = toOutboxItem({ recipient: 'reader@example.com', key: 'DIGEST#2026-11-28', status: 'PENDING', subject: rendered.subject, html: rendered.html, text: rendered.text, headers: {}, messageId: '', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z' });
  expect(itemSize(item)).toBeLessThan(20 * 1024);
  expect(Buffer.byteLength(rendered.html)).toBeLessThan(30 * 1024);
});

test('a few failing sources are all listed, in the order given', () => {
  const rendered = renderDigest({ date: '2026-11-28', items: [], problems: problems.slice(0, 3), unsubscribeUrl: 'https://gzwatch.example.com/u?t=abc' });
  expect(rendered.text).toMatch(/- 来源0000: [^\n]*\n- 来源0001: [^\n]*\n- 来源0002: /);
  expect(rendered.text).not.toContain('另有');
});
