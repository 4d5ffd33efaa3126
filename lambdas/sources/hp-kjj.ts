import { guangdongCmsSource } from './guangdong-gov-cms';

/** 黄埔区 (广州开发区) 科学技术局 · 通知公告: the district with the biggest AI-company cluster. */
export const hpKjj = guangdongCmsSource({
  id: 'hp-kjj',
  name: '黄埔区科学技术局 · 通知公告',
  kind: 'policy',
  listUrls: ['https://www.hp.gov.cn/gzjg/qzfgwhgzbm/qkxjsj/tzgg/index.html'],
  listContainer: '.infoList',
  // 黄埔's template keeps the body in #zhengwen and the date in span.article-create_time.
  article: { body: '#zhengwen' },
  reference: 'sources.md §1 #15 (.infoList li, h1.barrier-free, span.article-create_time, #zhengwen, checked live 2026)',
});
