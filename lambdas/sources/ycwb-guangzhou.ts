import type { SourceDefinition } from '../core/types';

/**
 * 羊城晚报·金羊网, node 18 (广州) through the app API: news.ycwb.com has served an anti-bot JS page
 * to some clients, and the API gives title, time and abstract even when the page cannot be read
 * (the collector then uses them). Article links come in two forms: the dated
 * `/YYYY-MM/DD/content_<id>.htm` and, in an API answer captured in October 2026,
 * `/<ten lowercase letters>/content_<id>.htm`.
 */
export const ycwbGuangzhou: SourceDefinition = {
  id: 'ycwb-guangzhou',
  name: '羊城晚报·金羊网 · 广州',
  kind: 'news',
  type: 'json',
  urls: ['https://6api.ycwb.com/app_if/jy/getArticles?nodeid=18&pagesize=15'],
  // "artiles" is the API's own spelling.
  json: { items: 'artiles', url: 'PUBURL', title: 'TITLE', date: 'PUBTIME', summary: 'ABSTRACT', meta: { 栏目: 'NODENAME' } },
  match: '^https?://news\\.ycwb\\.com/(?:\\d{4}-\\d{2}/\\d{2}|[a-z]{10})/content_\\d+\\.htm$',
  article: { body: '.main_article', date: '#pubtime_baidu', remove: ['.path', '.share'] },
  maxArticles: 20,
  reference: 'RSSHub lib/routes/ycwb/index.tsx (artiles, TITLE, PUBTIME, PUBURL, ABSTRACT, NODENAME; .main_article, .path); an API answer captured 2026-10 with /<10 letters>/content_<id>.htm links',
};
