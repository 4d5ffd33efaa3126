import corpus from '../corpus/matcher-corpus.json';
import seed from '../../lambdas/data/watchlist-seed.json';
import { parseEntities } from '../../lambdas/core/entity-schema';
import { evaluate } from '../../lambdas/core/evaluate-matcher';
import { buildMatcher } from '../../lambdas/core/matcher';
import { ENTITY_KINDS } from '../../lambdas/core/types';

const FLOOR = 0.97;
const entities = parseEntities(seed, 'watchlist-seed.json');
const result = evaluate(corpus, buildMatcher(entities));

/** Printed on failure: which sentences went wrong, so that the fix starts from them. */
const errors = [
  ...result.misses.map((m) => `miss ${m.entityId}: ${m.text}`),
  ...result.falsePositives.map((f) => `false ${f.entityId} ("${f.found}"): ${f.text}`),
].join('\n');

describe('matcher on the labelled corpus', () => {
  it('is large enough and names every entity of the seed list', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(280);
    const expected = new Set(corpus.flatMap((entry) => entry.expect));
    expect(entities.map((e) => e.id).filter((id) => !expected.has(id))).toEqual([]);
  });

  it.each([...ENTITY_KINDS, 'overall'] as const)(`keeps precision and recall of %s at ${FLOOR} or more`, (kind) => {
    const score = kind === 'overall' ? result.overall : result.byKind[kind];
    expect(score.truePositives).toBeGreaterThan(0);
    const report = `${kind}: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)}\n${errors}`;
    // On failure the received value is the report: the scores and every wrong sentence.
    expect(score.precision >= FLOOR && score.recall >= FLOOR ? 'ok' : report).toBe('ok');
  });
});
