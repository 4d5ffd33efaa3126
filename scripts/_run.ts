import { readFileSync } from 'node:fs';
import { buildMatcher } from '../lambdas/core/matcher';
import { defaultWatchlist } from '../lambdas/default-watchlist';
const m = buildMatcher(defaultWatchlist());
const perLine = process.argv[3] === 'doc';
const text = readFileSync(process.argv[2]!, 'utf8');
if (perLine) { for (const x of m.matchText(text, 'body')) console.log(x.entityId, JSON.stringify(x.text), x.reason); }
else text.split('\n').forEach((line, i) => { if (!line.trim()) return; const ms = m.matchText(line, 'body'); console.log(`${i + 1}: ${[...new Set(ms.map((x) => x.entityId.replace(/^[a-z]+-/, '') + '=' + x.text))].join(' ')}`); });
