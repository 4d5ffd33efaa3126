/**
 * The fetcher's connections, against real local servers: keep-alive pooling and close(), the
 * separate pool for rewritten URLs, bodies cut off mid-way, unwanted error bodies, and HTTPS.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { SourceFailure } from '../../lambdas/core/errors';
import { createHttpFetcher, type FetchLogEvent, type HttpFetcher, type HttpFetcherOptions } from '../../lambdas/adapters/http-fetcher';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// A self-signed certificate for 127.0.0.1 made for this test (valid until 2126); no CA trusts it.
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgO9yZzifC3SWk2sfF
jeEFvm8gaeAfhJzo+kKT9x/AcNShRANCAAQXQU+SAWbneKr6UsFpCPaDK3MwbVal
wX1Dn8fidxQmTviLOH2fwAJqGO/Wrotdxr/eo8n5SXJlXRbc4bp42QRK
-----END PRIVATE KEY-----`;
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBljCCATygAwIBAgIUS7LmOWv637obez6D6FiyGK7nJE4wCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMZ3p3YXRjaCB0ZXN0MCAXDTI2MTEyOTIwMzYyNVoYDzIxMjYx
MTA1MjAzNjI1WjAXMRUwEwYDVQQDDAxnendhdGNoIHRlc3QwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAAQXQU+SAWbneKr6UsFpCPaDK3MwbValwX1Dn8fidxQmTviL
OH2fwAJqGO/Wrotdxr/eo8n5SXJlXRbc4bp42QRKo2QwYjAdBgNVHQ4EFgQU2utt
3oaq8V5tEbAYambRPt+xICQwHwYDVR0jBBgwFoAU2utt3oaq8V5tEbAYambRPt+x
ICQwDwYDVR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMC
A0gAMEUCIQDr+2aUzRYYNFbC5O4VRBTFiIJVw8/oZw0TJrpa5hOwPwIgYcXLb7ei
jaSFOYIPhMNAJCRkg/Gk6K80Fsvk3TJJg6g=
-----END CERTIFICATE-----`;

interface TestServer {
  origin: string;
  port: number;
  requests: string[];
  /** Every TCP connection the server accepted. */
  sockets: Socket[];
}

const servers: Server[] = [];
const fetchers: HttpFetcher[] = [];

async function listen(server: Server, scheme: 'http' | 'https'): Promise<TestServer> {
  const requests: string[] = [];
  const sockets: Socket[] = [];
  server.on('request', (req: IncomingMessage) => requests.push(req.url ?? ''));
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', (socket: Socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `${scheme}://127.0.0.1:${port}`, port, requests, sockets };
}

function startServer(handler: Handler): Promise<TestServer> {
  return listen(createServer(handler), 'http');
}

function fetcher(options: HttpFetcherOptions = {}): HttpFetcher {
  const created = createHttpFetcher({ allowPrivateNetwork: true, perHostDelayMs: 0, requestTimeoutMs: 2000, retryBaseDelayMs: 5, sleep: async () => undefined, ...options });
  fetchers.push(created);
  return created;
}

async function failure(promise: Promise<unknown>): Promise<SourceFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceFailure) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail, but it succeeded');
}

function page(res: ServerResponse, body: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(body);
}

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe('connection pooling', () => {
  test('requests to one host share a kept-alive connection, which close() ends', async () => {
    const server = await startServer((req, res) => (req.url === '/robots.txt' ? page(res, '', 404) : page(res, `<p>${req.url}</p>`)));
    const f = fetcher();
    expect((await f.get(`${server.origin}/1`)).text).toBe('<p>/1</p>');
    expect((await f.get(`${server.origin}/2`)).text).toBe('<p>/2</p>');
    expect(server.requests).toEqual(['/robots.txt', '/1', '/2']);
    expect(server.sockets).toHaveLength(1);

    const socket = server.sockets[0]!;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await f.close();
    await closed;
    expect(socket.destroyed).toBe(true);
  });

  test('a connection opened for a rewritten URL is never reused for a checked one', async () => {
    const server = await startServer((req, res) => (req.url?.endsWith('/robots.txt') ? page(res, '', 404) : page(res, 'inside')));
    const f = fetcher({
      allowPrivateNetwork: false,
      rewriteUrl: (url) => url.replace('https://news.example.cn/', `http://localhost:${server.port}/news.example.cn/`),
    });
    // Trusted: the operator's rewrite sends it to localhost, and a socket to localhost is pooled.
    expect((await f.get('https://news.example.cn/start')).text).toBe('inside');
    const seen = server.requests.length;

    const error = await failure(f.get(`http://localhost:${server.port}/secret`));
    expect(error.failureClass).toBe('blocked');
    expect(error.message).toMatch(/^refused http:\/\/localhost:\d+\/secret: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(server.requests.slice(seen)).toEqual([]);
  });
});

describe('bodies cut off', () => {
  test('a connection reset half-way through the body is retried, then the page is returned', async () => {
    let calls = 0;
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') return page(res, '', 404);
      calls += 1;
      if (calls === 1) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': '1000' });
        res.write('<p>only the first bytes', () => res.socket?.destroy());
      } else page(res, '<p>whole page</p>');
    });
    const events: FetchLogEvent[] = [];
    const result = await fetcher({ log: (e) => events.push(e) }).get(`${server.origin}/reset`);
    expect(result.text).toBe('<p>whole page</p>');
    const retry = events.find((e) => e.event === 'retry');
    expect(retry?.message).toBe(`ECONNRESET fetching ${server.origin}/reset: connection to 127.0.0.1:${server.port} closed by the other side`);
  });

  test('a body that stalls after the headers times out, naming the URL', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') return page(res, '', 404);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.write('<p>start of a page that never ends');
    });
    const error = await failure(fetcher({ requestTimeoutMs: 300, retries: 0 }).get(`${server.origin}/stall`));
    expect(error.failureClass).toBe('timeout');
    expect(error.message).toBe(`timed out after 300 ms fetching ${server.origin}/stall`);
  });

  test('an endless error body is not read to the end: the status is reported', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') return page(res, '', 404);
      res.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      const chunk = Buffer.alloc(16 * 1024, 'x');
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const error = await failure(fetcher({ requestTimeoutMs: 5000 }).get(`${server.origin}/missing`));
    expect(error.failureClass).toBe('http');
    expect(error.message).toBe(`HTTP 404 Not Found from ${server.origin}/missing`);
  });
});

describe('HTTPS', () => {
  test('https: URLs are spoken over TLS, and an untrusted certificate is a network failure', async () => {
    const server = await listen(createTlsServer({ key: TEST_KEY, cert: TEST_CERT }, (_req, res) => page(res, 'secret')), 'https');
    const error = await failure(fetcher().get(`${server.origin}/page`));
    expect(error.failureClass).toBe('network');
    expect(error.message).toMatch(new RegExp(`^[A-Z_]+ fetching ${server.origin}/page: TLS handshake with 127\\.0\\.0\\.1:${server.port} failed \\(certificate problem\\)$`));
    // The handshake happened (a plain-HTTP request would never complete one) and was refused.
    expect(server.requests).toEqual([]);
  });
});
