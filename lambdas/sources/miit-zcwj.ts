import type { SourceDefinition } from '../core/types';
import { browserHeaders } from './browser-headers';

/**
 * 工业和信息化部 · 政策文件 through the ministry's search API (category 196, newest first), as
 * RSSHub's gov/miit/zcwj route reads it. The API answers only with its search page as Referer.
 */
export const miitZcwj: SourceDefinition = {
  id: 'miit-zcwj',
  name: '工业和信息化部 · 政策文件',
  kind: 'policy',
  type: 'json',
  urls: [
    'https://www.miit.gov.cn/search-front-server/api/search/info?scope=basic&pos=title_text%2Cinfocontent%2Ctitlepy&cateid=196&p=1&pg=10&level=6&dateField=deploytime&selectFields=title%2Ccontent%2Cdeploytime%2Curl%2Ccolumnname%2Cpublishgroupname%2Cinfoextends&sortFields=%5B%7B%22name%22%3A%22deploytime%22%2C%22type%22%3A%22desc%22%7D%5D&group=distinct',
  ],
  json: {
    items: 'data.searchResult.dataResults',
    url: 'groupData.0.data.url',
    title: 'groupData.0.data.title',
    // Epoch milliseconds.
    date: 'groupData.0.data.deploytime',
    meta: { 发布机构: 'groupData.0.data.publishgroupname' },
  },
  match: '^https?://www\\.miit\\.gov\\.cn/',
  headers: browserHeaders('https://www.miit.gov.cn/search/zcwjk.html'),
  nextPage: { param: 'p', first: 2, maxPages: 3 },
  maxArticles: 20,
  reference: 'RSSHub lib/routes/gov/miit/zcwj.ts (search-front-server/api/search/info, cateid 196, data.searchResult.dataResults[].groupData[0].data, Referer /search/zcwjk.html)',
};
