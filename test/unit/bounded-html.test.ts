import { boundHtml, MAX_DEPTH } from '../../lambdas/core/extract/bounded-html';
import { extractArticle } from '../../lambdas/core/extract/extract-article';

const deep = (levels: number) =>
  `<html><head><title>云从科技发布新品</title></head><body><h1>云从科技发布新品</h1>${'<div>'.repeat(levels)}<p>广州人工智能产业发展迅速，云从科技今天发布了面向金融行业的大模型产品。</p>${'</div>'.repeat(levels)}</body></html>`;

test('a page nested 100,000 levels deep (1.1 MB) is read like a shallow one, its text kept', () => {
  const html = deep(100_000);
  expect(html.length).toBeGreaterThan(1_100_000);
  // Before the bound this overflowed the stack (and took minutes at 1 MB of nesting).
  const article = extractArticle(html, 'https://news.example.cn/a/1.html');
  expect(article.title).toBe('云从科技发布新品');
  expect(article.body).toContain('云从科技今天发布了面向金融行业的大模型产品');
});

test('nesting past the bound is flattened, shallower structure is untouched', () => {
  const shallow = '<div><ul><li><a href="/a">一</a></li></ul></div>';
  expect(boundHtml(shallow)).toBe(shallow);
  const bounded = boundHtml(`${'<div>'.repeat(MAX_DEPTH + 50)}正文${'</div>'.repeat(MAX_DEPTH + 50)}`);
  expect(bounded.match(/<div>/g)).toHaveLength(MAX_DEPTH);
  expect(bounded.match(/<\/div>/g)).toHaveLength(MAX_DEPTH);
  expect(bounded).toContain('正文');
});
