/** Reading what the fetcher returns: article pages and list pages/feeds/APIs. */
export { extractArticle, type ExtractOptions } from './extract-article';
export { parseListPage, type ListPage } from './list-page';
export { htmlToText } from './text';
export { stripTitleSuffix } from './title';
