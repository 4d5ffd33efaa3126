/**
 * The normaliser as it was before the single-pass table (lambdas/core/normalise.ts), kept as the
 * oracle of test/unit/normalise-equivalence.test.ts: a NFKC call, a Map and regular expressions
 * per character, and OpenCC on every Traditional run. Slow, and obviously right.
 */
import type * as OpenCCModule from 'opencc-js' with { 'resolution-mode': 'import' };

// opencc-js publishes ESM typings only, while Node loads its UMD build for `require`: take the
// types from the former and the code from the latter. The t2cn build holds only the
// Traditional → Simplified tables: 109 kB instead of the full build's 1.2 MB in every Lambda bundle.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js/t2cn') as typeof OpenCCModule;

interface NormalisedText {
  /** The comparable form: NFKC, Simplified, lower-case Latin, unified quotes/brackets, single spaces. */
  text: string;
  /**
   * `toOriginal[i]` is the offset in the original of the character that produced `text[i]`;
   * one extra last entry holds the original length so that end offsets map too.
   */
  toOriginal: Int32Array;
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
 * pairs, 一坏 → 一坯). Built lazily so that importing this module costs nothing.
 */
let toSimplified: ((text: string) => string) | undefined;
let traditionalOnly: Uint8Array | undefined;

function converter(): (text: string) => string {
  return (toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
}

/** Code units (BMP) that OpenCC rewrites as single characters: the mark of Traditional text. */
function traditionalTable(): Uint8Array {
  if (traditionalOnly) return traditionalOnly;
  const candidates: string[] = [];
  for (const group of [...OpenCC.Locale.from.hk, ...OpenCC.Locale.to.cn]) {
    for (const dict of group) {
      const entries = typeof dict === 'string' ? dict.split('|').map((line) => line.split(' ')) : dict;
      for (const [from, to] of entries) {
        if (from !== undefined && to !== undefined && from !== to && from.length === 1) candidates.push(from);
      }
    }
  }
  // Some entries only matter inside phrases (台 stays 台 alone): ask the converter itself, in one
  // call with the characters on separate lines (no dictionary entry spans a line break).
  const converted = converter()(candidates.join('\n')).split('\n');
  const table = new Uint8Array(65536);
  candidates.forEach((from, i) => {
    if (converted[i] !== from) table[from.charCodeAt(0)] = 1;
  });
  return (traditionalOnly = table);
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
// Looking a combining mark up in a table: a regular expression per character was a third of the time.
let markTable: Uint8Array | undefined;
function marks(): Uint8Array {
  if (markTable) return markTable;
  const table = new Uint8Array(65536);
  for (let c = 0x300; c < 0xd800; c += 1) if (COMBINING_MARK.test(String.fromCharCode(c))) table[c] = 1;
  for (let c = 0xe000; c < 0x10000; c += 1) if (COMBINING_MARK.test(String.fromCharCode(c))) table[c] = 1;
  return (markTable = table);
}
const SPACE = /[\s\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]/u;

// Per-character results are cached: news text draws on a few thousand distinct characters.
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

/** Normalise `original` for matching, keeping a map from every output offset to an original offset. */
export function referenceNormalise(original: string): NormalisedText {
  const n = original.length;
  let out = '';
  let map = new Int32Array(n + 16); // grows only when a character expands (㈱ → (株))
  let len = 0;
  // Characters that stay as they are are copied in runs: [verbatim, i) of the original.
  let verbatim = 0;
  let lastWasSpace = true; // drops leading blanks

  const reserve = (extra: number): void => {
    if (len + extra <= map.length) return;
    const bigger = new Int32Array(map.length * 2 + extra);
    bigger.set(map);
    map = bigger;
  };
  const flush = (upTo: number): void => {
    if (upTo > verbatim) {
      reserve(upTo - verbatim);
      out += original.slice(verbatim, upTo);
      for (let k = verbatim; k < upTo; k += 1) map[len++] = k;
    }
  };
  const emit = (piece: string, from: number): void => {
    reserve(piece.length);
    out += piece;
    for (let k = 0; k < piece.length; k += 1) map[len++] = from;
  };
  const dropTrailingSpace = (): void => {
    if (len > 0 && out.charCodeAt(out.length - 1) === 0x20) {
      out = out.slice(0, -1);
      len -= 1;
    }
  };

  const mark = marks();
  let i = 0;
  while (i < n) {
    const code = original.charCodeAt(i);
    const markFollows = i + 1 < n && mark[original.charCodeAt(i + 1)] === 1;
    // Fast path: CJK ideographs, digits, lower-case letters and most ASCII stay as they are.
    if (!markFollows && ((code >= 0x4e00 && code <= 0x9fff) || (code > 0x20 && code < 0x80 && !(code >= 0x41 && code <= 0x5a)))) {
      lastWasSpace = false;
      i += 1;
      continue;
    }
    flush(i);
    let width = 1;
    if (code === 0x0a) {
      // Newlines end sentences: keep them, and let a blank before one disappear.
      if (lastWasSpace) dropTrailingSpace();
      emit('\n', i);
      lastWasSpace = true;
    } else if (code >= 0x41 && code <= 0x5a && !markFollows) {
      emit(String.fromCharCode(code + 32), i);
      lastWasSpace = false;
    } else {
      // A cluster: one code point plus any combining marks after it, normalised together.
      width = code >= 0xd800 && code <= 0xdbff && i + 1 < n ? 2 : 1;
      while (i + width < n && mark[original.charCodeAt(i + width)] === 1) width += 1;
      const cluster = original.slice(i, i + width);
      if (code <= 0x20 || SPACE.test(cluster)) {
        if (!lastWasSpace) emit(' ', i);
        lastWasSpace = true;
      } else {
        emit(normaliseCluster(cluster), i);
        lastWasSpace = false;
      }
    }
    i += width;
    verbatim = i;
  }
  flush(n);
  if (lastWasSpace) dropTrailingSpace();

  const simplified = simplifyRuns(out, map.subarray(0, len));
  const toOriginal = new Int32Array(simplified.text.length + 1);
  toOriginal.set(simplified.map.subarray(0, simplified.text.length));
  toOriginal[simplified.text.length] = n;
  return { text: simplified.text, toOriginal };
}
