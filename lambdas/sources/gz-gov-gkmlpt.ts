import { gkmlptSource } from './guangdong-gov-cms';

/**
 * 广州市人民政府 政府信息公开目录 (gkmlpt), SID 200001, category 0 = everything.
 * The API carries 文号 (document_number) and 索引号 (identifier), which the HTML lists lack.
 * Checked against: /work/shared/sources.md §3 (two public crawlers of `api/all/0?page=N&sid=200001`).
 */
export const gzGovGkmlpt = gkmlptSource({
  id: 'gz-gov-gkmlpt',
  name: '广州市人民政府 · 政府信息公开目录',
  url: 'https://www.gz.gov.cn/gkmlpt/api/all/0?page=1&sid=200001',
  notes: 'Detail pages embed the body as JSON in window._CONFIG.DETAIL.content. Keep requests ≥1 s apart.',
  reference: 'public gkmlpt crawlers reading /gkmlpt/api/all/0?page=N&sid=200001 (sources.md §3)',
});
