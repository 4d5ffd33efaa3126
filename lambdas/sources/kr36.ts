import type { SourceDefinition } from '../core/types';
import { browserHeaders } from './browser-headers';

/** 36氪 official RSS. National tech news: only items naming the watchlist matter. */
export const kr36: SourceDefinition = {
  id: '36kr',
  name: '36氪',
  kind: 'news',
  type: 'rss',
  urls: ['https://36kr.com/feed'],
  article: { title: 'h1.article-title', body: 'div.articleDetailContent' },
  maxArticles: 20,
  headers: browserHeaders(),
  reference: 'RSSHub lib/routes/36kr/ and feed readers of https://36kr.com/feed (links end ?f=rss, pubDate +0800, browser UA)',
  notes: 'HTML pages sit behind a WAF cookie and may be AES-encrypted state; the feed carries the text.',
};
