import { guangdongCmsSource } from './guangdong-gov-cms';

/**
 * 海珠区 · 人工智能 (琶洲 AI district) column. No reference names its list container, so the
 * generic NFCMS rule (rows of any <ul> linking post_/mpost_ pages) reads it.
 */
export const haizhuRgzn = guangdongCmsSource({
  id: 'haizhu-rgzn',
  name: '广州市海珠区 · 人工智能（琶洲）',
  kind: 'policy',
  listUrls: ['https://www.haizhu.gov.cn/gzhzrgzn/'],
  notes: 'NFCMS column; the district also mirrors posts as /content/mpost_<id>.html.',
  reference: 'three 2026 OPC-policy watchers listing https://www.haizhu.gov.cn/gzhzrgzn/ (keywords 人工智能, 场景); haizhu gkmlpt mpost_ links seen in 2026 data',
});
