/**
 * Prints the matcher's precision and recall on the labelled corpus: `npx tsx scripts/eval.ts
 * [corpus.json] [watchlist.json]` (defaults: test/corpus/matcher-corpus.json and the seed list).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEntities } from '../lambdas/core/entity-schema';
import { evaluate, type CorpusEntry, type Score } from '../lambdas/core/evaluate-matcher';
import { buildMatcher } from '../lambdas/core/matcher';

const root = path.resolve(__dirname, '..');
const corpusFile = process.argv[2] ?? path.join(root, 'test/corpus/matcher-corpus.json');
const watchlistFile = process.argv[3] ?? path.join(root, 'lambdas/data/watchlist-seed.json');

const entities = parseEntities(JSON.parse(readFileSync(watchlistFile, 'utf8')), path.basename(watchlistFile));
const corpus = JSON.parse(readFileSync(corpusFile, 'utf8')) as CorpusEntry[];
const result = evaluate(corpus, buildMatcher(entities));

const row = (label: string, s: Score): string =>
  [label.padEnd(12), String(s.truePositives).padStart(5), String(s.falsePositives).padStart(5), String(s.falseNegatives).padStart(5),
    s.precision.toFixed(3).padStart(9), s.recall.toFixed(3).padStart(7)].join(' ');

console.log(`${result.entries} entries, ${entities.length} entities`);
console.log(['kind'.padEnd(12), '   TP', '   FP', '   FN', 'precision', ' recall'].join(' '));
for (const [kind, s] of Object.entries(result.byKind)) console.log(row(kind, s));
console.log(row('overall', result.overall));
for (const miss of result.misses) console.log(`miss  #${miss.index} ${miss.entityId}: ${miss.text}`);
for (const fp of result.falsePositives) console.log(`false #${fp.index} ${fp.entityId} ("${fp.found}"): ${fp.text}`);
