/**
 * Prints the matcher's precision and recall on each labelled corpus, per kind and per script, and
 * every error: `npx tsx scripts/eval.ts [corpus.json ...] [--watchlist watchlist.json] [--no-words]`
 * (defaults: test/corpus/matcher-corpus.json and test/corpus/matcher-corpus-real.json, seed list;
 * persons' names checked against jieba's word boundaries unless --no-words).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEntities } from '../lambdas/core/entity-schema';
import { jiebaWords } from '../lambdas/adapters/jieba-words';
import { buildMatcher } from '../lambdas/core/matcher';
import { corpusCases, evaluate, SCRIPTS, type CorpusFile, type Score } from './eval/evaluate-matcher';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const noWords = args.includes('--no-words');
if (noWords) args.splice(args.indexOf('--no-words'), 1);
const w = args.indexOf('--watchlist');
const watchlistFile = w >= 0 ? args.splice(w, 2)[1]! : path.join(root, 'lambdas/data/watchlist-seed.json');
const corpusFiles = args.length > 0 ? args : ['test/corpus/matcher-corpus.json', 'test/corpus/matcher-corpus-real.json'].map((f) => path.join(root, f));

const entities = parseEntities(JSON.parse(readFileSync(watchlistFile, 'utf8')), path.basename(watchlistFile));
const matcher = buildMatcher(entities, noWords ? {} : { words: jiebaWords });
console.log(`word boundaries for persons' names: ${noWords ? 'off (--no-words)' : 'jieba'}`);

const row = (label: string, s: Score): string =>
  [label.padEnd(12), String(s.truePositives).padStart(5), String(s.falsePositives).padStart(5), String(s.falseNegatives).padStart(5),
    s.precision.toFixed(3).padStart(9), s.recall.toFixed(3).padStart(7)].join(' ');

for (const file of corpusFiles) {
  const cases = corpusCases(JSON.parse(readFileSync(file, 'utf8')) as CorpusFile);
  const result = evaluate(cases, matcher);
  const share = (n: number): string => `${n} (${Math.round((100 * n) / result.entries)}%)`;
  const negatives = cases.filter((c) => c.expect.length === 0).length;
  console.log(`\n${path.relative(root, file)}: ${result.entries} entries, ${entities.length} entities; expecting nothing ${share(negatives)}, marked hard negatives ${share(result.hardNegatives)}; ` +
    SCRIPTS.map((s) => `${s} ${share(result.entriesByScript[s])}`).join(', '));
  console.log(['', '   TP', '   FP', '   FN', 'precision', ' recall'].join(' ').replace(/^/, ''.padEnd(12)));
  for (const [kind, s] of Object.entries(result.byKind)) console.log(row(kind, s));
  for (const [script, s] of Object.entries(result.byScript)) console.log(row(script, s));
  console.log(row('overall', result.overall));
  for (const miss of result.misses) console.log(`miss  #${miss.index} ${miss.entityId} [${miss.script}]: ${miss.text}`);
  for (const fp of result.falsePositives) console.log(`false #${fp.index} ${fp.entityId} [${fp.script}] ("${fp.found}", ${fp.reason}): ${fp.text}`);
}
