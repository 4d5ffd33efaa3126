import { browserHeaders } from './browser-headers';
import { gkmlptSource } from './guangdong-gov-cms';

/** 广东省人民政府 · 政策文件 through the provincial gkmlpt (SID 2, category 5). */
export const gdGovGkmlpt = gkmlptSource({
  id: 'gd-gov-gkmlpt',
  name: '广东省人民政府 · 政策文件',
  url: 'https://www.gd.gov.cn/gkmlpt/api/all/5?sid=2',
  // www.gd.gov.cn refuses clients that do not look like a browser.
  headers: browserHeaders('https://www.gd.gov.cn/gkmlpt/index'),
  reference: 'sources.md §3 (gd.gov.cn SID 2 needs a browser User-Agent; api/all/5?sid=2 in the brief from issue 14)',
});
