/**
 * Bytes → text for fetched bodies. The charset is found by encoding-sniffer (the WHATWG
 * algorithm: BOM, then the Content-Type charset, then <meta charset>/http-equiv or the XML
 * declaration in the first bytes, else UTF-8), then checked: Chinese sites often declare one
 * charset and send another, which shows up as U+FFFD replacement characters.
 */
// Only the sniffer: the package's decoder would bundle iconv-lite (265 kB) into every Lambda that
// fetches, while Node's full-ICU TextDecoder knows every WHATWG encoding.
import { getEncoding } from 'encoding-sniffer/sniffer';
import { UndecodableFailure } from './fetch-errors';

export interface DecodedBody {
  /** Lower-case WHATWG name; gb2312/gbk are reported as gb18030, which is what was used. */
  charset: string;
  text: string;
}

/** How far into the body <meta charset> is looked for; Chinese CMS heads can be long. */
const SNIFF_BYTES = 4096;

const BINARY_TYPES = new Set([
  'application/octet-stream',
  'application/pdf',
  'application/zip',
  'application/gzip',
  'application/x-gzip',
  'application/x-rar-compressed',
  'application/x-7z-compressed',
  'application/msword',
]);
const BINARY_MAJOR = new Set(['image', 'audio', 'video', 'font']);

const MAGIC: ReadonlyArray<[string, number[]]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['application/zip', [0x50, 0x4b, 0x03, 0x04]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['application/gzip', [0x1f, 0x8b]],
];

/** The media type without parameters, lower-cased ('' when absent). */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/** Binary by its declared type alone: no need to download it. */
export function isBinaryContentType(contentType: string): boolean {
  const type = mediaType(contentType);
  if (BINARY_TYPES.has(type)) return true;
  if (type.endsWith('+json') || type.endsWith('+xml')) return false;
  if (type.startsWith('application/vnd.')) return true;
  return BINARY_MAJOR.has(type.split('/')[0] ?? '');
}

/** What kind of binary body this is, or undefined when it may be text. */
export function binaryKind(body: Buffer, contentType: string, charset: string): string | undefined {
  if (isBinaryContentType(contentType)) return mediaType(contentType);
  for (const [kind, magic] of MAGIC) {
    if (body.length >= magic.length && magic.every((byte, i) => body[i] === byte)) return `${kind} by its first bytes`;
  }
  // UTF-16 text is full of NULs; every other text encoding has none.
  if (!charset.startsWith('utf-16') && body.subarray(0, 1024).includes(0)) return 'NUL bytes in the first KB';
  return undefined;
}

function headerCharset(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType);
  return match?.[1];
}

/** Node's TextDecoder('gbk'/'gb2312') loses four-byte characters (𠀀); gb18030 is their superset. */
function effective(name: string): string {
  const lower = name.toLowerCase();
  return lower === 'gbk' || lower === 'gb2312' || lower === 'x-gbk' ? 'gb18030' : lower;
}

/** undefined when neither decoder knows the charset (e.g. WHATWG's "replacement"). */
function decodeWith(body: Buffer, charset: string): string | undefined {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return undefined;
  }
}

function replacementCount(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}

/** A stray bad byte in a big page is tolerated; a wrong charset gives one per character. */
function fits(text: string): boolean {
  const bad = replacementCount(text);
  return bad === 0 || bad <= Math.max(1, text.length / 2000);
}

/**
 * Decodes a body: the sniffed charset first, then (if it leaves many U+FFFD) the charset the
 * document itself declares, UTF-8, and gb18030 (the sites we watch are Chinese).
 * Throws UndecodableFailure for binary bodies and for text no candidate decodes cleanly.
 */
export function decodeBody(body: Buffer, contentType: string, url: string): DecodedBody {
  const declared = headerCharset(contentType);
  const sniffed = effective(
    getEncoding(body, { transportLayerEncodingLabel: declared, defaultEncoding: 'utf-8', maxBytes: SNIFF_BYTES }),
  );
  const binary = binaryKind(body, contentType, sniffed);
  if (binary) throw new UndecodableFailure(url, `binary body (${binary})`);
  if (body.length === 0) return { charset: sniffed, text: '' };

  const inDocument = effective(getEncoding(body, { defaultEncoding: 'utf-8', maxBytes: SNIFF_BYTES }));
  const candidates = [...new Set([sniffed, inDocument, 'utf-8', 'gb18030'])];
  for (const charset of candidates) {
    const text = decodeWith(body, charset);
    if (text !== undefined && fits(text)) return { charset, text };
  }
  const first = decodeWith(body, sniffed) ?? '';
  const share = Math.round((100 * replacementCount(first)) / Math.max(1, first.length));
  throw new UndecodableFailure(
    url,
    `text undecodable as ${candidates.join(', ')} (${share}% replacement characters as ${sniffed})`,
  );
}
