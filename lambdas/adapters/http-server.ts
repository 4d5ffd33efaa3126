import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebRequest, WebResponse } from '../core/web/http';

/** Larger bodies are refused: every form and API call of the service is a few hundred bytes. */
const MAX_BODY = 64 * 1024;

export interface RunningHttpServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The body as text; `tooLarge` past MAX_BODY; `cut` when the client kept sending and was cut off. */
function readBody(req: IncomingMessage): Promise<{ text?: string; tooLarge?: boolean; cut?: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Past the limit the rest is read and dropped, so the client still gets the 413…
      if (size <= MAX_BODY) chunks.push(c);
      // …up to a point: a client still sending after 1 MiB is cut off without an answer.
      else if (size > 16 * MAX_BODY) {
        resolve({ cut: true });
        req.destroy();
      }
    });
    req.on('end', () => resolve(size > MAX_BODY ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
    // Gone before the end: settle, so nothing waits on a request that will never end.
    req.on('close', () => resolve({ cut: true }));
  });
}

export function toWebRequest(req: IncomingMessage, body: string): WebRequest {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, client: req.socket.remoteAddress };
}

function send(res: ServerResponse, response: WebResponse, head: boolean): void {
  res.writeHead(response.status, { ...response.headers, 'Content-Length': Buffer.byteLength(response.body) });
  res.end(head ? undefined : response.body);
}

/** The node:http shell of the web router, for `gzwatch serve` and the tests. */
export async function startHttpServer(handle: (request: WebRequest) => Promise<WebResponse>, options: { host: string; port: number; onError?: (error: unknown) => void }): Promise<RunningHttpServer> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req);
        if (body.cut) return;
        if (body.tooLarge) return send(res, { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }, body: 'request body too large\n' }, false);
        send(res, await handle(toWebRequest(req, body.text ?? '')), req.method === 'HEAD');
      } catch (error) {
        options.onError?.(error);
        if (!res.headersSent) send(res, { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'internal error\n' }, false);
        else res.destroy();
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
