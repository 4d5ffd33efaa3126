import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import path from 'node:path';
import { shanghaiDate } from '../../lambdas/core/time';
import { daysBetween, shiftDates } from '../../lambdas/demo/shift-dates';

/** The day fixtures/e2e-site's dates were written as of. */
export const E2E_SITE_DAY = '2026-11-27';

export interface StaticSite {
  origin: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.xml': 'application/rss+xml; charset=utf-8', '.txt': 'text/plain' };

/**
 * Serves a folder on 127.0.0.1 as a plain web site (directories answer with index.html). With
 * `writtenOn` (the day the fixture's dates were written as of), dates are moved to today, so what
 * the site lists is news on any day rather than backfill.
 */
export async function startStaticSite(root: string, options: { writtenOn?: string } = {}): Promise<StaticSite> {
  const shift = options.writtenOn ? { anchor: options.writtenOn, days: daysBetween(options.writtenOn, shanghaiDate(new Date())) } : undefined;
  const requests: string[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname);
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (url.pathname.endsWith('/')) file = path.join(file, 'index.html');
    try {
      let body = await fs.readFile(file);
      if (shift && /\.(html|xml)$/.test(file)) body = Buffer.from(shiftDates(body.toString('utf8'), shift.anchor, shift.days), 'utf8');
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
