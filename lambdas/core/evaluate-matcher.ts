/** Scores a matcher against a labelled corpus: precision and recall per entity kind and overall. */
import type { Matcher } from './matcher';
import { ENTITY_KINDS, type EntityKind } from './types';

export interface CorpusEntry {
  text: string;
  /** Every entity id that must be found in `text`; anything else found is a false positive. */
  expect: string[];
}

export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** 1 when nothing was found (no false claims). */
  precision: number;
  /** 1 when nothing was expected. */
  recall: number;
}

export interface EvaluationError {
  index: number;
  entityId: string;
  kind: EntityKind;
  text: string;
  /** For false positives: the words that were taken for the entity. */
  found?: string;
}

export interface Evaluation {
  entries: number;
  overall: Score;
  byKind: Record<EntityKind, Score>;
  misses: EvaluationError[];
  falsePositives: EvaluationError[];
}

function score(tp: number, fp: number, fn: number): Score {
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

/** Entry-level scoring: an entity counts once per entry however often it is named there. */
export function evaluate(corpus: readonly CorpusEntry[], matcher: Matcher): Evaluation {
  const kinds = new Map(matcher.entities.map((entity) => [entity.id, entity.kind]));
  const counts = new Map<EntityKind, [number, number, number]>(ENTITY_KINDS.map((kind) => [kind, [0, 0, 0]]));
  const misses: EvaluationError[] = [];
  const falsePositives: EvaluationError[] = [];

  corpus.forEach((entry, index) => {
    for (const id of entry.expect) {
      if (!kinds.has(id)) throw new Error(`corpus entry ${index} expects unknown entity "${id}"`);
    }
    const mentions = matcher.matchText(entry.text, 'body');
    const found = new Map<string, string>();
    for (const mention of mentions) if (!found.has(mention.entityId)) found.set(mention.entityId, mention.text);
    const expected = new Set(entry.expect);
    for (const id of expected) {
      const kind = kinds.get(id)!;
      if (found.has(id)) counts.get(kind)![0] += 1;
      else {
        counts.get(kind)![2] += 1;
        misses.push({ index, entityId: id, kind, text: entry.text });
      }
    }
    for (const [id, text] of found) {
      if (expected.has(id)) continue;
      const kind = kinds.get(id)!;
      counts.get(kind)![1] += 1;
      falsePositives.push({ index, entityId: id, kind, text: entry.text, found: text });
    }
  });

  let [tp, fp, fn] = [0, 0, 0];
  const byKind = {} as Record<EntityKind, Score>;
  for (const [kind, [t, f, n]] of counts) {
    byKind[kind] = score(t, f, n);
    tp += t;
    fp += f;
    fn += n;
  }
  return { entries: corpus.length, overall: score(tp, fp, fn), byKind, misses, falsePositives };
}
