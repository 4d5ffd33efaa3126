/**
 * Finds watchlist entities in text.
 *
 * Every name, alias, context term and exclude phrase is normalised (see normalise.ts) and put in one
 * Aho-Corasick automaton, so a text is scanned once whatever the size of the watchlist. The hits
 * are then filtered by these rules:
 * - Latin names match whole words only: the character before/after a Latin end must not be a
 *   letter or digit (Kimi is not in Akimitsu). CJK names match anywhere.
 * - `exclude`: a name inside one of its entity's exclude phrases is no mention (关注微信公众号).
 * - `context`: when an entity lists context (terms, or ids of other entities whose names then
 *   count as terms), its names count only where a context term occurs outside the name itself,
 *   in the same sentence or within `window` characters (default 60) either side.
 *   A name that contains another of the entity's names is its own confirmation and needs no
 *   context: the registered name 广州像素数据技术股份有限公司 always counts, the plain 像素数据
 *   only next to 巡考, 考场...; 云从科技 always, 云从 alone only with 人工智能, 姚志强...
 * - Overlapping names give one mention, the longest (云从科技集团股份有限公司 over 云从科技).
 * - Disabled entities never match (their names still serve as context for others).
 */
import { AhoCorasick } from './aho-corasick';
import { normalise, originalSpan, type NormalisedText } from './normalise';
import type { Entity, Mention, MentionField } from './types';

export interface MatcherOptions {
  /** Characters either side of a name within which a context term confirms it (default 60). */
  window?: number;
  /** Whether a context term anywhere in the same sentence confirms a name too (default true). */
  sentence?: boolean;
}

export interface Matcher {
  readonly entities: readonly Entity[];
  matchText(text: string, field: MentionField): Mention[];
  /** Title mentions first, then body mentions, each in text order. */
  matchDocument(doc: { title: string; body: string }): Mention[];
}

const SNIPPET_RADIUS = 40;
const DEFAULT_WINDOW = 60;

enum Role {
  Alias,
  WeakAlias,
  Exclude,
  Context,
}

interface PatternInfo {
  /** Pairs of (role, entity index). */
  roles: number[];
  /** The pattern starts/ends with a Latin letter or digit, so that side needs a word boundary. */
  boundStart: boolean;
  boundEnd: boolean;
}

interface Candidate {
  entity: number;
  start: number;
  end: number;
  /** Counts only once a context term confirms it. */
  weak?: boolean;
  /** Which pattern matched: the same name repeated never confirms itself. */
  pattern: number;
}

function isWordUnit(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z (text is case-folded)
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) // accented Latin
  );
}

function isSentenceEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  // 。！？；!?; and line breaks; a full stop only before a blank (not 3.5, not www.x.cn).
  if (c === 0x3002 || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x0a || c === 0xff01 || c === 0xff1f) return true;
  return c === 0x2e && (i + 1 >= text.length || text.charCodeAt(i + 1) === 0x20);
}

/** Normalised form of a watchlist string (names, terms and phrases go through the same steps as text). */
function key(value: string): string {
  return normalise(value).text.trim();
}

export function buildMatcher(entities: readonly Entity[], options: MatcherOptions = {}): Matcher {
  const window = options.window ?? DEFAULT_WINDOW;
  const useSentence = options.sentence ?? true;
  const patterns: string[] = [];
  const info: PatternInfo[] = [];
  const patternIndex = new Map<string, number>();
  const byId = new Map(entities.map((entity, index) => [entity.id, index]));

  function add(pattern: string, role: Role, entity: number): void {
    if (pattern === '') return;
    let index = patternIndex.get(pattern);
    if (index === undefined) {
      index = patterns.length;
      patternIndex.set(pattern, index);
      patterns.push(pattern);
      info.push({
        roles: [],
        boundStart: isWordUnit(pattern.charCodeAt(0)),
        boundEnd: isWordUnit(pattern.charCodeAt(pattern.length - 1)),
      });
    }
    const roles = info[index]!.roles;
    for (let r = 0; r < roles.length; r += 2) if (roles[r] === role && roles[r + 1] === entity) return;
    roles.push(role, entity);
  }

  const names = entities.map((entity) => [...new Set([entity.name, ...entity.aliases].map(key))].filter((n) => n !== ''));
  entities.forEach((entity, e) => {
    if (!entity.enabled) return;
    const own = names[e]!;
    for (const name of own) {
      const selfConfirming = own.some((other) => other !== name && name.includes(other));
      add(name, entity.context.length > 0 && !selfConfirming ? Role.WeakAlias : Role.Alias, e);
    }
    for (const phrase of entity.exclude) add(key(phrase), Role.Exclude, e);
    for (const term of entity.context) {
      const referenced = byId.get(term);
      if (referenced !== undefined) for (const name of names[referenced]!) add(name, Role.Context, e);
      else add(key(term), Role.Context, e);
    }
  });
  const automaton = new AhoCorasick(patterns);

  function matchText(original: string, field: MentionField): Mention[] {
    const norm = normalise(original);
    const text = norm.text;
    const candidates: Candidate[] = [];
    let excludes: Candidate[] | undefined;
    let contexts: Candidate[] | undefined;
    automaton.scan(text, (pattern, start, end) => {
      const p = info[pattern]!;
      if (p.boundStart && start > 0 && isWordUnit(text.charCodeAt(start - 1))) return;
      if (p.boundEnd && end < text.length && isWordUnit(text.charCodeAt(end))) return;
      const roles = p.roles;
      for (let r = 0; r < roles.length; r += 2) {
        const role = roles[r]!;
        const hit: Candidate = { entity: roles[r + 1]!, start, end, pattern };
        if (role === Role.Alias) candidates.push(hit);
        else if (role === Role.WeakAlias) candidates.push({ ...hit, weak: true });
        else if (role === Role.Exclude) (excludes ??= []).push(hit);
        else (contexts ??= []).push(hit);
      }
    });
    if (candidates.length === 0) return [];

    const kept = candidates.filter(
      (hit) =>
        !(excludes && isExcluded(hit, excludes)) &&
        !(hit.weak && !(contexts && isConfirmed(hit, contexts, text, window, useSentence))),
    );
    return longestFirst(kept).map((hit) => toMention(hit, entities[hit.entity]!, original, norm, field));
  }

  return {
    entities,
    matchText,
    matchDocument: (doc) => [...matchText(doc.title, 'title'), ...matchText(doc.body, 'body')],
  };
}

function isExcluded(hit: Candidate, excludes: readonly Candidate[]): boolean {
  return excludes.some((x) => x.entity === hit.entity && x.start <= hit.start && x.end >= hit.end);
}

function isConfirmed(hit: Candidate, contexts: readonly Candidate[], text: string, window: number, useSentence: boolean): boolean {
  let sentenceStart = -1;
  let sentenceEnd = -1;
  for (const c of contexts) {
    if (c.entity !== hit.entity) continue;
    if (c.end > hit.start && c.start < hit.end) continue; // the name itself is no confirmation
    // Nor is the same name again: two plain 月之暗面 in an astronomy story do not make a company,
    // while 月之暗面 next to Kimi (another of its names listed as context) does.
    if (c.pattern === hit.pattern) continue;
    const gap = c.start >= hit.end ? c.start - hit.end : hit.start - c.end;
    if (gap <= window) return true;
    if (!useSentence) continue;
    if (sentenceStart < 0) {
      sentenceStart = hit.start;
      while (sentenceStart > 0 && !isSentenceEnd(text, sentenceStart - 1)) sentenceStart -= 1;
      sentenceEnd = hit.end;
      while (sentenceEnd < text.length && !isSentenceEnd(text, sentenceEnd)) sentenceEnd += 1;
    }
    if (c.start >= sentenceStart && c.end <= sentenceEnd) return true;
  }
  return false;
}

/**
 * One mention per stretch of text: longer names win, then earlier ones. Two entities sharing the
 * very same span are both kept (the text names both equally).
 */
function longestFirst(hits: Candidate[]): Candidate[] {
  const byLength = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const accepted: Candidate[] = [];
  for (const hit of byLength) {
    let ok = true;
    for (const other of accepted) {
      if (other.start < hit.end && hit.start < other.end) {
        if (other.start === hit.start && other.end === hit.end && other.entity !== hit.entity) continue;
        ok = false;
        break;
      }
    }
    if (ok) accepted.push(hit);
  }
  return accepted.sort((a, b) => a.start - b.start || a.entity - b.entity);
}

function toMention(hit: Candidate, entity: Entity, original: string, norm: NormalisedText, field: MentionField): Mention {
  const span = originalSpan(norm, hit.start, hit.end);
  const from = Math.max(0, span.start - SNIPPET_RADIUS);
  const to = Math.min(original.length, span.end + SNIPPET_RADIUS);
  return {
    entityId: entity.id,
    name: entity.name,
    kind: entity.kind,
    text: original.slice(span.start, span.end),
    start: span.start,
    end: span.end,
    field,
    snippet: original.slice(from, to).replace(/\s+/g, ' ').trim(),
  };
}
