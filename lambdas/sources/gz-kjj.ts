import { guangdongCmsSource } from './guangdong-gov-cms';

/** 广州市科学技术局 · 科技管理和项目经费: calls for projects and funding lists. */
export const gzKjj = guangdongCmsSource({
  id: 'gz-kjj',
  name: '广州市科学技术局 · 科技管理和项目经费',
  kind: 'policy',
  listUrls: ['https://kjj.gz.gov.cn/xxgk/kjglhxmjf/'],
  listContainer: '.news_list',
  reference: 'sources.md §1 #13 (.news_list li, h1.content_title, #zoomcon.content_article, checked live 2026)',
});
