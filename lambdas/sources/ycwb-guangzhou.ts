import type { SourceDefinition } from '../core/types';

/**
 * 羊城晚报·金羊网, node 18 (广州) through the app API: news.ycwb.com has served an anti-bot JS page
 * to some clients, and the API gives title and time even when the page cannot be read.
 */
export const ycwbGuangzhou: SourceDefinition = {
  id: 'ycwb-guangzhou',
  name: '羊城晚报·金羊网 · 广州',
  kind: 'news',
  type: 'json',
  urls: ['https://6api.ycwb.com/app_if/jy/getArticles?nodeid=18&pagesize=15'],
  // "artiles" is the API's own spelling.
  json: { items: 'artiles', url: 'PUBURL', title: 'TITLE', date: 'PUBTIME', summary: 'ABSTRACT', meta: { 栏目: 'NODENAME' } },
  match: '^https?://news\\.ycwb\\.com/\\d{4}-\\d{2}/\\d{2}/content_\\d+\\.htm$',
  article: { body: '.main_article', date: '#pubtime_baidu', remove: ['.path', '.share'] },
  maxArticles: 20,
};
