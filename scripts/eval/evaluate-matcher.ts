/**
 * Scores a matcher against a labelled corpus: precision and recall per entity kind, per script
 * (Simplified, Traditional, English) and overall, with every error listed. Evaluation code: it
 * lives beside the eval script, not in the product.
 */
import type { Matcher } from '../../lambdas/core/matcher';
import { hasTraditional } from '../../lambdas/core/normalise';
import { ENTITY_KINDS, type EntityKind } from '../../lambdas/core/types';

export interface CorpusEntry {
  text: string;
  /** Optional title: the case is then a document, title and body matched together. */
  title?: string;
  /** Every entity id that must be found in the case; anything else found is a false positive. */
  expect: string[];
  /** A hard negative: a watchlist name (or part of one) used for someone or something else. */
  hard?: boolean;
}

/** A corpus file: a bare array of cases, or `{ header, cases }` with a header saying what it covers. */
export type CorpusFile = CorpusEntry[] | { header: unknown; cases: CorpusEntry[] };

export function corpusCases(file: CorpusFile): CorpusEntry[] {
  return Array.isArray(file) ? file : file.cases;
}

export type Script = 'Simplified' | 'Traditional' | 'English';
export const SCRIPTS: readonly Script[] = ['Simplified', 'Traditional', 'English'];

/** English when Latin letters outnumber Chinese characters two to one; else Traditional if any character is. */
export function scriptOf(entry: Pick<CorpusEntry, 'text' | 'title'>): Script {
  const text = `${entry.title ?? ''} ${entry.text}`;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  if (latin > 2 * cjk) return 'English';
  return hasTraditional(text) ? 'Traditional' : 'Simplified';
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
  script: Script;
  text: string;
  /** For false positives: the words that were taken for the entity, and why they counted. */
  found?: string;
  reason?: string;
}

export interface Evaluation {
  entries: number;
  hardNegatives: number;
  overall: Score;
  byKind: Record<EntityKind, Score>;
  byScript: Record<Script, Score>;
  entriesByScript: Record<Script, number>;
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
  const byKind = new Map<EntityKind, [number, number, number]>(ENTITY_KINDS.map((kind) => [kind, [0, 0, 0]]));
  const byScript = new Map<Script, [number, number, number]>(SCRIPTS.map((s) => [s, [0, 0, 0]]));
  const entriesByScript = Object.fromEntries(SCRIPTS.map((s) => [s, 0])) as Record<Script, number>;
  const misses: EvaluationError[] = [];
  const falsePositives: EvaluationError[] = [];
  const count = (kind: EntityKind, script: Script, slot: 0 | 1 | 2): void => {
    byKind.get(kind)![slot] += 1;
    byScript.get(script)![slot] += 1;
  };

  corpus.forEach((entry, index) => {
    for (const id of entry.expect) {
      if (!kinds.has(id)) throw new Error(`corpus entry ${index} expects unknown entity "${id}"`);
    }
    const script = scriptOf(entry);
    entriesByScript[script] += 1;
    const mentions = matcher.matchDocument({ title: entry.title ?? '', body: entry.text });
    const found = new Map<string, { text: string; reason?: string }>();
    for (const m of mentions) if (!found.has(m.entityId)) found.set(m.entityId, { text: m.text, reason: m.reason });
    const expected = new Set(entry.expect);
    const shown = entry.title ? `${entry.title} || ${entry.text}` : entry.text;
    for (const id of expected) {
      const kind = kinds.get(id)!;
      if (found.has(id)) count(kind, script, 0);
      else {
        count(kind, script, 2);
        misses.push({ index, entityId: id, kind, script, text: shown });
      }
    }
    for (const [id, hit] of found) {
      if (expected.has(id)) continue;
      const kind = kinds.get(id)!;
      count(kind, script, 1);
      falsePositives.push({ index, entityId: id, kind, script, text: shown, found: hit.text, reason: hit.reason });
    }
  });

  let [tp, fp, fn] = [0, 0, 0];
  const kindScores = {} as Record<EntityKind, Score>;
  for (const [kind, [t, f, n]] of byKind) {
    kindScores[kind] = score(t, f, n);
    tp += t;
    fp += f;
    fn += n;
  }
  const scriptScores = {} as Record<Script, Score>;
  for (const [s, [t, f, n]] of byScript) scriptScores[s] = score(t, f, n);
  return {
    entries: corpus.length,
    hardNegatives: corpus.filter((entry) => entry.hard).length,
    overall: score(tp, fp, fn),
    byKind: kindScores,
    byScript: scriptScores,
    entriesByScript,
    misses,
    falsePositives,
  };
}
