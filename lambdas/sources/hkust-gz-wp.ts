import type { SourceDefinition } from '../core/types';

/**
 * 香港科技大学(广州) through the WordPress REST API, beside its /feed/: no reference confirms
 * either, and the JSON API stays on when themes drop the feed. `date` is the site's local time
 * (Beijing); `content.rendered` is the full text, so no page is fetched.
 */
export const hkustGzWp: SourceDefinition = {
  id: 'hkust-gz-wp',
  name: '香港科技大学(广州) · 新闻（WordPress 接口）',
  kind: 'news',
  type: 'json',
  urls: ['https://www.hkust-gz.edu.cn/wp-json/wp/v2/posts?per_page=20'],
  json: { items: '', url: 'link', title: 'title.rendered', date: 'date', summary: 'excerpt.rendered', body: 'content.rendered' },
  match: '^https?://www\\.hkust-gz\\.edu\\.cn/',
  nextPage: { param: 'page', first: 2, maxPages: 2 },
  maxArticles: 20,
  reference: 'none independent: WordPress core REST route /wp-json/wp/v2/posts (link, date, title.rendered, content.rendered)',
};
