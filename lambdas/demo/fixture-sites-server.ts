/**
 * A local stand-in for the real sites: serves files written for this project from
 * `root/<hostname>/<path>` on 127.0.0.1, so the demo and the tests never touch the network.
 *
 * URL → FILE MAPPING (fixture writers: name your files by these rules)
 *
 *   rewriteUrl('https://<hostname>[:port]/<path>?<query>#frag')
 *     = 'http://127.0.0.1:<port>/<hostname>/<path>?<query>'
 *   (scheme and the original port are dropped; http and https map to the same directory.)
 *
 *   A request for /<hostname>/<path>?<query> is answered with the first file that exists of:
 *     1. root/<hostname>/<path>__<query>      only when there is a query string. <query> is the
 *                                             query exactly as sent, percent-decoded, with every
 *                                             "/" replaced by "_". Example:
 *                                             https://6api.ycwb.com/app_if/jy/getArticles?nodeid=18&pagesize=15
 *                                             → 6api.ycwb.com/app_if/jy/getArticles__nodeid=18&pagesize=15
 *                                             https://www.gz.gov.cn/gkmlpt/api/all/0?page=1&sid=200001
 *                                             → www.gz.gov.cn/gkmlpt/api/all/0__page=1&sid=200001
 *     2. root/<hostname>/<path>               the query dropped (one file answers every page/query).
 *     3. root/<hostname>/<path>/index.html    when <path> ends in "/" or is a directory
 *                                             (https://news.dayoo.com/guangzhou/ → news.dayoo.com/guangzhou/index.html).
 *   Path segments are percent-decoded, so Chinese file names may be written as they read.
 *   Nothing found → 404 text/plain.
 *
 *   Content-Type by extension: .json → application/json; charset=utf-8; .xml/.rss/.atom →
 *   application/xml; charset=utf-8; .html/.htm/.shtml → text/html; charset=utf-8; .txt → text/plain;
 *   .pdf → application/pdf. A file without a known extension (e.g. the `__query` files) is sniffed:
 *   starts with { or [ → JSON; with <?xml, <rss or <feed → XML; otherwise HTML.
 *
 *   Sidecar `<file>.headers.json` (e.g. index.html.headers.json) REPLACES the default headers
 *   exactly: `{"Content-Type": "text/html; charset=gb2312"}` for a GB2312 page, `{}` for a page
 *   sent with no Content-Type at all. An optional key ":status" sets the status code
 *   (`{":status": 403}` for a page served as blocked). An optional key ":require-headers" maps
 *   request header names to a text their value must contain (`{"referer": "https://www.miit.gov.cn/"}`):
 *   a request without it gets a 403, as the real site refuses it. With an "ETag" header in the
 *   sidecar, a request whose If-None-Match equals it gets a 304. The sidecar itself is never served.
 *
 *   `delayMs` delays every response (the bench uses 50 ms).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { shiftDates } from './shift-dates';
import { isUtf8 } from 'node:buffer';

export interface FixtureSitesOptions {
  root: string;
  delayMs?: number;
  port?: number;
  /**
   * Serve pages with their dates moved by `days` (see shift-dates.ts): the demo moves the
   * fixtures' day (`anchor`, YYYY-MM-DD) to today, so its digest is news on any day.
   */
  shiftDates?: { anchor: string; days: number };
}

export interface FixtureSites {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Real site URL → the URL that serves its fixture. Non-http(s) URLs come back unchanged. */
  rewriteUrl(url: string): string;
  /** The inverse of rewriteUrl (as https://), for local URLs; any other URL comes back unchanged. */
  originalUrl(localUrl: string): string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/xml; charset=utf-8',
  '.atom': 'application/xml; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.shtml': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
};

function sniffType(body: Buffer): string {
  const head = body.subarray(0, 200).toString('latin1').trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return TYPES['.json']!;
  if (/^<(\?xml|rss|feed)/i.test(head)) return TYPES['.xml']!;
  return TYPES['.html']!;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Finds the file for a request path + query by the rules at the top of this file. */
async function resolveFile(root: string, rawPath: string, rawQuery: string): Promise<string | null> {
  const segments = rawPath.split('/').map(safeDecode);
  if (segments.some((s) => s === '..' || s.includes('\0') || s.includes('\\'))) return null;
  const relative = segments.join('/');
  const base = path.join(root, relative);
  // Belt and braces against escapes from root.
  if (!base.startsWith(path.resolve(root))) return null;
  const candidates: string[] = [];
  if (!relative.endsWith('/')) {
    if (rawQuery) candidates.push(`${base}__${safeDecode(rawQuery).replace(/\//g, '_')}`);
    candidates.push(base);
  }
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  if (relative.endsWith('/') || (await isDirectory(base))) {
    const index = path.join(base, 'index.html');
    if (await isFile(index)) return index;
  }
  return null;
}

interface Sidecar {
  status: number;
  headers: Record<string, string>;
  requires: Record<string, string>;
}

async function readSidecar(file: string): Promise<Sidecar | null> {
  const sidecar = `${file}.headers.json`;
  if (!(await isFile(sidecar))) return null;
  const parsed = JSON.parse(await readFile(sidecar, 'utf8')) as Record<string, string | number | Record<string, string>>;
  const headers: Record<string, string> = {};
  let requires: Record<string, string> = {};
  let status = 200;
  for (const [name, value] of Object.entries(parsed)) {
    if (name === ':status') status = Number(value);
    else if (name === ':require-headers' && typeof value === 'object') requires = value;
    else headers[name] = String(value);
  }
  return { status, headers, requires };
}

/** The first required request header that is missing or lacks its text, or null. */
function missingHeader(req: IncomingMessage, requires: Record<string, string>): string | null {
  for (const [name, text] of Object.entries(requires)) {
    const value = req.headers[name.toLowerCase()];
    if (typeof value !== 'string' || !value.includes(text)) return name;
  }
  return null;
}

export async function startFixtureSites(options: FixtureSitesOptions): Promise<FixtureSites> {
  const root = path.resolve(options.root);
  const delayMs = options.delayMs ?? 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const rawPath = (q === -1 ? target : target.slice(0, q)).replace(/^\/+/, '');
    const rawQuery = q === -1 ? '' : target.slice(q + 1);
    // "/<hostname>" alone is the site's home page.
    const file = rawPath ? await resolveFile(root, rawPath.includes('/') ? rawPath : `${rawPath}/`, rawQuery) : null;
    if (!file || file.endsWith('.headers.json')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`no fixture for ${target}\n`);
      return;
    }
    let body = await readFile(file);
    const sidecar = await readSidecar(file);
    const missing = sidecar ? missingHeader(req, sidecar.requires) : null;
    if (missing) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`refused: the site wants a ${missing} header\n`);
      return;
    }
    const headers = sidecar?.headers ?? { 'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? sniffType(body) };
    // A sidecar ETag makes the page answer conditional GETs as real servers do.
    const etag = Object.entries(headers).find(([name]) => name.toLowerCase() === 'etag')?.[1];
    if (etag && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag });
      res.end();
      return;
    }
    const type = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    if (options.shiftDates && !/pdf|image|octet/i.test(type)) {
      // Dates are ASCII digits, safe to rewrite in any charset; 年月日 only in UTF-8 pages.
      const encoding = isUtf8(body) ? 'utf8' : 'latin1';
      body = Buffer.from(shiftDates(body.toString(encoding), options.shiftDates.anchor, options.shiftDates.days), encoding);
    }
    res.writeHead(sidecar?.status ?? 200, { ...headers, 'Content-Length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    ...fixtureUrlMapping(origin),
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * Real site URL ↔ fixture server URL for a server at `origin`; also used by a process that talks
 * to a fixture server running in another process (the bench).
 */
export function fixtureUrlMapping(origin: string): Pick<FixtureSites, 'rewriteUrl' | 'originalUrl'> {
  return {
    rewriteUrl(url: string): string {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return url;
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return url;
      return `${origin}/${parsed.hostname}${parsed.pathname}${parsed.search}`;
    },
    originalUrl(localUrl: string): string {
      if (!localUrl.startsWith(`${origin}/`)) return localUrl;
      return `https://${localUrl.slice(origin.length + 1)}`;
    },
  };
}
