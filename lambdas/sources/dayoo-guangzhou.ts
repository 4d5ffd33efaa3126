import type { SourceDefinition } from '../core/types';
import { browserHeaders } from './browser-headers';

/** 广州日报·大洋网, 广州 channel. The list has no dates: they come from the article URL (/YYYYMM/DD/). */
export const dayooGuangzhou: SourceDefinition = {
  id: 'dayoo-guangzhou',
  name: '广州日报·大洋网 · 广州',
  kind: 'news',
  type: 'html',
  urls: ['https://news.dayoo.com/guangzhou/'],
  // 139995 is the 广州 node; china (139997) and guangdong (139996) links on the same page are left out.
  match: '^https?://news\\.dayoo\\.com/guangzhou/\\d{6}/\\d{2}/139995_\\d+\\.htm$',
  article: {
    title: 'div.article-hd h1',
    date: 'div.article-hd span.time',
    body: 'div.content, #text_content',
    remove: ['.share', '.editor', '.related'],
  },
  maxArticles: 20,
  // Crawlers that still read the channel in 2026 send a browser UA and the site as Referer.
  headers: browserHeaders('https://news.dayoo.com/'),
  notes: 'UTF-8, CRLF line endings; no RSS.',
  reference: 'public crawlers of the server-rendered 广州 channel (links guangzhou/YYYYMM/DD/139995_<id>.htm, browser UA + Referer)',
};
