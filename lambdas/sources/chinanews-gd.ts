import type { SourceDefinition } from '../core/types';

/** 中新网广东 · 要闻. The site is GB2312: the fetcher sniffs the meta tag and decodes as gb18030. */
export const chinanewsGd: SourceDefinition = {
  id: 'chinanews-gd',
  name: '中新网广东 · 要闻',
  kind: 'news',
  type: 'html',
  urls: ['https://www.gd.chinanews.com.cn/index/yw.html'],
  match: '^https?://www\\.gd\\.chinanews\\.com\\.cn/\\d{4}/\\d{4}-\\d{2}-\\d{2}/\\d+\\.shtml$',
  article: { title: 'h1', date: '.left_time', body: '.left_zw', remove: ['.share', '.adInContent'] },
  maxArticles: 20,
  notes: 'GB2312; the day is in the URL (/YYYY/YYYY-MM-DD/), the time in .left_time.',
  reference: 'public crawlers of index/yw.html decoding gb2312 as gbk; body div.left_zw without .adInContent (sources.md, checked 2026-12)',
};
