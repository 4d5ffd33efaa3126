import { MAX_DIGEST_HTML_BYTES, renderDigest, type DigestItem } from '../../lambdas/core/digest/render-digest';

function item(i: number): DigestItem {
  const body = `第${i}条：云从科技在广州发布面向制造业的行业大模型，已在多家工厂试用。`.repeat(3);
  return {
    article: {
      id: `a${i}`, url: `https://news.example.cn/${i}.htm`, title: `云从科技发布第${i}款行业大模型，面向制造、医疗、政务等多个场景<script>alert(${i})</script>`,
      publishedAt: '2026-11-27T02:00:00.000Z', body, source: 's', sourceName: '示例新闻网', sourceKind: 'news', firstSeenAt: '2026-11-27T03:00:00.000Z',
      mentions: [],
    },
    mentions: [{ entityId: 'company-cloudwalk', name: '云从科技', kind: 'company', text: '云从科技', start: body.indexOf('云从科技'), end: body.indexOf('云从科技') + 4, field: 'body', snippet: '' }],
  };
}

const base = { date: '2026-11-28', problems: [], unsubscribeUrl: 'https://gzwatch.example.com/u?t=abc' };

test('a day with hundreds of stories shows a few per section and says how many more there are', () => {
  const rendered = renderDigest({ ...base, items: Array.from({ length: 400 }, (_, i) => item(i)) });
  expect(Buffer.byteLength(rendered.html)).toBeLessThanOrEqual(MAX_DIGEST_HTML_BYTES);
  const shown = rendered.html.match(/<h4[^>]*><a href="https:\/\/news\.example\.cn\//g)!.length;
  expect(shown).toBe(5);
  expect(rendered.html).toContain('企业（400）');
  expect(rendered.html).toContain('还有 395 条未显示');
  expect(rendered.subject).toBe('gzwatch 日报 2026-11-28：400 条新动态（企业 400）');
});

test('a section cap that would pass Gmail clipping size shows fewer items', () => {
  const rendered = renderDigest({ ...base, perSection: 400, items: Array.from({ length: 400 }, (_, i) => item(i)) });
  expect(Buffer.byteLength(rendered.html)).toBeLessThanOrEqual(MAX_DIGEST_HTML_BYTES);
  const shown = rendered.html.match(/<h4[^>]*><a href="https:\/\/news\.example\.cn\//g)!.length;
  expect(shown).toBeGreaterThan(20);
  expect(rendered.html).toContain(`还有 ${400 - shown} 条未显示`);
});

test('markup in a title shows as text, and the unsubscribe link is visible', () => {
  const rendered = renderDigest({ ...base, items: [item(1)] });
  expect(rendered.html).not.toContain('<script>');
  expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(rendered.html).toContain('<a href="https://gzwatch.example.com/u?t=abc" style="color:#4b5563">退订</a>');
  expect(rendered.text).toContain('退订：https://gzwatch.example.com/u?t=abc');
});

test('a link that is not http(s) is not rendered as a link', () => {
  const evil = item(2);
  evil.article.url = 'javascript:alert(1)';
  const rendered = renderDigest({ ...base, items: [evil] });
  expect(rendered.html).not.toContain('javascript:');
});

test('the highlighted name says why it counts: on hover in HTML, after the sentence in the text part', () => {
  const explained = item(3);
  explained.mentions[0]!.reason = '上下文「大模型」 (context term 大模型)';
  const rendered = renderDigest({ ...base, items: [explained] });
  expect(rendered.html).toContain('<mark style="background:#fde68a;color:#111827;padding:0 1px" title="上下文「大模型」 (context term 大模型)">云从科技</mark>');
  expect(rendered.text).toMatch(/\[云从科技\].*” \(上下文「大模型」 \(context term 大模型\)\)/);
  // Mentions stored before reasons existed still render, without one.
  expect(renderDigest({ ...base, items: [item(4)] }).html).toContain('padding:0 1px">云从科技</mark>');
});
