import { gkmlptSource } from './guangdong-gov-cms';

/**
 * 广东省工业和信息化厅 · 政府信息公开目录: the department's documents with 文号 and 索引号, read
 * through its own gkmlpt catalogue (the SID is taken from the catalogue page at every run).
 */
export const gdGdiiGkmlpt = gkmlptSource({
  id: 'gd-gdii-gkmlpt',
  name: '广东省工业和信息化厅 · 政府信息公开目录',
  url: 'https://gdii.gd.gov.cn/gkmlpt/index',
  reference: '2026 crawlers reading gdii.gd.gov.cn/gkmlpt/index and the SID in window._CONFIG (sources.md §3)',
});
