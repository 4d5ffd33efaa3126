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
  expect(rendered.subject).toBe('gzwatch digest 2026-11-28: no new mentions, 1000 sources failing');
  expect(rendered.html).toContain('Sources with problems (1000)');
  expect(rendered.html.match(/<li /g)).toHaveLength(MAX_PROBLEMS_SHOWN);
  expect(rendered.html).toContain('来源0500: network');
  expect(rendered.html).toContain('…and 990 more failing sources (<code>gzwatch sources</code> lists them all).');
  expect(rendered.text).toContain('…and 990 more failing sources (gzwatch sources lists them all).');
  const item = toOutboxItem({ recipient: 'reader@example.com', key: 'DIGEST#2026-11-28', status: 'PENDING', subject: rendered.subject, html: rendered.html, text: rendered.text, headers: {}, messageId: '', attempts: 0, createdAt: '2026-11-28T00:00:00.000Z' });
  expect(itemSize(item)).toBeLessThan(20 * 1024);
  expect(Buffer.byteLength(rendered.html)).toBeLessThan(30 * 1024);
});

test('a few failing sources are all listed, in the order given', () => {
  const rendered = renderDigest({ date: '2026-11-28', items: [], problems: problems.slice(0, 3), unsubscribeUrl: 'https://gzwatch.example.com/u?t=abc' });
  expect(rendered.text).toMatch(/- 来源0000: [^\n]*\n- 来源0001: [^\n]*\n- 来源0002: /);
  expect(rendered.text).not.toContain('more failing');
});
