import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市科学技术局 · 政策法规: the bureau's own policy documents. */
export const gzKjjZcfg = guangdongCmsSource({
  id: 'gz-kjj-zcfg',
  name: '广州市科学技术局 · 政策法规',
  kind: 'policy',
  listUrls: ['https://kjj.gz.gov.cn/xxgk/zcfg/'],
  listContainer: 'div.news_list ul',
  rowDate: 'span.time',
  reference: 'a public list-to-RSS script (div.news_list ul li, a, span.time on kjj.gz.gov.cn/xxgk/zcfg/index.html)',
});
