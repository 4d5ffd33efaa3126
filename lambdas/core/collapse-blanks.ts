/**
 * `text.slice(from, to).replace(/\s+/g, ' ').trim()` without reading the span: a mention's snippet
 * is built this way for every mention kept, mentions are dense in news (a snippet of eighty
 * characters every hundred or so), and the regular expression, or any loop over the snippet, read
 * the text a second time (scripts/bench-matcher.ts). The normaliser already knows where the blanks
 * are (NormalisedText.blanks), so only those offsets are looked at.
 */

/** The units `\s` and `trim()` both take: ECMAScript WhiteSpace (Zs among them) and LineTerminator. */
export function isJsBlank(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * `text[from, to)` with each run of whitespace turned into one space and none at either end.
 * `blanks`: offsets in `text`, in order, among which is every whitespace unit (more do no harm).
 */
export function collapseBlanks(text: string, blanks: readonly number[], from: number, to: number): string {
  let k = 0;
  let hi = blanks.length;
  while (k < hi) {
    const mid = (k + hi) >>> 1;
    if (blanks[mid]! < from) k = mid + 1;
    else hi = mid;
  }
  if (k === blanks.length || blanks[k]! >= to) return text.slice(from, to);
  // The words between whitespace units, joined by single spaces.
  let out = '';
  let word = from;
  for (; k < blanks.length && blanks[k]! < to; k += 1) {
    const at = blanks[k]!;
    if (!isJsBlank(text.charCodeAt(at))) continue;
    if (at > word) out += out === '' ? text.slice(word, at) : ` ${text.slice(word, at)}`;
    word = at + 1;
  }
  if (to > word) out += out === '' ? text.slice(word, to) : ` ${text.slice(word, to)}`;
  return out;
}
