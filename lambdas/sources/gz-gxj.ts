import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市工业和信息化局: 通知公告 and 产业政策 — the richest source of AI subsidies and 先导区 plans. */
export const gzGxj = guangdongCmsSource({
  id: 'gz-gxj',
  name: '广州市工业和信息化局',
  kind: 'policy',
  // https: the 2026 references link the site over https (older crawlers used http).
  listUrls: ['https://gxj.gz.gov.cn/yw/tzgg/index.html', 'https://gxj.gz.gov.cn/yw/zchb/zcwj/cyzc/'],
  // Capital N: this site's template differs from www.gz.gov.cn here.
  listContainer: '.News_list',
  notes: 'NFCMS; the "信息来源:… 时间:…" line sits in div.info_fbt.',
  reference: 'a 2020 crawler of ul.News_list li / div.info_fbt / #zoomcon; a 2026 crawler config listing https://gxj.gz.gov.cn/yw/tzgg/',
});
