import type { SourceDefinition } from '../core/types';

/**
 * 南方+ (南方日报's app) column list, as RSSHub's southcn/nfapp route reads it: the manuscript
 * API (20 items at most a page), `articleType` 0 only (others are 专题 and link-outs), article
 * pages on pc.nfapp.southcn.com with the text in #content.
 * Column 38 is the route's default column; the 广州 column id still has to be read from
 * m.nfapp.southcn.com (not confirmed by any reference).
 */
export const nfappColumn: SourceDefinition = {
  id: 'nfapp-column',
  name: '南方+ · 栏目',
  kind: 'news',
  type: 'json',
  urls: ['https://api.nfapp.southcn.com/nfplus-manuscript-web/article/list?columnId=38&nfhSubCount=1&pageNum=1&pageSize=20'],
  json: {
    items: 'data.list',
    // The route builds this link from the item; it uses http, https is unconfirmed.
    url: 'http://pc.nfapp.southcn.com/{columnId}/{articleId}.html',
    title: 'title',
    date: 'updateTime',
    summary: 'summary',
    where: { articleType: 0 },
    meta: { 栏目: 'columnName' },
  },
  match: '^https?://pc\\.nfapp\\.southcn\\.com/\\d+/\\d+\\.html$',
  article: { body: '#content', remove: ['.article-nfh-icon', '.article-crumb', '.article-share', '.article-copyright'] },
  nextPage: { param: 'pageNum', first: 2, maxPages: 3 },
  maxArticles: 20,
  reference: 'RSSHub lib/routes/southcn/nfapp/column.ts and utils.ts (data.list, articleType 0, updateTime, pc.nfapp link, #content minus .article-share …)',
};
