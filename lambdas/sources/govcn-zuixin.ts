import type { SourceDefinition } from '../core/types';
import { browserHeaders } from './browser-headers';

/** 中国政府网 · 最新政策 JSON feed: State Council documents (template A) and explanations (template B). */
export const govcnZuixin: SourceDefinition = {
  id: 'govcn-zuixin',
  name: '中国政府网 · 最新政策',
  kind: 'policy',
  type: 'json',
  urls: ['https://www.gov.cn/zhengce/zuixin/ZUIXINZHENGCE.json'],
  // The feed is a bare array: an empty items path means the document root.
  json: { items: '', url: 'URL', title: 'TITLE', date: 'DOCRELPUBTIME' },
  match: '^https?://www\\.gov\\.cn/zhengce/(?:content/)?\\d{6}/content_\\d+\\.htm$',
  article: { body: '#UCAP-CONTENT', date: 'meta[name="firstpublishedtime"]' },
  maxArticles: 20,
  headers: browserHeaders('https://www.gov.cn/'),
  reference: 'RSSHub lib/routes/gov/zhengce/ (TRS_UEDITOR else #UCAP-CONTENT, meta firstpublishedtime); clients of ZUIXINZHENGCE.json sending a browser UA and Referer https://www.gov.cn/',
};
