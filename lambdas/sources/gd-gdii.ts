import { guangdongCmsSource } from './guangdong-gov-cms';

/**
 * 广东省工业和信息化厅 · 通知公告: provincial industry policy, AI and 算力 programmes.
 * No independent reference names `.NewsList` (only a 2019 crawler): the same documents are also
 * read through the department's gkmlpt catalogue (gd-gdii-gkmlpt), and if this container goes,
 * the layout-changed fallback keeps the post_ links coming while health says so.
 */
export const gdGdii = guangdongCmsSource({
  id: 'gd-gdii',
  name: '广东省工业和信息化厅 · 通知公告',
  kind: 'policy',
  listUrls: ['https://gdii.gd.gov.cn/zwgk/tzgg1011/index.html'],
  listContainer: '.NewsList',
  notes: 'NFCMS; the date is the first <span> of each row. Container unconfirmed since 2019.',
  reference: 'list URL in several 2026 crawler configs; .NewsList only in a 2019 crawler (unconfirmed)',
});
