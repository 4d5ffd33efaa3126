import { gkmlptSource } from './guangdong-gov-cms';

/** 广州市工业和信息化局 · 政府信息公开目录: where its key AI policies are also filed, with 文号. */
export const gzGxjGkmlpt = gkmlptSource({
  id: 'gz-gxj-gkmlpt',
  name: '广州市工业和信息化局 · 政府信息公开目录',
  url: 'https://gxj.gz.gov.cn/gkmlpt/index',
  reference: 'sources.md (2026 references: key AI policies filed in gxj.gz.gov.cn/gkmlpt/); SID read from window._CONFIG',
});
