import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市人民政府门户网站 · 广州要闻: the city government's own news column. */
export const gzGovGzyw = guangdongCmsSource({
  id: 'gz-gov-gzyw',
  name: '广州市人民政府 · 广州要闻',
  kind: 'news',
  listUrls: ['https://www.gz.gov.cn/xw/gzyw/'],
  listContainer: '.news_list',
  notes: 'NFCMS; page 2 is index_2.html (index_1.html is a 404); mirrored posts are /content/mpost_<id>.html.',
  // RSSHub lib/routes/gov/gz/index.ts: `.news_list li`, title in a@title, date in span.
  reference: 'RSSHub lib/routes/gov/gz/ (xw.ts, index.ts): .news_list li, a@title, span date',
});
