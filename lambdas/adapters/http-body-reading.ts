/**
 * A response body off the wire: refused unread when binary by type or declared too large,
 * inflated (gzip, deflate, br) with the cap counted on inflated bytes, and unwanted bodies
 * drained or dropped so their sockets are reused or closed, never returned to the pool half-read.
 * Turning the bytes into text is http-body-decoding.ts.
 */
import type { IncomingMessage } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import { TooLargeFailure, UndecodableFailure } from './fetch-errors';
import { errorCode } from './fetch-error-translation';
import { isBinaryContentType } from './http-body-decoding';

/** How much of an error or redirect body is read so the socket can be reused. */
const DRAIN_BYTES = 64 * 1024;

export function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Stops a download: destroying a response that is not complete closes its socket (it is not
 * returned to the pool half-read), and the abort error it may emit is nobody's business.
 */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads and drops an unwanted body (nobody reads error or redirect bodies); closes it past DRAIN_BYTES. */
export async function drainBody(body: Readable): Promise<void> {
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > DRAIN_BYTES) break;
    }
  } catch {
    // A broken error body changes nothing: the status is what counts.
  } finally {
    if (!body.readableEnded) discard(body);
  }
}

/**
 * The body as sent, or inflated with node:zlib.
 * undefined for an encoding we cannot undo (we only advertise gzip, deflate and br).
 */
function inflate(body: Readable, encoding: string): Readable | undefined {
  if (encoding === 'identity' || encoding === '') return body;
  const inflater = encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate' ? createUnzip() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!inflater) return undefined;
  return pipeline(body, inflater, () => undefined);
}

/**
 * The whole body of a 2xx response, at most `maxBytes` after inflating. Throws UndecodableFailure
 * or TooLargeFailure; other stream errors (aborts, resets) are thrown as they come, for the caller
 * to translate; `signal` tells a cut-off inflater from a corrupt one.
 */
export async function readBody(response: IncomingMessage, url: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const contentType = header(response.headers, 'content-type') ?? '';
  if (isBinaryContentType(contentType)) {
    discard(response);
    throw new UndecodableFailure(url, `binary body (${contentType.split(';')[0]?.trim()})`);
  }
  const declared = Number(header(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response);
    throw new TooLargeFailure(url, maxBytes, `declared Content-Length ${declared}`);
  }
  const encoding = (header(response.headers, 'content-encoding') ?? 'identity').trim().toLowerCase();
  const inflated = inflate(response, encoding);
  if (!inflated) {
    discard(response);
    throw new UndecodableFailure(url, `unsupported Content-Encoding ${encoding}`);
  }
  // The cap counts inflated bytes: a small gzip can inflate to gigabytes.
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of inflated) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        discard(response);
        throw new TooLargeFailure(url, maxBytes, encoding === 'identity' ? 'body' : 'inflated body');
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    const code = errorCode(error);
    if (!signal.aborted && code?.startsWith('Z_')) throw new UndecodableFailure(url, `corrupt ${encoding} body (${code})`);
    throw error;
  }
  return Buffer.concat(chunks);
}
