import { guangdongCmsSource } from './guangdong-gov-cms';

/**
 * 广东省科学技术厅 · 通知公告: provincial calls for AI and 算力 projects.
 * A 2026 funding-feed script lists gdstc.gd.gov.cn as refusing robots; the fetcher obeys
 * robots.txt, so this source may then fail with "robots" — recorded, not hidden.
 */
export const gdstcTzgg = guangdongCmsSource({
  id: 'gdstc-tzgg',
  name: '广东省科学技术厅 · 通知公告',
  kind: 'policy',
  listUrls: ['https://gdstc.gd.gov.cn/zwgk_n/tzgg/'],
  listContainer: 'ul.list',
  rowDate: 'span.time',
  article: { title: 'h3.zw-title', date: '.zw-info .time' },
  reference: 'a public list-to-RSS script (ul.list li, a, span.time on gdstc.gd.gov.cn/zwgk_n/tzgg/index.html); sources.md (h3.zw-title, .zw-info .time)',
});
