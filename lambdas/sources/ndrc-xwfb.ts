import type { SourceDefinition } from '../core/types';

/** 国家发展和改革委员会 · 新闻发布: 算力, data-element and AI+ policy announcements. */
export const ndrcXwfb: SourceDefinition = {
  id: 'ndrc-xwfb',
  name: '国家发展和改革委员会 · 新闻发布',
  kind: 'policy',
  type: 'html',
  urls: ['https://www.ndrc.gov.cn/xwdt/xwfb/'],
  list: { item: '.u-list li', link: 'a' },
  match: '^https?://www\\.ndrc\\.gov\\.cn/xwdt/.+/t\\d{8}_\\d+\\.html$',
  article: { body: '.TRS_Editor, .article_con', date: 'meta[name="PubDate"]' },
  nextPage: { url: 'index_{n}.html', first: 1, maxPages: 2 },
  maxArticles: 20,
  reference: 'RSSHub lib/routes/gov/ndrc/xwdt.ts (.u-list li a with ./ relative links, .TRS_Editor or .article_con, meta PubDate)',
};
