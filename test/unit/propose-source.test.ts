import { generaliseUrls, looksLikeTitle, proposeList } from '../../lambdas/core/extract/propose-source';

const page = (body: string) => `<html><head><title>列表</title></head><body>${body}</body></html>`;

test('titles are 6–80 characters of Chinese or words; page numbers and 更多 are not', () => {
  expect(looksLikeTitle('关于申报算力补贴项目的通知')).toBe(true);
  expect(looksLikeTitle('Guangzhou opens a new AI park')).toBe(true);
  expect(looksLikeTitle('更多')).toBe(false);
  expect(looksLikeTitle('下一页')).toBe(false);
  expect(looksLikeTitle('12345678')).toBe(false);
  expect(looksLikeTitle('长'.repeat(81))).toBe(false);
});

test('numbers generalise; segments that differ become any segment, keeping the extension', () => {
  expect(generaliseUrls(['https://a.gov.cn/x/content/post_123.html', 'https://a.gov.cn/x/content/post_456.html'])).toBe('^https?://a\\.gov\\.cn/x/content/post_\\d+\\.html$');
  expect(generaliseUrls(['https://a.gov.cn/x/content/post_1.html', 'https://a.gov.cn/x/content/mpost_2.html'])).toBe('^https?://a\\.gov\\.cn/x/content/[^/]*\\d+[^/]*\\.html$');
  expect(generaliseUrls(['https://news.s.com/a/1.shtml', 'https://economy.s.com/b/2.shtml'])).toBe('^https?://(?:[\\w-]+\\.)*s\\.com/[^/]+/\\d+\\.shtml$');
});

test('the list wins over navigation, the pager and the footer, even when they have more links', () => {
  const nav = `<div class="nav">${['政务公开信息栏目', '新闻动态信息栏目', '办事服务信息栏目', '互动交流信息栏目'].map((t, i) => `<a href="/c${i}/">${t}</a>`).join('')}</div>`;
  const list = `<ul class="news"><li><a href="/n/post_101.html">区人工智能产业园新一批企业入驻</a> <span>2026-11-20</span></li><li><a href="/n/post_102.html">关于申报算力补贴项目的通知</a> <span>2026-11-21</span></li></ul>`;
  const result = proposeList(page(`${nav}${list}<div class="pager"><a href="/n/index_2.html">下一页</a></div>`), 'https://www.a.gov.cn/n/');
  expect(result).toEqual({ ok: true, proposal: expect.objectContaining({ list: { item: 'ul.news > li', link: 'a', date: 'span' }, urls: ['https://www.a.gov.cn/n/post_101.html', 'https://www.a.gov.cn/n/post_102.html'] }) });
});

test('a page of navigation only has no list, and says so in one line', () => {
  const result = proposeList(page('<div class="nav"><a href="/a/">政务公开信息栏目</a></div><p>暂无内容</p><a href="https://other.example.com/x/1.html">别的网站的一篇文章标题</a>'), 'https://www.a.gov.cn/n/');
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.reason).toMatch(/^no list of article links found on https:\/\/www\.a\.gov\.cn\/n\/ [^\n]*$/);
});
