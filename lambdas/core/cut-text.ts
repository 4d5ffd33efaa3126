/**
 * Cutting text to a limit without breaking a character: limits are counted in code points (what a
 * reader sees) or in UTF-8 bytes (what DynamoDB and mail headers count), never in UTF-16 units, so
 * a cut never leaves half of a surrogate pair (an emoji, a rare CJK character) behind.
 */

const encoder = new TextEncoder();

export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The longest prefix of `text` with at most `maxBytes` UTF-8 bytes, ending on a character boundary. */
function prefixWithinBytes(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes || utf8Bytes(text) <= maxBytes) return text;
  const { read } = encoder.encodeInto(text, new Uint8Array(Math.max(0, maxBytes)));
  return text.slice(0, read);
}

/**
 * `text` cut to at most `maxChars` code points and `maxBytes` UTF-8 bytes; a cut text ends with
 * `ellipsis`, which counts towards both limits.
 */
export function cutText(text: string, limits: { maxChars?: number; maxBytes?: number }, ellipsis = '…'): string {
  const maxChars = limits.maxChars ?? Infinity;
  const maxBytes = limits.maxBytes ?? Infinity;
  const fitsChars = text.length <= maxChars || [...text].length <= maxChars;
  if (fitsChars && (maxBytes === Infinity || utf8Bytes(text) <= maxBytes)) return text;
  let cut = text;
  if (!fitsChars) cut = [...text].slice(0, Math.max(0, maxChars - [...ellipsis].length)).join('');
  if (maxBytes !== Infinity) cut = prefixWithinBytes(cut, maxBytes - utf8Bytes(ellipsis));
  return `${cut}${ellipsis}`;
}
