import { guangdongCmsSource } from './guangdong-gov-cms';

/**
 * 广州市人民政府 · 政策文件 (市政府文件 and 市府办文件). The lists carry no dates: PubDate comes from each page.
 * Both lists are `ul.wjbh_list` (文件编号 list), not `.news_list`: two independent scrapers select
 * `//ul[@class="wjbh_list"]/li/a` on szfwj and sfbgtwj, one paging with `a.next`.
 */
export const gzGovSzfwj = guangdongCmsSource({
  id: 'gz-gov-szfwj',
  name: '广州市人民政府 · 政策文件',
  kind: 'policy',
  listUrls: ['https://www.gz.gov.cn/zwgk/fggw/szfwj/', 'https://www.gz.gov.cn/zwgk/fggw/sfbgtwj/'],
  listContainer: 'ul.wjbh_list',
  notes: 'NFCMS; list rows have no dates; 文号 is the first centred line of #zoomcon. Spam mirrors copy these pages: trust only www.gz.gov.cn.',
  reference: 'two public scrapy spiders selecting ul.wjbh_list li a on zwgk/fggw/szfwj and sfbgtwj (search corpus code, "wjbh_list")',
});
