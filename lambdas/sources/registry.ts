import type { SourceDefinition } from '../core/types';
import { chinanewsGd } from './chinanews-gd';
import { dayooGuangzhou } from './dayoo-guangzhou';
import { gdGdii } from './gd-gdii';
import { govcnZuixin } from './govcn-zuixin';
import { gzGovGkmlpt } from './gz-gov-gkmlpt';
import { gzGovGzyw } from './gz-gov-gzyw';
import { gzGovSzfwj } from './gz-gov-szfwj';
import { gzGovZcjd } from './gz-gov-zcjd';
import { gzGxj } from './gz-gxj';
import { gzKjj } from './gz-kjj';
import { gzns } from './gzns';
import { hkustGz } from './hkust-gz';
import { hpKjj } from './hp-kjj';
import { kr36 } from './kr36';
import { southcnEconomy } from './southcn-economy';
import { ycwbGuangzhou } from './ycwb-guangzhou';

/** Every source gzwatch ships with. Adding one: fixture, module, one line here, run the contract test. */
export const builtInSources: SourceDefinition[] = [
  gzGovGzyw,
  gzGovSzfwj,
  gzGovZcjd,
  gzGovGkmlpt,
  gzGxj,
  gzKjj,
  gdGdii,
  hpKjj,
  gzns,
  govcnZuixin,
  dayooGuangzhou,
  southcnEconomy,
  ycwbGuangzhou,
  chinanewsGd,
  kr36,
  hkustGz,
];

export function findSource(id: string): SourceDefinition | undefined {
  return builtInSources.find((source) => source.id === id);
}
