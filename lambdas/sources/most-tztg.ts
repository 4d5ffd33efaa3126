import type { SourceDefinition } from '../core/types';

/**
 * 科学技术部 · 国家科技管理信息系统 通知通告 (国家重点研发计划 calls, 新一代人工智能 专项).
 * The list links its notices relatively (`20261126/5901.html`); the day is in the URL. A 2026
 * script found the list filled in by script on one visit: if so, no-items says it.
 */
export const mostTztg: SourceDefinition = {
  id: 'most-tztg',
  name: '科学技术部 · 通知通告',
  kind: 'policy',
  type: 'html',
  urls: ['https://service.most.gov.cn/kjjh_tztg_all/'],
  match: '^https?://service2?\\.most\\.gov\\.cn/kjjh_tztg_all/\\d{8}/\\d+\\.html$',
  maxArticles: 20,
  reference: 'a 2026 funding-feed script (kjjh_tztg_all/, detail kjjh_tztg_all/\\d{8}/\\d+.html, relative hrefs) and 2026 links to service.most.gov.cn/kjjh_tztg_all/20260731/5858.html',
};
