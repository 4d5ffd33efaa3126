import type { SourceDefinition } from '../core/types';

/** 香港科技大学(广州) news through its WordPress feed (content:encoded carries the full text). */
export const hkustGz: SourceDefinition = {
  id: 'hkust-gz',
  name: '香港科技大学(广州) · 新闻',
  kind: 'news',
  type: 'rss',
  urls: ['https://www.hkust-gz.edu.cn/feed/'],
  article: { title: 'h1.entry-title', body: '.entry-content', remove: ['.sharedaddy'] },
  maxArticles: 20,
  notes: 'WordPress; no reference confirms /feed/, so hkust-gz-wp reads the same site through its JSON API too.',
  reference: 'none independent: the site runs WordPress (theme path under /wp-content/themes/), /feed/ is the WordPress default',
};
