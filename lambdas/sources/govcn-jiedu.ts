import type { SourceDefinition } from '../core/types';
import { browserHeaders } from './browser-headers';

/** 中国政府网 · 政策解读: the companion feed of 最新政策, same bare-array shape. */
export const govcnJiedu: SourceDefinition = {
  id: 'govcn-jiedu',
  name: '中国政府网 · 政策解读',
  kind: 'policy',
  type: 'json',
  urls: ['https://www.gov.cn/zhengce/jiedu/ZCJD_QZ.json'],
  json: { items: '', url: 'URL', title: 'TITLE', date: 'DOCRELPUBTIME' },
  match: '^https?://www\\.gov\\.cn/zhengce/(?:content/)?\\d{6}/content_\\d+\\.htm$',
  article: { body: '#UCAP-CONTENT, div.TRS_UEDITOR', date: 'meta[name="firstpublishedtime"]' },
  headers: browserHeaders('https://www.gov.cn/'),
  maxArticles: 20,
  reference: 'sources.md "Checked against independent references" (ZCJD_QZ.json beside ZUIXINZHENGCE.json); RSSHub lib/routes/gov/zhengce/ for the page',
};
