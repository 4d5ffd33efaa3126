import type { SourceDefinition } from '../core/types';

/**
 * 广州市人民政府 政府信息公开目录 (gkmlpt), SID 200001, category 0 = everything.
 * The API carries 文号 (document_number) and 索引号 (identifier), which the HTML lists lack.
 */
export const gzGovGkmlpt: SourceDefinition = {
  id: 'gz-gov-gkmlpt',
  name: '广州市人民政府 · 政府信息公开目录',
  kind: 'policy',
  type: 'gkmlpt',
  urls: ['https://www.gz.gov.cn/gkmlpt/api/all/0?page=1&sid=200001'],
  match: '/gkmlpt/content/\\d+/\\d+/post_\\d+\\.html$',
  article: { title: 'meta[name="ArticleTitle"]', date: 'meta[name="PubDate"]' },
  maxArticles: 20,
  notes: 'Detail pages embed the body as JSON in window._CONFIG.DETAIL.content. Keep requests ≥1 s apart.',
};
