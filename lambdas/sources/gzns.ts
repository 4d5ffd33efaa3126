import { guangdongCmsSource } from './guangdong-gov-cms';

/** 南沙区人民政府: 通知公告 and 政策文件. No site-specific list class: the generic post_ rule finds links. */
export const gzns = guangdongCmsSource({
  id: 'gzns',
  name: '广州市南沙区人民政府 · 通知公告与政策文件',
  kind: 'policy',
  listUrls: ['http://www.gzns.gov.cn/zwgk/tzgg/index.html', 'http://www.gzns.gov.cn/zwgk/zcwjjjd/zcwj/index.html'],
  notes: 'NFCMS; page 2 here is index_1.html (unlike gz.gov.cn): derive it from the pager.',
});
