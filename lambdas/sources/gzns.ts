import { guangdongCmsSource } from './guangdong-gov-cms';

/** 南沙区人民政府: 通知公告 and 政策文件. No site-specific list class: the generic post_ rule finds links. */
export const gzns = guangdongCmsSource({
  id: 'gzns',
  name: '广州市南沙区人民政府 · 通知公告与政策文件',
  kind: 'policy',
  // https: 2026 references address the site over https; http still answers.
  listUrls: ['https://www.gzns.gov.cn/zwgk/tzgg/index.html', 'https://www.gzns.gov.cn/zwgk/zcwjjjd/zcwj/index.html'],
  // Unlike gz.gov.cn, page 2 here is index_1.html.
  nextPage: { url: 'index_{n}.html', first: 1, maxPages: 3 },
  notes: 'NFCMS; page 2 is index_1.html here (a 2026 crawler and an older C# crawler agree).',
  reference: 'a 2026 Python crawler and an older C# crawler of zwgk/tzgg and zwgk/zcwjjjd/zcwj (generic post_ link scan, index_1 = page 2)',
});
