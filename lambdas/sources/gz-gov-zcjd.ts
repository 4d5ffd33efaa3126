import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市人民政府 · 政策解读: explanations published alongside new city policies. */
export const gzGovZcjd = guangdongCmsSource({
  id: 'gz-gov-zcjd',
  name: '广州市人民政府 · 政策解读',
  kind: 'policy',
  listUrls: ['https://www.gz.gov.cn/zwgk/zcjd/zcjd/'],
  listContainer: '.news_list',
  reference: 'RSSHub lib/routes/gov/gz/zwgk.ts (zcjd → zwgk/zcjd/zcjd) with index.ts: .news_list li',
});
