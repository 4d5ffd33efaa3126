/**
 * Text normalisation before matching: one comparable form for Simplified/Traditional, full-width/
 * half-width, upper/lower case and the many quote and bracket shapes, with a map back to the
 * original so that mentions report what the reader actually sees.
 */
import type * as OpenCCModule from 'opencc-js' with { 'resolution-mode': 'import' };
import { TRADITIONAL_ONLY } from './traditional-chars';

export interface NormalisedText {
  /** The comparable form: NFKC, Simplified, lower-case Latin, unified quotes/brackets, single spaces. */
  text: string;
  /**
   * `toOriginal[i]` is the offset in the original of the character that produced `text[i]`;
   * one extra last entry holds the original length so that end offsets map too. Built on first
   * use: `at` answers the same without it.
   */
  readonly toOriginal: Int32Array;
  /** `toOriginal[i]`, from the runs the normaliser kept (one per change of offset, not one per unit). */
  at(i: number): number;
  /**
   * Original offsets, in order, of every unit normalised as a blank or line break: a superset of
   * the original's whitespace (`\s`), so a span holding none of them needs no whitespace folding.
   */
  blanks: number[];
}

// Quotes and brackets NFKC leaves alone (it already turns （）［］｛｝＂ into ASCII).
const PUNCTUATION: Record<string, string> = {
  '【': '[', '】': ']', '〖': '[', '〗': ']', '〔': '[', '〕': ']', '〘': '[', '〙': ']',
  '「': '"', '」': '"', '『': '"', '』': '"', '“': '"', '”': '"', '„': '"', '‟': '"',
  '〝': '"', '〞': '"', '〟': '"', '″': '"', '«': '"', '»': '"',
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
  '﹢': '+', '−': '-', '–': '-', '—': '-', '‐': '-', '‑': '-',
};

/*
 * Traditional → Simplified with OpenCC. The 'hk' preset applies Hong Kong variant folding (綫, 衞)
 * before the standard OpenCC T→S tables, so it covers Taiwan and plain OpenCC Traditional too.
 * Measured on Node 20: ~30 ms to build once, ~0.5 ms per 3,400 characters when run on everything.
 * Only runs of CJK text holding at least one character that OpenCC changes on its own (a
 * Traditional-only character) are converted: Simplified text is left alone, which is both faster
 * (most articles skip OpenCC entirely) and safer (its phrase tables also rewrite a few Simplified
 * pairs, 一坏 → 一坯). Which characters are Traditional-only is precomputed from OpenCC's tables
 * (traditional-chars.ts), so OpenCC itself is loaded only when a Traditional run is met: a Lambda
 * whose articles are all Simplified never reads its 109 kB.
 */
let toSimplified: ((text: string) => string) | undefined;
let traditionalOnly: Uint8Array | undefined;

function converter(): (text: string) => string {
  if (toSimplified) return toSimplified;
  // opencc-js publishes ESM typings only, while Node loads its UMD build for `require`: take the
  // types from the former and the code from the latter. The t2cn build holds only the
  // Traditional → Simplified tables: 109 kB instead of the full build's 1.2 MB.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const OpenCC = require('opencc-js/t2cn') as typeof OpenCCModule;
  return (toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' }));
}

/** Code units (BMP) that OpenCC rewrites as single characters: the mark of Traditional text. */
function traditionalTable(): Uint8Array {
  if (traditionalOnly) return traditionalOnly;
  const table = new Uint8Array(65536);
  for (let i = 0; i < TRADITIONAL_ONLY.length; i += 1) table[TRADITIONAL_ONLY.charCodeAt(i)] = 1;
  return (traditionalOnly = table);
}

/** Whether `text` holds a Traditional-only character (one OpenCC rewrites on its own). */
export function hasTraditional(text: string): boolean {
  const table = traditionalTable();
  for (let i = 0; i < text.length; i += 1) if (table[text.charCodeAt(i)] === 1) return true;
  return false;
}

const CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;

/** Converts the Traditional runs of `text` in place of the map-keeping arrays. */
function simplifyRuns(text: string, map: Int32Array): { text: string; map: Int32Array } {
  const table = traditionalTable();
  let i = 0;
  for (; i < text.length; i += 1) if (table[text.charCodeAt(i)] === 1) break;
  if (i === text.length) return { text, map };

  let out = '';
  const outMap: number[] = [];
  let copied = 0;
  for (const run of text.matchAll(CJK_RUN)) {
    const from = run.index;
    const to = from + run[0].length;
    let traditional = false;
    for (let k = from; k < to && !traditional; k += 1) traditional = table[text.charCodeAt(k)] === 1;
    if (!traditional) continue;
    out += text.slice(copied, from);
    for (let k = copied; k < from; k += 1) outMap.push(map[k]!);
    const converted = converter()(run[0]);
    if (converted.length === run[0].length) {
      out += converted;
      for (let k = from; k < to; k += 1) outMap.push(map[k]!);
    } else {
      // A few OpenCC entries map a BMP character to an astral one: convert character by
      // character so that every output unit still knows where it came from.
      for (let k = from; k < to; ) {
        const width = text.charCodeAt(k) >= 0xd800 && text.charCodeAt(k) <= 0xdbff && k + 1 < to ? 2 : 1;
        const piece = converter()(text.slice(k, k + width));
        out += piece;
        for (let u = 0; u < piece.length; u += 1) outMap.push(map[k]!);
        k += width;
      }
    }
    copied = to;
  }
  out += text.slice(copied);
  for (let k = copied; k < text.length; k += 1) outMap.push(map[k]!);
  return { text: out, map: Int32Array.from(outMap) };
}

const COMBINING_MARK = /\p{M}/u;
const SPACE = /[\s\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]/u;

// Per-cluster results are cached: news text draws on a few thousand distinct characters.
const charCache = new Map<string, string>();
function normaliseCluster(cluster: string): string {
  const cached = charCache.get(cluster);
  if (cached !== undefined) return cached;
  let out = '';
  for (const ch of cluster.normalize('NFKC')) out += PUNCTUATION[ch] ?? ch;
  out = out.toLowerCase();
  if (charCache.size < 50_000) charCache.set(cluster, out);
  return out;
}

/*
 * What one UTF-16 unit becomes when no combining mark follows it, looked up in one table instead
 * of NFKC, a Map and regular expressions per character (the profile put a third of the matcher's
 * time in normalising). Entries are filled on first sight of a unit, so loading costs nothing:
 * bits 0-2 the kind, bit 3 "is a combining mark", bit 4 "the output unit is Traditional-only";
 * the replacement unit, when there is one, in a second table. One byte per unit keeps the table
 * the hot path reads at 64 kB, beside the automaton's own tables in the processor's cache.
 */
const KIND = 7;
const UNKNOWN = 0;
/** Output unchanged. */
const KEEP = 1;
/** Output one other unit (full-width → ASCII, upper → lower case, 【 → [). */
const REPLACE = 2;
const BLANK = 3;
const NEWLINE = 4;
/** Anything else (surrogates, characters NFKC expands): the cluster path. */
const CLUSTER = 5;
const MARK = 8;
const TRADITIONAL = 16;
const units = new Uint8Array(65536);
const replacement = new Uint16Array(65536);

function unitEntry(c: number): number {
  const entry = units[c]!;
  return entry !== UNKNOWN ? entry : fillUnit(c);
}

function fillUnit(c: number): number {
  const ch = String.fromCharCode(c);
  // The same ranges as a regular expression per character would give: surrogates are no marks.
  const mark = ((c >= 0x300 && c < 0xd800) || c >= 0xe000) && COMBINING_MARK.test(ch) ? MARK : 0;
  let kind: number;
  let out = c;
  if ((c >= 0x4e00 && c <= 0x9fff) || (c > 0x20 && c < 0x80 && !(c >= 0x41 && c <= 0x5a))) kind = KEEP;
  else if (c === 0x0a) kind = NEWLINE;
  else if (c >= 0x41 && c <= 0x5a) [kind, out] = [REPLACE, c + 32];
  else if (c >= 0xd800 && c <= 0xdfff) kind = CLUSTER;
  else if (c <= 0x20 || SPACE.test(ch)) kind = BLANK;
  else {
    const piece = normaliseCluster(ch);
    if (piece.length !== 1) kind = CLUSTER;
    else [kind, out] = piece === ch ? [KEEP, c] : [REPLACE, piece.charCodeAt(0)];
  }
  const traditional = (kind === KEEP || kind === REPLACE) && traditionalTable()[out] === 1 ? TRADITIONAL : 0;
  replacement[c] = out;
  return (units[c] = traditional | mark | kind);
}

/** Output units of the call in progress; reused, since the string is decoded out of it. */
let scratch = new Uint16Array(4096);
const utf16 = new TextDecoder('utf-16le', { ignoreBOM: true });

function decode(buffer: Uint16Array, length: number, surrogates: boolean): string {
  // TextDecoder is the fastest way from units to a string, but it would replace a lone surrogate
  // with U+FFFD: text holding any surrogate is assembled unit by unit instead.
  if (!surrogates) return utf16.decode(buffer.subarray(0, length));
  let out = '';
  for (let k = 0; k < length; k += 4096) out += String.fromCharCode(...buffer.subarray(k, Math.min(length, k + 4096)));
  return out;
}

/**
 * The map back to the original as runs: from output offset runs[k] on, units come from
 * runs[k + 1] onwards one for one (runs[k + 2] = 1), or all from runs[k + 1] (0: an expanded
 * character, ㈱ → (株)). Most texts need one run or a handful, where a full map wrote four bytes
 * per unit and was most of what normalising a Chinese text cost besides reading it.
 */
class Normalised implements NormalisedText {
  private full?: Int32Array;

  constructor(
    readonly text: string,
    readonly blanks: number[],
    private readonly runs: readonly number[],
    private readonly originalLength: number,
    full?: Int32Array,
  ) {
    this.full = full;
  }

  at(i: number): number {
    if (this.full) return this.full[i]!;
    if (i >= this.text.length) return this.originalLength;
    const runs = this.runs;
    let lo = 0;
    let hi = runs.length / 3 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (runs[mid * 3]! <= i) lo = mid;
      else hi = mid - 1;
    }
    const k = lo * 3;
    return runs[k + 1]! + (runs[k + 2] === 1 ? i - runs[k]! : 0);
  }

  get toOriginal(): Int32Array {
    if (!this.full) {
      const full = new Int32Array(this.text.length + 1);
      for (let i = 0; i <= this.text.length; i += 1) full[i] = this.at(i);
      this.full = full;
    }
    return this.full;
  }
}

/**
 * Sets the run for the unit about to be written at `outAt`: from `origAt` on, one for one
 * (`step` 1) or all from `origAt` (0). A run no unit was written under yet is replaced.
 */
function runFrom(runs: number[], outAt: number, origAt: number, step: number): void {
  const last = runs.length - 3;
  if (runs[last] === outAt) {
    runs[last + 1] = origAt;
    runs[last + 2] = step;
  } else if (step === 0 || runs[last + 2] === 0 || runs[last + 1]! - runs[last]! !== origAt - outAt) {
    runs.push(outAt, origAt, step);
  }
}

/** Normalise `original` for matching, keeping a map from every output offset to an original offset. */
export function normalise(original: string): NormalisedText {
  const n = original.length;
  let out = scratch.length >= n + 16 ? scratch : (scratch = new Uint16Array(n * 2 + 16));
  // The fast path writes units only: every unit it writes comes from the next original unit, one
  // for one, so the current run holds; everything else sets the run for what follows.
  const runs: number[] = [0, 0, 1];
  let len = 0;
  let lastWasSpace = true; // drops leading blanks
  const blanks: number[] = [];
  let traditional = 0;
  let surrogates = false;

  let i = 0;
  let code = n > 0 ? original.charCodeAt(0) : 0;
  let entry = n > 0 ? unitEntry(code) : 0;
  while (i < n) {
    // Past the end, unit 0 stands in: it is no mark.
    const nextCode = i + 1 < n ? original.charCodeAt(i + 1) : 0;
    let next = units[nextCode]!;
    if (next === UNKNOWN) next = fillUnit(nextCode);
    const kind = entry & KIND;
    if (kind <= REPLACE && (next & MARK) === 0) {
      out[len++] = kind === KEEP ? code : replacement[code]!;
      traditional |= entry;
      lastWasSpace = false;
      i += 1;
      code = nextCode;
      entry = next;
      continue;
    }
    if ((kind === BLANK && (next & MARK) === 0) || kind === NEWLINE) {
      if (kind === NEWLINE) {
        // Newlines end sentences: keep them, and let a blank before one disappear.
        if (lastWasSpace && len > 0 && out[len - 1] === 0x20) {
          len -= 1;
          while (runs.length > 3 && runs[runs.length - 3]! > len) runs.length -= 3;
          runFrom(runs, len, i, 1);
        }
        out[len++] = 0x0a;
      } else if (!lastWasSpace) {
        out[len++] = 0x20;
      } else {
        runFrom(runs, len, i + 1, 1); // a dropped blank
      }
      lastWasSpace = true;
      blanks.push(i);
      i += 1;
      code = nextCode;
      entry = next;
      continue;
    }
    // A cluster: one code point plus any combining marks after it, normalised together.
    let width = code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
    while (i + width < n && (unitEntry(original.charCodeAt(i + width)) & MARK) !== 0) width += 1;
    const cluster = original.slice(i, i + width);
    const blank = code <= 0x20 || SPACE.test(cluster);
    // A blank cluster may hold more than one unit (a lone high surrogate takes the next one).
    if (blank) for (let k = i; k < i + width; k += 1) blanks.push(k);
    const piece = !blank ? normaliseCluster(cluster) : lastWasSpace ? '' : ' ';
    lastWasSpace = blank;
    // Inline rather than a helper closure: a closure writing len, out and map would keep them in
    // a heap context, and the fast path above would pay for that on every character. The arrays
    // keep room for one unit per input unit still to come, so the fast path never checks their size.
    const needed = len + piece.length + (n - i) + 1;
    if (needed > out.length) {
      const wider = new Uint16Array(Math.max(needed, out.length * 2));
      wider.set(out.subarray(0, len));
      out = scratch = wider;
    }
    if (piece.length > 1) runFrom(runs, len, i, 0);
    for (let k = 0; k < piece.length; k += 1) {
      const u = piece.charCodeAt(k);
      if (u >= 0xd800 && u <= 0xdfff) surrogates = true;
      if (traditionalTable()[u] === 1) traditional |= TRADITIONAL;
      out[len++] = u;
    }
    i += width;
    runFrom(runs, len, i, 1);
    if (i < n) {
      code = original.charCodeAt(i);
      entry = unitEntry(code);
    }
  }
  if (lastWasSpace && len > 0 && out[len - 1] === 0x20) len -= 1;

  const text = decode(out, len, surrogates);
  const normalised = new Normalised(text, blanks, runs, n);
  if ((traditional & TRADITIONAL) === 0) return normalised;
  // Traditional text (rare) goes through OpenCC run by run, with a full map.
  const simplified = simplifyRuns(text, normalised.toOriginal.subarray(0, len));
  const toOriginal = new Int32Array(simplified.text.length + 1);
  toOriginal.set(simplified.map.subarray(0, simplified.text.length));
  toOriginal[simplified.text.length] = n;
  return new Normalised(simplified.text, blanks, [], n, toOriginal);
}

/**
 * The original span of normalised `[start, end)`: from the first contributing original character
 * to the end of the last one (a full-width or expanded character is taken whole).
 */
export function originalSpan(norm: NormalisedText, start: number, end: number): { start: number; end: number } {
  const from = norm.at(start);
  if (end <= start) return { start: from, end: from };
  const last = norm.at(end - 1);
  let j = end;
  while (norm.at(j) === last) j += 1;
  return { start: from, end: norm.at(j) };
}
