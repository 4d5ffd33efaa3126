import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市工业和信息化局: 通知公告 and 产业政策 — the richest source of AI subsidies and 先导区 plans. */
export const gzGxj = guangdongCmsSource({
  id: 'gz-gxj',
  name: '广州市工业和信息化局',
  kind: 'policy',
  listUrls: ['http://gxj.gz.gov.cn/yw/tzgg/index.html', 'http://gxj.gz.gov.cn/yw/zchb/zcwj/cyzc/'],
  // Capital N: this site's template differs from www.gz.gov.cn here.
  listContainer: '.News_list',
  notes: 'NFCMS over plain HTTP; the "信息来源:… 时间:…" line sits in div.info_fbt.',
});
