import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市人民政府 · 政策文件 (市政府文件 and 市府办文件). The lists carry no dates: PubDate comes from each page. */
export const gzGovSzfwj = guangdongCmsSource({
  id: 'gz-gov-szfwj',
  name: '广州市人民政府 · 政策文件',
  kind: 'policy',
  listUrls: ['https://www.gz.gov.cn/zwgk/fggw/szfwj/', 'https://www.gz.gov.cn/zwgk/fggw/sfbgtwj/'],
  listContainer: '.news_list',
  notes: 'NFCMS; list rows have no dates; 文号 is the first centred line of #zoomcon. Spam mirrors copy these pages: trust only www.gz.gov.cn.',
});
