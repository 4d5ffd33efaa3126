/** Reading what the fetcher returns: article pages and list pages/feeds/APIs. */
export { extractArticle, type ExtractOptions } from './extract-article';
export { parseListPage, readListPage, type ListPage, type ListRead } from './list-page';
export { LIST_READERS } from './list-readers';
export { htmlToText } from './text';
export { stripTitleSuffix } from './title';
