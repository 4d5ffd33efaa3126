import type { SourceDefinition } from '../core/types';

/** 南方网 · 南方经济. Article URLs carry no date; #pubtime_baidu on the page does. */
export const southcnEconomy: SourceDefinition = {
  id: 'southcn-economy',
  name: '南方网 · 经济',
  kind: 'news',
  type: 'html',
  urls: ['https://economy.southcn.com/'],
  match: '^https?://(?:economy|news)\\.southcn\\.com/node_[^/]+/[a-f0-9]+\\.shtml$',
  article: {
    title: '#article_title',
    date: '#pubtime_baidu',
    body: '#content',
    remove: ['.m-editor', '.m-share'],
  },
  maxArticles: 20,
  notes: '#content opens with an enpproperty comment holding articleid/date/nodename.',
  reference: 'a 2026 crawler of economy.southcn.com (li > a[href$=.shtml], #pubtime_baidu) and a 2019 captured article (#article_title, #source_baidu, #content)',
};
