/**
 * The Fetcher port over HTTP (node:http / node:https): polite (robots.txt, one request per host
 * at a time with a pause), bounded (timeout, byte cap, redirect limit, the source's deadline),
 * guarded (network policy on every hop and every resolved address) and decoding Chinese charsets
 * right.
 * Every failure is a SourceFailure subclass from fetch-errors.ts with a one-line message.
 *
 * Node's own client rather than undici: undici added ~525 kB to the collector's bundle for one
 * GET at a time per host, which node:http does with the same pooling, lookup hook and streams.
 */
import http, { STATUS_CODES, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import robotsParser from 'robots-parser';
import type { FetchedPage, FetchOptions, Fetcher } from '../core/ports';
import { SourceFailure } from '../core/errors';
import { AddressRefusedError, checkUrl, createPolicyAgent, type PolicyAgents } from './network-policy';
import { decodeBody, isBinaryContentType } from './http-body-decoding';
import { HostScheduler } from './host-scheduler';
import {
  BlockedFailure,
  BudgetFailure,
  FetchTimeoutFailure,
  HttpStatusFailure,
  NetworkFailure,
  RobotsFailure,
  TooLargeFailure,
  UndecodableFailure,
} from './fetch-errors';

export interface FetchLogEvent {
  event: 'request' | 'retry' | 'redirect' | 'robots' | 'failure';
  /** The URL as sources know it (before rewriteUrl). */
  url: string;
  status?: number;
  attempt?: number;
  waitMs?: number;
  to?: string;
  message?: string;
}

export interface HttpFetcherOptions {
  /** Whole exchange (connect, headers, body). Default 15000. */
  requestTimeoutMs?: number;
  /** Body cap, after decompression; the download is aborted once passed. Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Retries after the first attempt on network errors, 5xx and 429. Default 2. */
  retries?: number;
  /** Backoff: full jitter over min(retryMaxDelayMs, retryBaseDelayMs * 2^attempt). Defaults 500 / 8000. */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Longest Retry-After honoured. Default 60000. */
  maxRetryAfterMs?: number;
  /** Pause between two requests to the same host. Default 1000. */
  perHostDelayMs?: number;
  /** Hosts fetched in parallel. Default 6. */
  maxConcurrentHosts?: number;
  userAgent?: string;
  /** Let requests reach loopback/private/link-local addresses. Default false. */
  allowPrivateNetwork?: boolean;
  /**
   * Applied just before each request (robots.txt included): sends real-site URLs to a local
   * fixture server. Pages keep their original URL. Requests to a rewritten URL skip the
   * private-network check: whoever set the rewrite chose that destination.
   */
  rewriteUrl?: (url: string) => string;
  /**
   * Inverse of rewriteUrl, used to map redirect targets and final URLs back. Without it a
   * redirect to the rewritten origin is mapped back by swapping the origin (enough for
   * rewrites that only change scheme/host/port).
   */
  originalUrl?: (rewrittenUrl: string) => string;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: (event: FetchLogEvent) => void;
}

export type HttpFetcher = Fetcher & {
  /** Closes pooled keep-alive sockets; call once when done or the process lingers. */
  close(): Promise<void>;
};

export const DEFAULT_USER_AGENT = 'gzwatch/0.1 (+https://github.com/gzwatch/gzwatch)';
const ROBOTS_MAX_BYTES = 512 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Codes that mean "this host cannot be reached now": retrying only burns the budget. */
const NOT_RETRIED_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'ENETUNREACH', 'EHOSTUNREACH']);

type Settings = Required<Omit<HttpFetcherOptions, 'rewriteUrl' | 'originalUrl' | 'log'>> &
  Pick<HttpFetcherOptions, 'rewriteUrl' | 'originalUrl' | 'log'>;

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface HopRules {
  robots: boolean;
  retries: number;
  maxBytes: number;
}

type Robots = ReturnType<typeof robotsParser>;

function header(headers: Exchange['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or garbled. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The errors behind `error`: its cause chain, and the attempts of an AggregateError (Node's
 * connect with autoSelectFamily tries every address and reports them together).
 */
function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && chain.length < 10) {
    const e = queue.shift();
    if (!e || typeof e !== 'object') continue;
    chain.push(e);
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return chain;
}

/** The most specific `code` along an error's chain. */
function errorCode(error: unknown): string | undefined {
  const codes: string[] = [];
  for (const e of errorChain(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  // Errno codes (ECONNREFUSED, ENOTFOUND) say more than wrappers (ABORT_ERR, ERR_STREAM_...).
  return codes.find((code) => /^E[A-Z]/.test(code)) ?? codes[0];
}

/**
 * Stops a download: destroying a response that is not complete closes its socket (it is not
 * returned to the pool half-read), and the abort error it may emit is nobody's business.
 */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Reads and drops an unwanted body up to `limit` bytes so the socket can be reused; closes it past that. */
async function dump(body: Readable, limit: number): Promise<void> {
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) break;
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

function findRefusal(error: unknown): AddressRefusedError | undefined {
  return errorChain(error).find((e): e is AddressRefusedError => e instanceof AddressRefusedError);
}

function explainNetworkCode(code: string, host: string): string {
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return `cannot reach host ${host}: DNS lookup failed (no internet?)`;
    case 'ECONNREFUSED':
      return `cannot reach host ${host}: connection refused (server down?)`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return `cannot reach host ${host}: network unreachable (no internet?)`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return `connection to ${host} closed by the other side`;
    default:
      if (code.startsWith('HPE_')) return `${host} answered with something that is not valid HTTP/1.1`;
      return code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('UNABLE_TO_')
        ? `TLS handshake with ${host} failed (certificate problem)`
        : `cannot reach host ${host} (no internet?)`;
  }
}

function withDefaults(options: HttpFetcherOptions): Settings {
  return {
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    maxRedirects: options.maxRedirects ?? 5,
    retries: options.retries ?? 2,
    retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
    retryMaxDelayMs: options.retryMaxDelayMs ?? 8_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    perHostDelayMs: options.perHostDelayMs ?? 1_000,
    maxConcurrentHosts: options.maxConcurrentHosts ?? 6,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    rewriteUrl: options.rewriteUrl,
    originalUrl: options.originalUrl,
    log: options.log,
  };
}

class NodeHttpFetcher implements HttpFetcher {
  private readonly settings: Settings;
  /** Checks every resolved address against the policy. */
  private readonly guarded: PolicyAgents;
  /** For rewritten URLs only (local fixture servers chosen by the operator): its own pool. */
  private readonly unguarded: PolicyAgents;
  private readonly scheduler: HostScheduler;
  private readonly robots = new Map<string, Promise<Robots | undefined>>();

  constructor(options: HttpFetcherOptions) {
    this.settings = withDefaults(options);
    const s = this.settings;
    this.guarded = createPolicyAgent({ allowPrivateNetwork: s.allowPrivateNetwork, connectTimeoutMs: s.requestTimeoutMs });
    this.unguarded = createPolicyAgent({ allowPrivateNetwork: true, connectTimeoutMs: s.requestTimeoutMs });
    this.scheduler = new HostScheduler({
      perHostDelayMs: s.perHostDelayMs,
      maxConcurrentHosts: s.maxConcurrentHosts,
      sleep: s.sleep,
    });
  }

  async get(url: string, options: FetchOptions = {}): Promise<FetchedPage> {
    return this.follow(url, options, { robots: true, retries: this.settings.retries, maxBytes: this.settings.maxBytes });
  }

  async close(): Promise<void> {
    this.guarded.destroy();
    this.unguarded.destroy();
  }

  /** Fetches `url`, following redirects hop by hop, each hop checked like the first. */
  private async follow(url: string, options: FetchOptions, rules: HopRules): Promise<FetchedPage> {
    const seen = new Set<string>([url]);
    let current = url;
    for (let hop = 0; ; hop++) {
      const target = this.settings.rewriteUrl ? this.settings.rewriteUrl(current) : current;
      const trusted = target !== current;
      checkUrl(current, { allowPrivateNetwork: true });
      checkUrl(target, { allowPrivateNetwork: trusted || this.settings.allowPrivateNetwork });
      if (rules.robots) await this.checkRobots(current, options);

      const exchange = await this.withRetries(current, target, trusted, options, rules);
      const location = header(exchange.headers, 'location');
      if (REDIRECT_STATUSES.has(exchange.status) && location) {
        const next = this.mapBack(new URL(location, target).href, current, target);
        if (seen.has(next)) {
          throw new HttpStatusFailure(url, exchange.status, STATUS_CODES[exchange.status] ?? '', `redirect loop back to ${next}`);
        }
        if (hop >= this.settings.maxRedirects) {
          throw new HttpStatusFailure(url, exchange.status, STATUS_CODES[exchange.status] ?? '', `more than ${this.settings.maxRedirects} redirects`);
        }
        this.settings.log?.({ event: 'redirect', url: current, status: exchange.status, to: next });
        seen.add(next);
        current = next;
        continue;
      }
      return this.toPage(url, current, exchange);
    }
  }

  private toPage(requestedUrl: string, url: string, exchange: Exchange): FetchedPage {
    const { status, headers, body } = exchange;
    const contentType = header(headers, 'content-type') ?? '';
    const validators = { etag: header(headers, 'etag'), lastModified: header(headers, 'last-modified') };
    if (status === 304) {
      return { requestedUrl, url, status, notModified: true, contentType, charset: '', body: Buffer.alloc(0), text: '', ...validators };
    }
    if (status < 200 || status >= 300) {
      throw new HttpStatusFailure(url, status, STATUS_CODES[status] ?? '');
    }
    const { charset, text } = decodeBody(body, contentType, url);
    return { requestedUrl, url, status, notModified: false, contentType, charset, body, text, ...validators };
  }

  /** A redirect target back in the URL space sources know (undoing rewriteUrl). */
  private mapBack(absolute: string, current: string, target: string): string {
    if (target === current) return absolute;
    if (this.settings.originalUrl) return this.settings.originalUrl(absolute);
    const next = new URL(absolute);
    if (next.origin !== new URL(target).origin) return absolute;
    return new URL(next.pathname + next.search + next.hash, new URL(current).origin).href;
  }

  private async withRetries(
    url: string,
    target: string,
    trusted: boolean,
    options: FetchOptions,
    rules: HopRules,
  ): Promise<Exchange> {
    const host = new URL(url).host;
    for (let attempt = 0; ; attempt++) {
      let failure: SourceFailure;
      let retryAfterMs: number | undefined;
      try {
        this.settings.log?.({ event: 'request', url, attempt });
        const exchange = await this.scheduler.run(
          host,
          () => this.exchange(url, target, trusted, options, rules),
          options.deadline,
          () => new BudgetFailure(url, 'before'),
        );
        if (exchange.status !== 429 && exchange.status < 500) return exchange;
        failure = new HttpStatusFailure(url, exchange.status, STATUS_CODES[exchange.status] ?? '');
        retryAfterMs = parseRetryAfter(header(exchange.headers, 'retry-after'));
      } catch (error) {
        if (!(error instanceof NetworkFailure) || NOT_RETRIED_CODES.has(error.code)) throw error;
        failure = error;
      }
      if (attempt >= rules.retries) throw failure;

      const backoff = this.settings.random() * Math.min(this.settings.retryMaxDelayMs, this.settings.retryBaseDelayMs * 2 ** attempt);
      const waitMs = Math.round(retryAfterMs === undefined ? backoff : Math.min(retryAfterMs, this.settings.maxRetryAfterMs));
      if (options.deadline !== undefined && Date.now() + waitMs >= options.deadline) {
        // Waiting would end past the budget: report what the server said, not "budget".
        throw failure;
      }
      this.settings.log?.({ event: 'retry', url, attempt: attempt + 1, waitMs, message: failure.message });
      await this.settings.sleep(waitMs);
    }
  }

  /** One request and its (capped) body. Error statuses come back as data; failures throw. */
  private async exchange(url: string, target: string, trusted: boolean, options: FetchOptions, rules: HopRules): Promise<Exchange> {
    const left = options.deadline === undefined ? Infinity : options.deadline - Date.now();
    if (left <= 0) throw new BudgetFailure(url, 'before');
    const limitMs = Math.min(this.settings.requestTimeoutMs, left);
    const cutByBudget = left < this.settings.requestTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limitMs);
    const cut = () => (cutByBudget ? new BudgetFailure(url, 'during') : new FetchTimeoutFailure(url, limitMs));

    const headers: Record<string, string> = {
      'user-agent': this.settings.userAgent,
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8',
      'accept-language': 'zh-CN,zh;q=0.9,en;q=0.6',
      'accept-encoding': 'gzip, deflate, br',
      ...(options.etag ? { 'if-none-match': options.etag } : {}),
      ...(options.lastModified ? { 'if-modified-since': options.lastModified } : {}),
      ...options.headers,
    };
    try {
      const response = await this.send(target, headers, trusted ? this.unguarded : this.guarded, controller.signal);
      const { statusCode: status = 0, headers: responseHeaders } = response;
      const contentType = header(responseHeaders, 'content-type') ?? '';
      const ok = status >= 200 && status < 300;
      if (!ok) {
        // Nobody reads error or redirect bodies: read a little so the socket can be reused,
        // and close it past that.
        await dump(response, 64 * 1024);
        return { status, headers: responseHeaders, body: Buffer.alloc(0) };
      }
      if (isBinaryContentType(contentType)) {
        discard(response);
        throw new UndecodableFailure(url, `binary body (${contentType.split(';')[0]?.trim()})`);
      }
      const declared = Number(header(responseHeaders, 'content-length'));
      if (Number.isFinite(declared) && declared > rules.maxBytes) {
        discard(response);
        throw new TooLargeFailure(url, rules.maxBytes, `declared Content-Length ${declared}`);
      }
      const encoding = (header(responseHeaders, 'content-encoding') ?? 'identity').trim().toLowerCase();
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
          if (size > rules.maxBytes) {
            discard(response);
            throw new TooLargeFailure(url, rules.maxBytes, encoding === 'identity' ? 'body' : 'inflated body');
          }
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        const code = errorCode(error);
        if (!controller.signal.aborted && code?.startsWith('Z_')) throw new UndecodableFailure(url, `corrupt ${encoding} body (${code})`);
        throw error;
      }
      return { status, headers: responseHeaders, body: Buffer.concat(chunks) };
    } catch (error) {
      if (error instanceof SourceFailure) throw error;
      if (controller.signal.aborted) throw cut();
      throw this.translate(error, url, limitMs);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends a GET and resolves with the response head; the body is left to the caller. Guarded
   * requests carry the policy lookup themselves too, so the check does not depend on the pool.
   */
  private send(target: string, headers: Record<string, string>, agents: PolicyAgents, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const parsed = new URL(target);
      const secure = parsed.protocol === 'https:';
      const options: http.RequestOptions = { method: 'GET', headers, signal, lookup: agents.lookup };
      const request = secure
        ? https.request(parsed, { ...options, agent: agents.https }, resolve)
        : http.request(parsed, { ...options, agent: agents.http }, resolve);
      // Socket silent for connectTimeoutMs (connecting, or waiting on headers or body).
      request.on('timeout', () => request.destroy(Object.assign(new Error('socket timed out'), { code: 'ETIMEDOUT' })));
      // After the head has arrived this only repeats what the body stream reports.
      request.on('error', reject);
      request.end();
    });
  }

  private translate(error: unknown, url: string, limitMs: number): SourceFailure {
    const refusal = findRefusal(error);
    if (refusal) return new BlockedFailure(url, refusal.reason);
    const code = errorCode(error) ?? 'UNKNOWN';
    if (code === 'ETIMEDOUT') {
      return new FetchTimeoutFailure(url, limitMs);
    }
    if (code === 'UNKNOWN') {
      return new NetworkFailure(url, code, error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
    }
    return new NetworkFailure(url, code, explainNetworkCode(code, new URL(url).host));
  }

  /** robots.txt: fetched once per origin; missing or failing means everything is allowed. */
  private async checkRobots(url: string, options: FetchOptions): Promise<void> {
    const origin = new URL(url).origin;
    let robots = this.robots.get(origin);
    if (!robots) {
      robots = this.loadRobots(origin, options);
      this.robots.set(origin, robots);
      // A budget failure says nothing about the site: try again next time.
      robots.catch(() => this.robots.delete(origin));
    }
    const rules = await robots;
    if (rules && rules.isAllowed(url, this.settings.userAgent) === false) {
      throw new RobotsFailure(url, this.settings.userAgent);
    }
  }

  private async loadRobots(origin: string, options: FetchOptions): Promise<Robots | undefined> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const page = await this.follow(robotsUrl, { deadline: options.deadline }, { robots: false, retries: 0, maxBytes: ROBOTS_MAX_BYTES });
      this.settings.log?.({ event: 'robots', url: robotsUrl, status: page.status });
      return robotsParser(robotsUrl, page.text);
    } catch (error) {
      if (error instanceof BudgetFailure) throw error;
      this.settings.log?.({ event: 'robots', url: robotsUrl, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}

/** The HTTP Fetcher. Call `close()` when done to release pooled sockets. */
export function createHttpFetcher(options: HttpFetcherOptions = {}): HttpFetcher {
  return new NodeHttpFetcher(options);
}
