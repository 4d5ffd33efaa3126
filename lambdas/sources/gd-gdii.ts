import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广东省工业和信息化厅 · 通知公告: provincial industry policy, AI and 算力 programmes. */
export const gdGdii = guangdongCmsSource({
  id: 'gd-gdii',
  name: '广东省工业和信息化厅 · 通知公告',
  kind: 'policy',
  listUrls: ['https://gdii.gd.gov.cn/zwgk/tzgg1011/index.html'],
  listContainer: '.NewsList',
  notes: 'NFCMS; the date is the first <span> of each row. Pagination: follow the pager (index_1 vs index_2 unresolved).',
});
