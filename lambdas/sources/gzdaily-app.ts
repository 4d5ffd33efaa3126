import type { SourceDefinition } from '../core/types';

/**
 * 广州日报客户端 · 广州 (column 371) through the app's own list API, as RSSHub's gzdaily/app route
 * reads it: `list[]`, `newstype` 0 only (专题 and 新花城 items are others), the share page holds
 * `.abstract` and the text in `.article`. RSSHub notes the API may answer empty late at night
 * Beijing time: an empty list is then a failure of that run only.
 */
export const gzdailyApp: SourceDefinition = {
  id: 'gzdaily-app',
  name: '广州日报客户端 · 广州',
  kind: 'news',
  type: 'json',
  urls: ['https://app.gzdaily.cn/app_if/getArticles?columnId=371&page=1'],
  json: { items: 'list', url: 'shareUrl', title: 'title', date: 'publishtime', where: { newstype: 0 }, meta: { 栏目: 'colName', 作者: 'arthorName' } },
  // Share pages stay on the paper's own hosts; anything else in shareUrl is not its article.
  match: '^https?://([a-z0-9-]+\\.)*gzdaily\\.cn/',
  article: { body: '.article', remove: ['.abstract span'] },
  nextPage: { param: 'page', first: 2, maxPages: 3 },
  maxArticles: 20,
  reference: 'RSSHub lib/routes/gzdaily/app.ts (getArticles?columnId=371&page=1, list[], newstype 0, publishtime, shareUrl, .abstract/.article)',
};
