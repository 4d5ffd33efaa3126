import type { SourceDefinition } from '../core/types';

/**
 * 国家互联网信息办公室 (网信办): generative-AI service filings (生成式人工智能服务已备案信息, which
 * name Guangzhou firms), AI labelling rules and campaigns. Read from the home page, where RSSHub's
 * gov/cac route also starts; article URLs carry their day: /YYYY-MM/DD/c_<id>.htm.
 */
export const cacHome: SourceDefinition = {
  id: 'cac-home',
  name: '国家互联网信息办公室',
  kind: 'policy',
  type: 'html',
  urls: ['https://www.cac.gov.cn/index.htm'],
  match: '^https?://www\\.cac\\.gov\\.cn/\\d{4}-\\d{2}/\\d{2}/c_\\d+\\.htm$',
  maxArticles: 20,
  reference: 'RSSHub lib/routes/gov/cac/index.ts (home page index.htm, #loadingInfoPage li, .times); 2026 article links www.cac.gov.cn/2026-07/10/c_<id>.htm',
};
