import { gkmlptSource } from './guangdong-gov-cms';

/** 黄埔区科学技术局 · 政府信息公开目录 (a department catalogue under www.hp.gov.cn/gzhpkj/). */
export const hpKjjGkmlpt = gkmlptSource({
  id: 'hp-kjj-gkmlpt',
  name: '黄埔区科学技术局 · 政府信息公开目录',
  url: 'https://www.hp.gov.cn/gzhpkj/gkmlpt/index',
  reference: 'a public list-to-RSS script and two list-finder scripts targeting https://www.hp.gov.cn/gzhpkj/gkmlpt/index',
});
