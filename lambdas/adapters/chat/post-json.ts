/**
 * One JSON POST to a chat platform over node:http/https, through the same network policy as the
 * fetcher: IP literals checked before connecting, host names on every address they resolve to.
 */
import http from 'node:http';
import https from 'node:https';
import { redactUrl } from '../../core/channels/channel';
import type { SendHooks } from '../../core/ports';
import { SourceFailure } from '../../core/errors';
import { AddressRefusedError, checkUrl, createGuardedLookup } from '../network-policy';

export interface PostOptions {
  allowPrivateNetwork: boolean;
  timeoutMs: number;
  hooks?: SendHooks;
  headers?: Record<string, string>;
}

export type PostResult =
  | { ok: true; status: number; headers: http.IncomingHttpHeaders; text: string }
  /** No answer: `permanent` when retrying cannot help (address refused, no such host). */
  | { ok: false; permanent: boolean; reason: string };

const MAX_ANSWER = 64 * 1024;

export async function postJson(url: string, body: string, options: PostOptions): Promise<PostResult> {
  let parsed: URL;
  try {
    parsed = checkUrl(url, { allowPrivateNetwork: options.allowPrivateNetwork });
  } catch (error) {
    // The reason is stored and shown by `channels list`: the robot's token must not be in it.
    if (error instanceof SourceFailure) return { ok: false, permanent: true, reason: error.message.split(url).join(redactUrl(url)) };
    throw error;
  }
  const client = parsed.protocol === 'https:' ? https : http;
  const lookup = createGuardedLookup({ allowPrivateNetwork: options.allowPrivateNetwork });
  return new Promise<PostResult>((resolve, reject) => {
    const req = client.request(parsed, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'gzwatch', ...options.headers },
      lookup,
      timeout: options.timeoutMs,
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof AddressRefusedError || error.code === 'ERR_GZWATCH_ADDRESS_REFUSED') return resolve({ ok: false, permanent: true, reason: error.message });
      if (error.code === 'ENOTFOUND') return resolve({ ok: false, permanent: true, reason: `no such host: ${parsed.hostname}` });
      resolve({ ok: false, permanent: false, reason: `${error.code ?? 'network error'}: ${error.message.split('\n')[0]}` });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER) chunks.push(chunk);
      });
      res.on('end', () => resolve({ ok: true, status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => resolve({ ok: false, permanent: false, reason: error.message }));
    });
    // Recorded as delivered only once the connection stands (TLS included) and the body is about
    // to go: a refused connection or a failed handshake never counts as a delivery.
    const go = () =>
      Promise.resolve(options.hooks?.commit?.())
        .then(() => req.end(body))
        .catch((error: unknown) => {
          req.destroy();
          reject(error);
        });
    req.once('socket', (socket) => {
      if (!socket.connecting) return void go();
      socket.once(parsed.protocol === 'https:' ? 'secureConnect' : 'connect', go);
    });
  });
}

/** The JSON object a platform answered, or undefined when it answered something else. */
export function answerJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in ms (seconds or an HTTP date), if the answer had one. */
export function retryAfterMs(headers: http.IncomingHttpHeaders, now: number): number | undefined {
  const value = headers['retry-after'];
  if (typeof value !== 'string') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
