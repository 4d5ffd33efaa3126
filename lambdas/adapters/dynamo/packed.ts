import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Large text (article bodies, mention lists with snippets) is stored deflate-compressed as a Binary
 * attribute: a third of the size (DynamoDB bills by the kilobyte), and the SDK's JSON writer then
 * copies base64 instead of escaping thousands of CJK characters one by one, which was the largest
 * CPU cost of storing an article (profiled with `npm run bench`).
 */
/** A 4 KB window and small state: setting up zlib's default 32 KB window cost more than compressing. */
const DEFLATE = { level: 6, windowBits: 12, memLevel: 5 } as const;

export function pack(value: unknown): Uint8Array {
  return deflateRawSync(Buffer.from(JSON.stringify(value)), DEFLATE);
}

/** Reads a packed attribute; also accepts the plain JSON string that earlier versions stored. */
export function unpack<T>(stored: unknown, fallback: T): T {
  if (stored instanceof Uint8Array) return JSON.parse(inflateRawSync(stored, { windowBits: DEFLATE.windowBits }).toString('utf8')) as T;
  if (typeof stored === 'string') return JSON.parse(stored) as T;
  return fallback;
}
