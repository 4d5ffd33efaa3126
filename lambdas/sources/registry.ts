import type { SourceDefinition } from '../core/types';
import { cacHome } from './cac-home';
import { chinanewsGd } from './chinanews-gd';
import { dayooGuangzhou } from './dayoo-guangzhou';
import { gdGdii } from './gd-gdii';
import { gdGdiiGkmlpt } from './gd-gdii-gkmlpt';
import { gdGovGkmlpt } from './gd-gov-gkmlpt';
import { gdstcTzgg } from './gdstc-tzgg';
import { govcnJiedu } from './govcn-jiedu';
import { govcnZuixin } from './govcn-zuixin';
import { gzFgwTzgg } from './gz-fgw-tzgg';
import { gzGovGkmlpt } from './gz-gov-gkmlpt';
import { gzGovGzyw } from './gz-gov-gzyw';
import { gzGovSzfwj } from './gz-gov-szfwj';
import { gzGovZcjd } from './gz-gov-zcjd';
import { gzGxj } from './gz-gxj';
import { gzGxjGkmlpt } from './gz-gxj-gkmlpt';
import { gzKjj } from './gz-kjj';
import { gzKjjZcfg } from './gz-kjj-zcfg';
import { gzdailyApp } from './gzdaily-app';
import { gzns } from './gzns';
import { haizhuRgzn } from './haizhu-rgzn';
import { hkustGz } from './hkust-gz';
import { hkustGzWp } from './hkust-gz-wp';
import { hpKjj } from './hp-kjj';
import { hpKjjGkmlpt } from './hp-kjj-gkmlpt';
import { kr36 } from './kr36';
import { miitZcwj } from './miit-zcwj';
import { mostTztg } from './most-tztg';
import { ndrcXwfb } from './ndrc-xwfb';
import { nfappColumn } from './nfapp-column';
import { southcnEconomy } from './southcn-economy';
import { ycwbGuangzhou } from './ycwb-guangzhou';

/** Every source gzwatch ships with. Adding one: fixture, module, one line here, run the contract test. */
export const builtInSources: SourceDefinition[] = [
  // 广州市
  gzGovGzyw,
  gzGovSzfwj,
  gzGovZcjd,
  gzGovGkmlpt,
  gzGxj,
  gzGxjGkmlpt,
  gzKjj,
  gzKjjZcfg,
  gzFgwTzgg,
  // 区
  hpKjj,
  hpKjjGkmlpt,
  gzns,
  haizhuRgzn,
  // 广东省
  gdGdii,
  gdGdiiGkmlpt,
  gdGovGkmlpt,
  gdstcTzgg,
  // 国家
  govcnZuixin,
  govcnJiedu,
  miitZcwj,
  mostTztg,
  cacHome,
  ndrcXwfb,
  // 媒体
  dayooGuangzhou,
  gzdailyApp,
  southcnEconomy,
  nfappColumn,
  ycwbGuangzhou,
  chinanewsGd,
  kr36,
  hkustGz,
  hkustGzWp,
];

export function findSource(id: string): SourceDefinition | undefined {
  return builtInSources.find((source) => source.id === id);
}
