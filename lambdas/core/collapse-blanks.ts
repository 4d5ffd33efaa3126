/**
 * `text.slice(from, to).replace(/\s+/g, ' ').trim()` without the regular expression: a mention's
 * snippet is built this way for every mention kept, and the regular expression was a tenth of the
 * matcher's time in the profile (scripts/bench-matcher.ts).
 */

/** The units `\s` and `trim()` both take: ECMAScript WhiteSpace (Zs among them) and LineTerminator. */
export function isJsBlank(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

export function collapseBlanks(text: string, from: number, to: number): string {
  let i = from;
  while (i < to && isJsBlank(text.charCodeAt(i))) i += 1;
  let out = '';
  let segment = i;
  let blank = false;
  for (; i < to; i += 1) {
    if (isJsBlank(text.charCodeAt(i))) {
      if (!blank) out += text.slice(segment, i);
      blank = true;
    } else if (blank) {
      out += ' ';
      segment = i;
      blank = false;
    }
  }
  return blank ? out : out + text.slice(segment, to);
}
