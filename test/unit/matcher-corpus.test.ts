import legacy from '../corpus/matcher-corpus.json';
import real from '../corpus/matcher-corpus-real.json';
import seed from '../../lambdas/data/watchlist-seed.json';
import { parseEntities } from '../../lambdas/core/entity-schema';
import { jiebaWords } from '../../lambdas/adapters/jieba-words';
import { buildMatcher } from '../../lambdas/core/matcher';
import { ENTITY_KINDS } from '../../lambdas/core/types';
import { corpusCases, evaluate, SCRIPTS, type CorpusFile } from '../../scripts/eval/evaluate-matcher';

const FLOOR = 0.97;
const entities = parseEntities(seed, 'watchlist-seed.json');
// `gzwatch match` checks persons' names against word boundaries (jieba); a matcher built
// without a segmenter (the collector until its wiring passes one) must still hold overall.
const withWords = buildMatcher(entities, { words: jiebaWords });
const withoutWords = buildMatcher(entities);

describe.each([
  ['matcher-corpus.json', legacy as CorpusFile],
  ['matcher-corpus-real.json', real as CorpusFile],
])('matcher on %s', (_name, file) => {
  const cases = corpusCases(file);
  const result = evaluate(cases, withWords);
  /** Printed on failure: which sentences went wrong, so that the fix starts from them. */
  const errors = [
    ...result.misses.map((m) => `miss ${m.entityId}: ${m.text}`),
    ...result.falsePositives.map((f) => `false ${f.entityId} ("${f.found}", ${f.reason}): ${f.text}`),
  ].join('\n');

  it(`keeps overall precision and recall at ${FLOOR} or more without a word segmenter too`, () => {
    const score = evaluate(cases, withoutWords).overall;
    expect(score.precision >= FLOOR && score.recall >= FLOOR ? 'ok' : `precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}`).toBe('ok');
  });

  it('is large enough and names every entity of the seed list', () => {
    expect(cases.length).toBeGreaterThanOrEqual(280);
    const expected = new Set(cases.flatMap((entry) => entry.expect));
    expect(entities.map((e) => e.id).filter((id) => !expected.has(id))).toEqual([]);
  });

  it.each([...ENTITY_KINDS, 'overall'] as const)(`keeps precision and recall of %s at ${FLOOR} or more`, (kind) => {
    const score = kind === 'overall' ? result.overall : result.byKind[kind];
    expect(score.truePositives).toBeGreaterThan(0);
    const report = `${kind}: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}\n${errors}`;
    // On failure the received value is the report: the scores and every wrong sentence.
    expect(score.precision >= FLOOR && score.recall >= FLOOR ? 'ok' : report).toBe('ok');
  });

  it.each(SCRIPTS)(`keeps precision and recall of %s text at ${FLOOR} or more`, (script) => {
    const score = result.byScript[script];
    const report = `${script}: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}\n${errors}`;
    expect(score.precision >= FLOOR && score.recall >= FLOOR ? 'ok' : report).toBe('ok');
  });
});

describe('the corpus of real-writing phenomena', () => {
  const file = real as { header: { phenomena: string[] }; cases: Array<{ text: string; expect: string[]; hard?: boolean }> };
  const result = evaluate(file.cases, withWords);
  it('holds 300 cases or more, a quarter hard negatives, and 15% each of Traditional and English', () => {
    expect(file.cases.length).toBeGreaterThanOrEqual(300);
    expect(result.hardNegatives / result.entries).toBeGreaterThanOrEqual(0.25);
    expect(result.entriesByScript.Traditional / result.entries).toBeGreaterThanOrEqual(0.15);
    expect(result.entriesByScript.English / result.entries).toBeGreaterThanOrEqual(0.15);
    expect(file.header.phenomena.length).toBeGreaterThan(0);
  });
});
