/**
 * Which BMP characters mark a text as Traditional: those OpenCC's 'hk' → 'cn' conversion rewrites
 * on their own. Derived from opencc-js's tables; scripts/generate-traditional-chars.ts writes the
 * result to traditional-chars.ts, so that normalise.ts can tell Simplified text apart without
 * loading OpenCC (109 kB, most articles never need it), and a unit test fails when an opencc-js
 * upgrade changes the answer.
 */
import type * as OpenCCModule from 'opencc-js' with { 'resolution-mode': 'import' };

export function deriveTraditionalOnly(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const OpenCC = require('opencc-js/t2cn') as typeof OpenCCModule;
  const candidates = new Set<string>();
  for (const group of [...OpenCC.Locale.from.hk, ...OpenCC.Locale.to.cn]) {
    for (const dict of group) {
      const entries = typeof dict === 'string' ? dict.split('|').map((line) => line.split(' ')) : dict;
      for (const [from, to] of entries) {
        if (from !== undefined && to !== undefined && from !== to && from.length === 1) candidates.add(from);
      }
    }
  }
  const list = [...candidates].sort();
  // Some entries only matter inside phrases (台 stays 台 alone): ask the converter itself, in one
  // call with the characters on separate lines (no dictionary entry spans a line break).
  const converted = OpenCC.Converter({ from: 'hk', to: 'cn' })(list.join('\n')).split('\n');
  return list.filter((from, i) => converted[i] !== from).join('');
}
