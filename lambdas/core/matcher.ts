/**
 * Finds watchlist entities in text.
 *
 * Every name, alias, context term, negative term and exclude phrase is normalised (see
 * normalise.ts) and put in one Aho-Corasick automaton, so a text is scanned once whatever the size
 * of the watchlist. The hits are then filtered by these rules:
 * - Latin names match whole words only: the character before/after a Latin end must not be a
 *   letter or digit (Kimi is not in Akimitsu). CJK names match anywhere. Names listed in
 *   `caseSensitive` match only in that letter case (SYSU, not a lower-case sysu in a path).
 * - Strength per name: a strong name counts on its own; a weak one (listed in `weak`, or, for an
 *   entity without `weak`, any name holding none of its other names while it has `context`) counts
 *   only once confirmed: by a context term (or another of its names, or a name of an entity listed
 *   in `context`) in the same sentence or within `window` characters, or elsewhere in the
 *   document: once the entity, or an entity listed in its context (a person's organisation),
 *   counts anywhere in the title or body, its weak names and people count everywhere in it.
 * - `exclude`: a name inside one of its entity's exclude phrases is no mention (关注微信公众号).
 * - `negative`: a negative term in the same clause (or within a few characters) means the other
 *   sense (电话 by 机器人); it outweighs every confirmation. Names that hold another of the
 *   entity's names (the registered full name) are exempt.
 * - Pattern names: `{n}` stands for a number in Arabic or Chinese digits (广州市第{n}届人民代表大会).
 *   Only the fixed text after (or before) `{n}` is in the automaton; the number and the rest are
 *   read off the text around the hit, so the scan stays one pass.
 * - Overlapping names give one mention, the longest (云从科技集团股份有限公司 over 云从科技).
 * - Disabled entities never match (their names still serve as context for others).
 * Every mention carries `reason`: which of these rules made it count.
 */
import { AhoCorasick } from './aho-corasick';
import { collapseBlanks } from './collapse-blanks';
import { normalise, originalSpan, type NormalisedText } from './normalise';
import type { Entity, Mention, MentionField } from './types';

export interface MatcherOptions {
  /** Characters either side of a name within which a context term confirms it (default 60). */
  window?: number;
  /** Whether a context term anywhere in the same sentence confirms a name too (default true). */
  sentence?: boolean;
  /**
   * A word segmenter (the words of a normalised sentence, in order). When given, a person's
   * Chinese name counts only where it starts and ends on word boundaries: 梁俊 is not in 梁俊杰
   * (梁/俊杰), 姚志强 not in 姚志强调 (姚/志/强调). Run only on sentences holding such a name.
   */
  words?: (sentence: string) => readonly string[];
}

export interface Matcher {
  readonly entities: readonly Entity[];
  /** The text is one document: a name confirmed in one sentence confirms the same entity elsewhere. */
  matchText(text: string, field: MentionField): Mention[];
  /** Title mentions first, then body mentions, each in text order; confirmation spans both. */
  matchDocument(doc: { title: string; body: string }): Mention[];
}

const SNIPPET_RADIUS = 40;
const DEFAULT_WINDOW = 60;
/** A negative term this close counts even across a comma (电话、机器人). */
const NEGATIVE_NEAR = 6;
/** Longest run of digits a `{n}` takes. */
const MAX_NUMBER = 8;

export const REASONS = {
  strong: '强名称 (strong alias)',
  context: (term: string) => `上下文「${term}」 (context term ${term})`,
  document: '文中已确认 (confirmed elsewhere in the document)',
  related: (name: string) => `文中已确认「${name}」 (${name} confirmed in the document)`,
};

enum Role {
  Alias,
  /** The fixed text after (or, with nothing after, before) `{n}` of a pattern name. */
  PatternPart,
}

/**
 * Terms are recorded once per occurrence, whatever the number of entities that list them (a
 * trade word may be context for hundreds): per-entity sets say whose term a pattern is.
 */
const CONTEXT = 1;
const EXCLUDE = 2;
const NEGATIVE = 4;

interface PatternInfo {
  /** Triples of (role, entity index, detail): a NameInfo index for aliases, a PatternName index for parts. */
  roles: number[];
  /** CONTEXT | EXCLUDE | NEGATIVE: which kinds of term the pattern is for some entity. */
  terms: number;
  /** The pattern starts/ends with a Latin letter or digit, so that side needs a word boundary. */
  boundStart: boolean;
  boundEnd: boolean;
}

interface NameInfo {
  entity: number;
  weak: boolean;
  /** Holds another of the entity's names: its own confirmation, and exempt from negative terms. */
  self: boolean;
  /** The letter sequences it may have in the original (case-sensitive names), or undefined. */
  cases?: string[];
  /** A person's name in Chinese characters: checked against word boundaries when a segmenter is given. */
  boundaries: boolean;
}

const CJK_NAME = /^[\u3400-\u9fff]{2,4}$/;

interface PatternName {
  entity: number;
  name: number;
  head: string;
  tail: string;
}

interface Candidate {
  entity: number;
  start: number;
  end: number;
  name: number;
  /** Which automaton pattern matched (-1 for pattern names): the same name never confirms itself. */
  pattern: number;
  field: number;
  /** The name's NAME_WEAK | NAME_SELF | NAME_BOUNDARIES, copied from the hit table: no NameInfo read per candidate. */
  flags: number;
  /** Which rule made it count (How), or -1 while it does not. */
  how: number;
  /** For How.Context the term's index into the field's contexts; for How.Related the entity. */
  by: number;
}

/** Why a candidate counts; spelled out (REASONS) only for the mentions that are kept. */
const enum How {
  Strong,
  Context,
  Document,
  Related,
}

/** Term occurrences as flat (start, end, pattern) triples in order of end: no object per hit. */
type Hits = number[];

/** What one field's scan left: the candidates and what rules need of the text. */
interface Scanned {
  original: string;
  norm: NormalisedText;
  field: MentionField;
  candidates: Candidate[];
  /** Word boundaries of the sentences segmented so far, by sentence start. */
  boundaries?: Map<number, Set<number>>;
  excludes?: Hits;
  contexts?: Hits;
  negatives?: Hits;
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

function isClauseEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  // ，、：and : (after NFKC ， and ： are ASCII) besides the sentence ends. An English comma, followed
  // by a blank, often only sets off an apposition ("CloudWalk, the payments firm from Brazil,"):
  // it does not end the clause.
  if (c === 0x2c) return i + 1 >= text.length || text.charCodeAt(i + 1) !== 0x20;
  return c === 0x3001 || c === 0x3a || isSentenceEnd(text, i);
}

/** Digits a `{n}` takes: Arabic (full-width ones are ASCII after NFKC) and Chinese numerals. */
const NUMERAL = new Set([...'0123456789零〇一二三四五六七八九十百千两']);

/** Normalised form of a watchlist string (names, terms and phrases go through the same steps as text). */
function key(value: string): string {
  return normalise(value).text.trim();
}

function letters(value: string): string {
  return value.normalize('NFKC').replace(/[^A-Za-z]/g, '');
}

/** Bits of HitTable.flags besides CONTEXT | EXCLUDE | NEGATIVE. */
const TERMS = CONTEXT | EXCLUDE | NEGATIVE;
const BOUND_START = 8;
const BOUND_END = 16;
/** Role of an alias listed in `caseSensitive`: its letters are checked against the original. */
const CASED_ALIAS = 2;
/** What the rules need of a name (NameInfo), as bits on each candidate. */
const NAME_WEAK = 1;
const NAME_SELF = 2;
const NAME_BOUNDARIES = 4;

/**
 * What the scan needs per pattern, in flat typed arrays: per hit it reads a byte and a run of
 * (role, entity, detail) triples instead of chasing an object per pattern and one per name.
 */
interface HitTable {
  flags: Uint8Array;
  /** roles[roleStart[p] .. roleStart[p + 1]) are pattern p's (role, entity, detail, name flags) quads. */
  roleStart: Int32Array;
  roles: Int32Array;
}

function hitTable(info: readonly PatternInfo[], names: readonly NameInfo[], patternNames: readonly PatternName[]): HitTable {
  const flags = new Uint8Array(info.length);
  const roleStart = new Int32Array(info.length + 1);
  const roles = new Int32Array(info.reduce((sum, p) => sum + (p.roles.length / 3) * 4, 0));
  let at = 0;
  info.forEach((p, index) => {
    flags[index] = p.terms | (p.boundStart ? BOUND_START : 0) | (p.boundEnd ? BOUND_END : 0);
    roleStart[index] = at;
    for (let r = 0; r < p.roles.length; r += 3) {
      const role = p.roles[r]!;
      const name = names[role === Role.PatternPart ? patternNames[p.roles[r + 2]!]!.name : p.roles[r + 2]!]!;
      roles[at++] = role === Role.Alias && name.cases !== undefined ? CASED_ALIAS : role;
      roles[at++] = p.roles[r + 1]!;
      roles[at++] = p.roles[r + 2]!;
      roles[at++] = (name.weak ? NAME_WEAK : 0) | (name.self ? NAME_SELF : 0) | (name.boundaries ? NAME_BOUNDARIES : 0);
    }
  });
  roleStart[info.length] = at;
  return { flags, roleStart, roles };
}

export function buildMatcher(entities: readonly Entity[], options: MatcherOptions = {}): Matcher {
  const window = options.window ?? DEFAULT_WINDOW;
  const useSentence = options.sentence ?? true;
  const patterns: string[] = [];
  const info: PatternInfo[] = [];
  const patternIndex = new Map<string, number>();
  const byId = new Map(entities.map((entity, index) => [entity.id, index]));
  const nameInfo: NameInfo[] = [];
  const patternNames: PatternName[] = [];
  /** Entity indexes listed in each entity's context: their confirmation confirms it. */
  const related: number[][] = entities.map(() => []);

  const termsOf = { [CONTEXT]: entities.map(() => new Set<number>()), [EXCLUDE]: entities.map(() => new Set<number>()), [NEGATIVE]: entities.map(() => new Set<number>()) };

  function patternFor(pattern: string): number {
    let index = patternIndex.get(pattern);
    if (index === undefined) {
      index = patterns.length;
      patternIndex.set(pattern, index);
      patterns.push(pattern);
      info.push({
        roles: [],
        terms: 0,
        boundStart: isWordUnit(pattern.charCodeAt(0)),
        boundEnd: isWordUnit(pattern.charCodeAt(pattern.length - 1)),
      });
    }
    return index;
  }

  function add(pattern: string, role: Role, entity: number, detail: number): void {
    if (pattern === '') return;
    const roles = info[patternFor(pattern)]!.roles;
    for (let r = 0; r < roles.length; r += 3) if (roles[r] === role && roles[r + 1] === entity && roles[r + 2] === detail) return;
    roles.push(role, entity, detail);
  }

  function addTerm(pattern: string, kind: typeof CONTEXT | typeof EXCLUDE | typeof NEGATIVE, entity: number): void {
    if (pattern === '') return;
    const index = patternFor(pattern);
    info[index]!.terms |= kind;
    termsOf[kind][entity]!.add(index);
  }

  /** Every name of each entity, with its strength and letter cases, keyed by normalised form. */
  const names = entities.map((entity) => {
    const weakList = new Set(entity.weak ?? []);
    const caseList = new Set(entity.caseSensitive ?? []);
    // One entry per normalised form; a case-sensitive spelling gets its own (SHEIN strong and
    // Shein weak stay two names with their own strength).
    const byKey = new Map<string, { k: string; weak: boolean; cases?: string[]; pattern: boolean }>();
    for (const raw of [entity.name, ...entity.aliases, ...(entity.weak ?? [])]) {
      const pattern = raw.includes('{n}');
      const k = pattern ? raw : key(raw);
      if (k === '') continue;
      const weak = weakList.has(raw);
      const cases = caseList.has(raw) ? [letters(raw)] : undefined;
      const slot = cases ? `${k}\u0001${cases[0]}` : k;
      const seen = byKey.get(slot);
      if (!seen) byKey.set(slot, { k, weak, cases, pattern });
      else seen.weak &&= weak;
    }
    return [...byKey.values()];
  });
  const plainNames = names.map((list) => [...new Set(list.filter((n) => !n.pattern).map((n) => n.k))]);

  entities.forEach((entity, e) => {
    if (!entity.enabled) return;
    const own = plainNames[e]!;
    const legacy = entity.weak === undefined && entity.context.length > 0;
    let hasWeak = false;
    for (const n of names[e]!) {
      const k = n.k;
      const self = !n.pattern && own.some((other) => other !== k && k.includes(other));
      const weak = legacy ? !self : n.weak;
      const boundaries = entity.kind === 'person' && CJK_NAME.test(k);
      const index = nameInfo.push({ entity: e, weak, self, cases: n.cases, boundaries }) - 1;
      hasWeak ||= weak;
      if (!n.pattern) {
        add(k, Role.Alias, e, index);
        continue;
      }
      const [head = '', tail = ''] = k.split('{n}').map((part) => normalise(part).text);
      const p = patternNames.push({ entity: e, name: index, head, tail }) - 1;
      add(tail !== '' ? tail : head, Role.PatternPart, e, p);
    }
    for (const phrase of entity.exclude) addTerm(key(phrase), EXCLUDE, e);
    for (const term of entity.negative ?? []) addTerm(key(term), NEGATIVE, e);
    for (const term of entity.context) {
      const referenced = byId.get(term);
      if (referenced !== undefined) related[e]!.push(referenced);
    }
    // Context only serves weak names: an entity with none scans for none of its terms.
    if (!hasWeak) return;
    // Another of its own names nearby confirms a weak name (月之暗面 next to Kimi).
    for (const k of own) addTerm(k, CONTEXT, e);
    for (const term of entity.context) {
      const referenced = byId.get(term);
      if (referenced !== undefined) for (const name of plainNames[referenced]!) addTerm(name, CONTEXT, e);
      else addTerm(key(term), CONTEXT, e);
    }
  });
  const longest = patterns.reduce((max, pattern) => Math.max(max, pattern.length), 0);
  const automaton = new AhoCorasick(patterns.length > 0 ? patterns : ['\u0000']);
  const table = hitTable(info, nameInfo, patternNames);
  const confirmedIn = new Int32Array(entities.length);
  let documentStamp = 0;

  function scan(original: string, field: MentionField, fieldIndex: number): Scanned {
    const norm = normalise(original);
    const text = norm.text;
    const out: Scanned = { original, norm, field, candidates: [] };
    if (patterns.length === 0) return out;
    const candidates = out.candidates;
    const { flags, roleStart, roles } = table;
    automaton.scan(text, (pattern, start, end) => {
      const f = flags[pattern]!;
      const endOk = (f & BOUND_END) === 0 || end >= text.length || !isWordUnit(text.charCodeAt(end));
      if (!endOk) return;
      const startOk = (f & BOUND_START) === 0 || start === 0 || !isWordUnit(text.charCodeAt(start - 1));
      if ((f & TERMS) !== 0 && startOk) {
        if (f & CONTEXT) (out.contexts ??= []).push(start, end, pattern);
        if (f & EXCLUDE) (out.excludes ??= []).push(start, end, pattern);
        if (f & NEGATIVE) (out.negatives ??= []).push(start, end, pattern);
      }
      for (let r = roleStart[pattern]!, last = roleStart[pattern + 1]!; r < last; r += 4) {
        const role = roles[r]!;
        const entity = roles[r + 1]!;
        const detail = roles[r + 2]!;
        const nameFlags = roles[r + 3]!;
        if (role === Role.PatternPart) {
          const pn = patternNames[detail]!;
          // The fixed part before `{n}` starts the name when nothing follows `{n}`.
          if (pn.tail === '' && !startOk) continue;
          const hit = patternHit(pn, text, start, end);
          if (hit) candidates.push({ entity, start: hit[0], end: hit[1], name: pn.name, pattern: -1, field: fieldIndex, flags: nameFlags, how: -1, by: -1 });
          continue;
        }
        if (!startOk) continue;
        if (role === CASED_ALIAS && !nameInfo[detail]!.cases!.includes(letters(spanOf(original, norm, start, end)))) continue;
        candidates.push({ entity, start, end, name: detail, pattern, field: fieldIndex, flags: nameFlags, how: -1, by: -1 });
      }
    });
    return out;
  }

  /** The whole span of a pattern name around the hit of its fixed part, or undefined. */
  function patternHit(p: PatternName, text: string, start: number, end: number): [number, number] | undefined {
    if (p.tail !== '') {
      let s = start;
      while (s > 0 && start - s < MAX_NUMBER && NUMERAL.has(text[s - 1]!)) s -= 1;
      if (s === start || !text.startsWith(p.head, s - p.head.length)) return undefined;
      const from = s - p.head.length;
      if (p.head !== '' && isWordUnit(p.head.charCodeAt(0)) && from > 0 && isWordUnit(text.charCodeAt(from - 1))) return undefined;
      return [from, end];
    }
    let e = end;
    while (e < text.length && e - end < MAX_NUMBER && NUMERAL.has(text[e]!)) e += 1;
    return e === end ? undefined : [start, e];
  }

  function resolve(fields: Scanned[]): Mention[] {
    const accepted: Candidate[][] = fields.map(() => []);
    let pending: Candidate[] | undefined;
    let any = false;
    fields.forEach((f, i) => {
      const text = f.norm.text;
      const candidates = f.candidates;
      const kept = accepted[i]!;
      for (let c = 0; c < candidates.length; c += 1) {
        const hit = candidates[c]!;
        // A name inside a strong one of the same entity (the short name in the registered name)
        // would lose to it anyway: no need to weigh it.
        if (insideStrong(candidates, c, longest)) continue;
        if (f.excludes && isExcluded(hit, f.excludes, termsOf[EXCLUDE][hit.entity]!)) continue;
        if (f.negatives && (hit.flags & NAME_SELF) === 0 && isNegated(hit, f.negatives, termsOf[NEGATIVE][hit.entity]!, text)) continue;
        if ((hit.flags & NAME_BOUNDARIES) !== 0 && options.words && !onWordBoundaries(hit, text, options.words, f)) continue;
        if ((hit.flags & NAME_WEAK) === 0) {
          hit.how = How.Strong;
        } else {
          const term = f.contexts ? confirmingTerm(hit, f.contexts, termsOf[CONTEXT][hit.entity]!, text, window, useSentence, longest) : -1;
          if (term < 0) {
            (pending ??= []).push(hit);
            continue;
          }
          hit.how = How.Context;
          hit.by = term;
        }
        kept.push(hit);
        any = true;
      }
    });
    // Document-level confirmation, until nothing more is confirmed (a person's organisation may
    // itself be confirmed only through the document).
    if (pending && any) {
      // Which entities count in this document: marked with this call's stamp, so that no set is
      // built per document.
      documentStamp += 1;
      if (documentStamp > 0x7fffffff) {
        confirmedIn.fill(0);
        documentStamp = 1;
      }
      const stamp = documentStamp;
      for (const kept of accepted) for (const hit of kept) confirmedIn[hit.entity] = stamp;
      for (let changed = true; changed; ) {
        changed = false;
        for (const hit of pending) {
          if (hit.how >= 0) continue;
          if (confirmedIn[hit.entity] === stamp) hit.how = How.Document;
          else {
            const by = related[hit.entity]!.find((r) => confirmedIn[r] === stamp);
            if (by === undefined) continue;
            hit.how = How.Related;
            hit.by = by;
            changed = true;
            confirmedIn[hit.entity] = stamp;
          }
          accepted[hit.field]!.push(hit);
        }
      }
    }
    const mentions: Mention[] = [];
    fields.forEach((f, i) => {
      for (const hit of longestFirst(accepted[i]!)) mentions.push(toMention(hit, entities[hit.entity]!, f));
    });
    return mentions;
  }

  function reasonFor(hit: Candidate, f: Scanned): string {
    if (hit.how === How.Context) return REASONS.context(spanOf(f.original, f.norm, f.contexts![hit.by]!, f.contexts![hit.by + 1]!));
    if (hit.how === How.Document) return REASONS.document;
    if (hit.how === How.Related) return REASONS.related(entities[hit.by]!.name);
    return REASONS.strong;
  }

  function toMention(hit: Candidate, entity: Entity, f: Scanned): Mention {
    const { original, norm } = f;
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
      field: f.field,
      snippet: collapseBlanks(original, norm.blanks, from, to),
      reason: reasonFor(hit, f),
    };
  }

  return {
    entities,
    matchText: (text, field) => resolve([scan(text, field, 0)]),
    matchDocument: (doc) => resolve([scan(doc.title, 'title', 0), scan(doc.body, 'body', 1)]),
  };
}

function spanOf(original: string, norm: NormalisedText, start: number, end: number): string {
  const span = originalSpan(norm, start, end);
  return original.slice(span.start, span.end);
}

/** Whether the hit starts and ends where the segmenter puts word boundaries in its sentence. */
function onWordBoundaries(hit: Candidate, text: string, words: (sentence: string) => readonly string[], f: Scanned): boolean {
  let start = hit.start;
  while (start > 0 && !isSentenceEnd(text, start - 1)) start -= 1;
  let bounds = f.boundaries?.get(start);
  if (!bounds) {
    let end = hit.end;
    while (end < text.length && !isSentenceEnd(text, end)) end += 1;
    bounds = new Set([start]);
    let at = start;
    for (const word of words(text.slice(start, end))) bounds.add((at += word.length));
    (f.boundaries ??= new Map()).set(start, bounds);
  }
  return bounds.has(hit.start) && bounds.has(hit.end);
}

/** A strong name of the same entity strictly around the hit: the hit would lose to it anyway. */
function insideStrong(candidates: readonly Candidate[], c: number, longest: number): boolean {
  const hit = candidates[c]!;
  // Hits come in order of end; one around this hit ends at most `longest` after its start.
  for (let j = c + 1; j < candidates.length && candidates[j]!.end <= hit.start + longest; j += 1) {
    const other = candidates[j]!;
    if (other.entity === hit.entity && other.start <= hit.start && other.end - other.start > hit.end - hit.start && (other.flags & NAME_WEAK) === 0) return true;
  }
  return false;
}

function isExcluded(hit: Candidate, excludes: Hits, own: ReadonlySet<number>): boolean {
  for (let i = 0; i < excludes.length; i += 3) {
    if (own.has(excludes[i + 2]!) && excludes[i]! <= hit.start && excludes[i + 1]! >= hit.end) return true;
  }
  return false;
}

/** A negative term of the entity in the same clause, or a few characters away in the same sentence. */
function isNegated(hit: Candidate, negatives: Hits, own: ReadonlySet<number>, text: string): boolean {
  let clauseStart = -1;
  let clauseEnd = -1;
  for (let i = 0; i < negatives.length; i += 3) {
    if (!own.has(negatives[i + 2]!)) continue;
    const start = negatives[i]!;
    const end = negatives[i + 1]!;
    if (clauseStart < 0) {
      clauseStart = hit.start;
      while (clauseStart > 0 && !isClauseEnd(text, clauseStart - 1)) clauseStart -= 1;
      clauseEnd = hit.end;
      while (clauseEnd < text.length && !isClauseEnd(text, clauseEnd)) clauseEnd += 1;
    }
    if (start >= clauseStart && end <= clauseEnd) return true;
    const gap = start >= hit.end ? start - hit.end : hit.start - end;
    if (gap > NEGATIVE_NEAR) continue;
    // Across a comma (电话、机器人) but not across the end of a sentence.
    const [from, to] = start >= hit.end ? [hit.end, start] : [end, hit.start];
    let crosses = false;
    for (let k = from; k < to && !crosses; k += 1) crosses = isSentenceEnd(text, k);
    if (!crosses) return true;
  }
  return false;
}

/**
 * The first context term of the entity (as an index into `contexts`) within `window` characters
 * or, failing that, in the same sentence; -1 if none. Binary search keeps it to the terms nearby.
 */
function confirmingTerm(hit: Candidate, contexts: Hits, own: ReadonlySet<number>, text: string, window: number, useSentence: boolean, longest: number): number {
  const near = termIn(hit, contexts, own, hit.start - window, hit.end + window, longest, window);
  if (near >= 0 || !useSentence) return near;
  let sentenceStart = hit.start;
  while (sentenceStart > 0 && !isSentenceEnd(text, sentenceStart - 1)) sentenceStart -= 1;
  let sentenceEnd = hit.end;
  while (sentenceEnd < text.length && !isSentenceEnd(text, sentenceEnd)) sentenceEnd += 1;
  return termIn(hit, contexts, own, sentenceStart, sentenceEnd, longest, -1);
}

/**
 * A term of the entity inside [from, to): within `gap` characters of the hit when `gap` >= 0,
 * else anywhere in that stretch (a sentence).
 */
function termIn(hit: Candidate, contexts: Hits, own: ReadonlySet<number>, from: number, to: number, longest: number, gap: number): number {
  // First triple whose end reaches `from`; triples are in order of end.
  let lo = 0;
  let hi = contexts.length / 3;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (contexts[mid * 3 + 1]! < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo * 3; i < contexts.length; i += 3) {
    const start = contexts[i]!;
    const end = contexts[i + 1]!;
    if (end > to + longest) break;
    const pattern = contexts[i + 2]!;
    // The name itself is no confirmation, nor is the same name again: two plain 月之暗面 in an
    // astronomy story do not make a company, while 月之暗面 next to Kimi (another of its names) does.
    if (pattern === hit.pattern || (end > hit.start && start < hit.end) || !own.has(pattern)) continue;
    if (gap >= 0 ? (start >= hit.end ? start - hit.end : hit.start - end) <= gap : start >= from && end <= to) return i;
  }
  return -1;
}

/**
 * One mention per stretch of text: longer names win, then earlier ones. Two entities sharing the
 * very same span are both kept (the text names both equally).
 */
function longestFirst(hits: Candidate[]): Candidate[] {
  // Most texts have no overlapping names left: then text order is the answer. Hits mostly come
  // in that order already (by end, from the scan): no copy and no sort then.
  const inOrder = (a: Candidate, b: Candidate): number => a.start - b.start || a.entity - b.entity;
  let sorted = true;
  for (let i = 1; i < hits.length && sorted; i += 1) sorted = inOrder(hits[i - 1]!, hits[i]!) <= 0;
  const byStart = sorted ? hits : [...hits].sort(inOrder);
  let overlap = false;
  for (let i = 1; i < byStart.length && !overlap; i += 1) overlap = byStart[i]!.start < byStart[i - 1]!.end;
  if (!overlap) return byStart;
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

