import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市发展和改革委员会 · 通知公告: 算力, data-centre and AI project calls. */
export const gzFgwTzgg = guangdongCmsSource({
  id: 'gz-fgw-tzgg',
  name: '广州市发展和改革委员会 · 通知公告',
  kind: 'policy',
  listUrls: ['https://fgw.gz.gov.cn/tzgg/'],
  notes: 'NFCMS; its gkmlpt catalogue is SID 200014 (a public crawler).',
  reference: 'three public crawlers of fgw.gz.gov.cn/tzgg/index.html (one with gkmlpt sid=200014); 2026 links https://fgw.gz.gov.cn/tzgg/content/post_<id>.html',
});
