/**
 * The HTTP fetcher against a real local server (node:http on 127.0.0.1, port 0) that misbehaves
 * the ways real sites do. Small timeouts and an injected sleep keep the file to a few seconds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { SourceFailure } from '../../lambdas/core/errors';
import { createHttpFetcher, type HttpFetcher, type HttpFetcherOptions } from '../../lambdas/adapters/http-fetcher';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface TestServer {
  origin: string;
  port: number;
  /** Paths requested, in arrival order (robots.txt included). */
  requests: string[];
  headersOf: Map<string, IncomingMessage['headers']>;
  close(): Promise<void>;
}

const servers: Server[] = [];
const fetchers: HttpFetcher[] = [];

async function startServer(handler: Handler): Promise<TestServer> {
  const requests: string[] = [];
  const headersOf = new Map<string, IncomingMessage['headers']>();
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    headersOf.set(req.url ?? '', req.headers);
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    headersOf,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Records every pause the fetcher asks for and returns at once (no real waiting). */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; pauses: number[] } {
  const pauses: number[] = [];
  return { pauses, sleep: async (ms) => void pauses.push(ms) };
}

function fetcher(options: HttpFetcherOptions = {}): HttpFetcher {
  const created = createHttpFetcher({
    allowPrivateNetwork: true,
    perHostDelayMs: 0,
    requestTimeoutMs: 2000,
    retryBaseDelayMs: 5,
    sleep: recordingSleep().sleep,
    ...options,
  });
  fetchers.push(created);
  return created;
}

/** Runs `promise`, expecting a SourceFailure; returns it for assertions. */
async function failure(promise: Promise<unknown>): Promise<SourceFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceFailure) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail, but it succeeded');
}

function html(res: ServerResponse, body: string | Buffer, contentType = 'text/html; charset=utf-8', status = 200): void {
  res.writeHead(status, { 'Content-Type': contentType });
  res.end(body);
}

/** robots.txt is missing unless a test says otherwise. */
function notFoundRobots(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url !== '/robots.txt') return false;
  html(res, 'no such file', 'text/plain', 404);
  return true;
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

describe('time limits', () => {
  test('a server that never answers fails as a timeout, naming the URL', async () => {
    const server = await startServer((req, res) => void (notFoundRobots(req, res) || undefined));
    const error = await failure(fetcher({ requestTimeoutMs: 300 }).get(`${server.origin}/hang`));
    expect(error.failureClass).toBe('timeout');
    expect(error.message).toBe(`timed out after 300 ms fetching ${server.origin}/hang`);
  });

  test('the deadline cuts a running request as "budget"', async () => {
    const server = await startServer((req, res) => void (notFoundRobots(req, res) || undefined));
    const error = await failure(fetcher({ requestTimeoutMs: 10_000 }).get(`${server.origin}/hang`, { deadline: Date.now() + 250 }));
    expect(error.failureClass).toBe('budget');
    expect(error.message).toContain(`while fetching ${server.origin}/hang`);
  });

  test('no request starts once the deadline has passed', async () => {
    const server = await startServer((req, res) => html(res, 'ok'));
    const error = await failure(fetcher().get(`${server.origin}/late`, { deadline: Date.now() - 1 }));
    expect(error.failureClass).toBe('budget');
    expect(server.requests).not.toContain('/late');
  });
});

describe('retries', () => {
  test('500 then 200: retried after a jittered backoff, page returned', async () => {
    let calls = 0;
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      calls += 1;
      if (calls === 1) html(res, 'oops', 'text/plain', 500);
      else html(res, '<p>恢复了</p>');
    });
    const { sleep, pauses } = recordingSleep();
    const page = await fetcher({ sleep, random: () => 0.5, retryBaseDelayMs: 40 }).get(`${server.origin}/flaky`);
    expect(page.status).toBe(200);
    expect(page.text).toBe('<p>恢复了</p>');
    expect(server.requests.filter((p) => p === '/flaky')).toHaveLength(2);
    expect(pauses).toEqual([20]); // full jitter: random() * base * 2^0
  });

  test('500 every time: gives up after the retries with the status in the message', async () => {
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, 'down', 'text/plain', 503));
    const error = await failure(fetcher({ retries: 2 }).get(`${server.origin}/down`));
    expect(error.failureClass).toBe('http');
    expect(error.message).toBe(`HTTP 503 Service Unavailable from ${server.origin}/down`);
    expect(server.requests.filter((p) => p === '/down')).toHaveLength(3);
  });

  test('429 with Retry-After: waits the seconds asked, then succeeds', async () => {
    let calls = 0;
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      calls += 1;
      if (calls === 1) {
        res.writeHead(429, { 'Retry-After': '2' });
        res.end();
      } else html(res, 'welcome back');
    });
    const { sleep, pauses } = recordingSleep();
    const page = await fetcher({ sleep }).get(`${server.origin}/busy`);
    expect(page.text).toBe('welcome back');
    expect(pauses).toEqual([2000]);
  });

  test('429 whose Retry-After passes the deadline fails at once with the status', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(429, { 'Retry-After': '120' });
      res.end();
    });
    const { sleep, pauses } = recordingSleep();
    const error = await failure(fetcher({ sleep }).get(`${server.origin}/busy`, { deadline: Date.now() + 5000 }));
    expect(error.failureClass).toBe('http');
    expect(error.message).toContain('HTTP 429 Too Many Requests');
    expect(pauses).toEqual([]);
  });

  test('404 is not retried', async () => {
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, 'gone', 'text/plain', 404));
    const error = await failure(fetcher().get(`${server.origin}/missing`));
    expect(error.failureClass).toBe('http');
    expect(error.message).toBe(`HTTP 404 Not Found from ${server.origin}/missing`);
    expect(server.requests.filter((p) => p === '/missing')).toHaveLength(1);
  });

  test('a closed port is a network failure saying the host cannot be reached', async () => {
    const server = await startServer(() => undefined);
    await server.close();
    const error = await failure(fetcher().get(`${server.origin}/x`));
    expect(error.failureClass).toBe('network');
    expect(error.message).toBe(`ECONNREFUSED fetching ${server.origin}/x: cannot reach host 127.0.0.1:${server.port}: connection refused (server down?)`);
  });

  test('an unknown host fails fast as network, without retries', async () => {
    const events: string[] = [];
    const error = await failure(
      fetcher({ allowPrivateNetwork: false, log: (e) => events.push(e.event) }).get('http://nowhere.invalid/page'),
    );
    expect(error.failureClass).toBe('network');
    expect(error.message).toBe('ENOTFOUND fetching http://nowhere.invalid/page: cannot reach host nowhere.invalid: DNS lookup failed (no internet?)');
    expect(events).not.toContain('retry');
  });
});

describe('redirects and the network policy', () => {
  test('follows a redirect and reports the final URL', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      if (req.url === '/old') {
        res.writeHead(301, { Location: '/new' });
        res.end();
      } else html(res, 'moved here');
    });
    const page = await fetcher().get(`${server.origin}/old`);
    expect(page.requestedUrl).toBe(`${server.origin}/old`);
    expect(page.url).toBe(`${server.origin}/new`);
    expect(page.text).toBe('moved here');
  });

  test('a redirect loop is detected', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(302, { Location: req.url === '/a' ? '/b' : '/a' });
      res.end();
    });
    const error = await failure(fetcher().get(`${server.origin}/a`));
    expect(error.failureClass).toBe('http');
    expect(error.message).toContain(`redirect loop back to ${server.origin}/a`);
    expect(server.requests.filter((p) => p !== '/robots.txt')).toEqual(['/a', '/b']);
  });

  test('more than maxRedirects hops fail', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      const n = Number(req.url?.slice(1));
      res.writeHead(302, { Location: `/${n + 1}` });
      res.end();
    });
    const error = await failure(fetcher({ maxRedirects: 3 }).get(`${server.origin}/0`));
    expect(error.message).toContain('more than 3 redirects');
    expect(server.requests.filter((p) => p !== '/robots.txt')).toEqual(['/0', '/1', '/2', '/3']);
  });

  test('127.0.0.1 is refused before any request unless private networks are allowed', async () => {
    const server = await startServer((req, res) => html(res, 'local'));
    const url = `${server.origin}/x`;
    const error = await failure(fetcher({ allowPrivateNetwork: false }).get(url));
    expect(error.failureClass).toBe('blocked');
    expect(error.message).toBe(`refused ${url}: 127.0.0.1 is a loopback address; pass --allow-private-network to allow it`);
    expect(server.requests).toEqual([]);

    const page = await fetcher({ allowPrivateNetwork: true }).get(url);
    expect(page.text).toBe('local');
  });

  test('non-http schemes are refused', async () => {
    const error = await failure(fetcher().get('file:///etc/passwd'));
    expect(error.failureClass).toBe('blocked');
    expect(error.message).toBe('refused file:///etc/passwd: only http: and https: URLs are fetched, not file:');
  });

  describe('a public site (rewritten to the local server) redirecting inwards', () => {
    async function site(location: (port: number) => string) {
      const server = await startServer((req, res) => {
        if (notFoundRobots(req, res)) return;
        if (req.url === '/news.example.cn/start') {
          res.writeHead(302, { Location: location(server.port) });
          res.end();
        } else html(res, 'internal secret');
      });
      const rewriteUrl = (url: string) => url.replace('https://news.example.cn/', `${server.origin}/news.example.cn/`);
      return { server, rewriteUrl };
    }

    test('to a name resolving to loopback: refused at connect time, nothing sent there', async () => {
      const { server, rewriteUrl } = await site((port) => `http://localhost:${port}/secret`);
      const error = await failure(fetcher({ allowPrivateNetwork: false, rewriteUrl }).get('https://news.example.cn/start'));
      expect(error.failureClass).toBe('blocked');
      expect(error.message).toMatch(
        new RegExp(`^refused http://localhost:${server.port}/secret: localhost resolves to (127\\.0\\.0\\.1|::1), a loopback address; pass --allow-private-network to allow it$`),
      );
      expect(server.requests).not.toContain('/secret');
    });

    test('to the cloud metadata address: refused without connecting', async () => {
      const { server, rewriteUrl } = await site(() => 'http://169.254.169.254/latest/meta-data/');
      const error = await failure(fetcher({ allowPrivateNetwork: false, rewriteUrl }).get('https://news.example.cn/start'));
      expect(error.failureClass).toBe('blocked');
      expect(error.message).toBe(
        'refused http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a link-local address; pass --allow-private-network to allow it',
      );
      expect(server.requests).toEqual(['/news.example.cn/robots.txt', '/news.example.cn/start']);
    });

    test('back to its own (rewritten) origin: mapped back to the original URL and followed', async () => {
      const { server, rewriteUrl } = await site((port) => `http://127.0.0.1:${port}/news.example.cn/landing`);
      const page = await fetcher({
        allowPrivateNetwork: false,
        rewriteUrl,
        originalUrl: (url) => url.replace(`${server.origin}/news.example.cn/`, 'https://news.example.cn/'),
      }).get('https://news.example.cn/start');
      expect(page.url).toBe('https://news.example.cn/landing');
      expect(page.text).toBe('internal secret');
    });
  });
});

describe('size cap and binary bodies', () => {
  test('a 100 MB stream is cut off just past the cap', async () => {
    const total = 100 * 1024 * 1024;
    let sent = 0;
    let closed!: () => void;
    const finished = new Promise<void>((resolve) => (closed = resolve));
    const { origin } = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', closed);
      pump();
    });
    const error = await failure(fetcher({ maxBytes: 1024 * 1024 }).get(`${origin}/huge`));
    await finished;
    expect(error.failureClass).toBe('too-large');
    expect(error.message).toBe(`body of ${origin}/huge is larger than the 1048576-byte cap; download stopped`);
    expect(sent).toBeLessThan(total / 4);
  });

  test('a declared Content-Length over the cap is refused before reading', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(50 * 1024 * 1024) });
      res.write('<html>');
    });
    const error = await failure(fetcher({ maxBytes: 1024 }).get(`${server.origin}/big`));
    expect(error.failureClass).toBe('too-large');
    expect(error.message).toContain('declared Content-Length 52428800');
  });

  test('a small gzip body that inflates past the cap is too large', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, ' '));
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' });
      res.end(bomb);
    });
    const error = await failure(fetcher({ maxBytes: 1024 * 1024 }).get(`${server.origin}/bomb`));
    expect(error.failureClass).toBe('too-large');
    expect(error.message).toBe(`inflated body of ${server.origin}/bomb is larger than the 1048576-byte cap; download stopped`);
  });

  test('a corrupt gzip body is undecodable', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip' });
      res.end(Buffer.from('this was never gzip'));
    });
    const error = await failure(fetcher().get(`${server.origin}/corrupt`));
    expect(error.failureClass).toBe('undecodable');
    expect(error.message).toMatch(/^corrupt gzip body \(Z_DATA_ERROR\) at http:/);
  });

  test("a source's own User-Agent and Referer are sent in place of the defaults", async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<h1>ok</h1>');
    });
    await fetcher().get(`${server.origin}/api`, { headers: { 'User-Agent': 'Mozilla/5.0 (test browser)', Referer: 'https://www.miit.gov.cn/search/zcwjk.html' } });
    const sent = server.headersOf.get('/api');
    expect(sent?.['user-agent']).toBe('Mozilla/5.0 (test browser)');
    expect(sent?.referer).toBe('https://www.miit.gov.cn/search/zcwjk.html');
  });

  test('gzip and brotli pages are inflated and read', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': req.url === '/zipped' ? 'gzip' : 'br' });
      res.end(req.url === '/zipped' ? gzipSync(Buffer.from('<h1>广州人工智能</h1>')) : brotliCompressSync(Buffer.from('<h1>南沙</h1>')));
    });
    const f = fetcher();
    expect((await f.get(`${server.origin}/zipped`)).text).toBe('<h1>广州人工智能</h1>');
    expect((await f.get(`${server.origin}/brotli`)).text).toBe('<h1>南沙</h1>');
    expect(server.headersOf.get('/zipped')?.['accept-encoding']).toContain('gzip');
  });

  test.each([
    ['application/octet-stream', Buffer.from([0x00, 0x13, 0x37, 0xff, 0x00, 0x42]), 'application/octet-stream'],
    ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'image/png'],
    ['text/html', Buffer.from('%PDF-1.7 \u00e2\u00e3', 'latin1'), 'application/pdf by its first bytes'],
    ['text/html; charset=utf-8', Buffer.concat([Buffer.from('<html>'), Buffer.from([0, 1, 2, 3, 0, 0])]), 'NUL bytes in the first KB'],
  ])('binary garbage served as %s is undecodable', async (contentType, bytes, kind) => {
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, bytes, contentType));
    const error = await failure(fetcher().get(`${server.origin}/file`));
    expect(error.failureClass).toBe('undecodable');
    expect(error.message).toBe(`binary body (${kind}) at ${server.origin}/file`);
  });

  test('JSON and XML are text', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      if (req.url === '/api') html(res, '{"title":"黄埔区"}', 'application/json');
      else html(res, '<?xml version="1.0"?><rss><title>南沙</title></rss>', 'application/rss+xml');
    });
    const f = fetcher();
    expect(JSON.parse((await f.get(`${server.origin}/api`)).text)).toEqual({ title: '黄埔区' });
    expect((await f.get(`${server.origin}/feed`)).text).toContain('<title>南沙</title>');
  });
});

describe('charsets', () => {
  const chinese = '广州市人工智能产业发展政策解读';

  test('a GB2312 page (declared in the header) decodes, reported as gb18030', async () => {
    const body = iconv.encode(`<html><body><p>${chinese}</p></body></html>`, 'gb18030');
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, body, 'text/html; charset=gb2312'));
    const page = await fetcher().get(`${server.origin}/gb`);
    expect(page.charset).toBe('gb18030');
    expect(page.text).toContain(chinese);
    expect(page.body.equals(body)).toBe(true);
  });

  test('a GB2312 page declared only in <meta http-equiv> decodes', async () => {
    const body = iconv.encode(
      `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>${chinese}</body></html>`,
      'gb18030',
    );
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, body, 'text/html'));
    const page = await fetcher().get(`${server.origin}/meta`);
    expect(page.text).toContain(chinese);
  });

  test('gb18030 four-byte characters survive a gbk declaration', async () => {
    // A long page: one lost character in thousands would pass for a stray bad byte.
    const text = `<p>𠀀 in ${'广州'.repeat(3000)}</p>`;
    const body = iconv.encode(text, 'gb18030');
    expect(body.includes(Buffer.from([0x95, 0x32, 0x82, 0x36]))).toBe(true); // 𠀀 is four bytes in GB18030
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, body, 'text/html; charset=gbk'));
    const page = await fetcher().get(`${server.origin}/four`);
    expect(page.text).toBe(text);
  });

  test('a header claiming UTF-8 over GB bytes is caught and the meta charset used', async () => {
    const body = iconv.encode(`<html><head><meta charset="gb2312"></head><body>${chinese}</body></html>`, 'gb18030');
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, body, 'text/html; charset=utf-8'));
    const page = await fetcher().get(`${server.origin}/liar`);
    expect(page.charset).toBe('gb18030');
    expect(page.text).toContain(chinese);
  });

  test('a header claiming UTF-8 over GB bytes with no meta still decodes (gb18030 fallback)', async () => {
    const body = iconv.encode(`<p>${chinese}</p>`, 'gb18030');
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, body, 'text/html; charset=utf-8'));
    const page = await fetcher().get(`${server.origin}/liar2`);
    expect(page.text).toBe(`<p>${chinese}</p>`);
  });

  test('bytes no charset decodes are undecodable', async () => {
    const garbage = Buffer.concat([Buffer.from('<p>'), Buffer.alloc(300, Buffer.from([0xff, 0x80, 0xfe]))]);
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, garbage, 'text/html; charset=utf-8'));
    const error = await failure(fetcher().get(`${server.origin}/garbage`));
    expect(error.failureClass).toBe('undecodable');
    expect(error.message).toMatch(/^text undecodable as utf-8, gb18030 \(\d+% replacement characters as utf-8\) at http:/);
  });

  test('a UTF-8 page without any declaration decodes as UTF-8', async () => {
    const server = await startServer((req, res) => notFoundRobots(req, res) || html(res, `<p>${chinese}</p>`, 'text/html'));
    const page = await fetcher().get(`${server.origin}/plain`);
    expect(page.charset).toBe('utf-8');
    expect(page.text).toBe(`<p>${chinese}</p>`);
  });
});

describe('conditional GET', () => {
  test('validators are sent back and 304 comes back as notModified', async () => {
    const server = await startServer((req, res) => {
      if (notFoundRobots(req, res)) return;
      if (req.headers['if-none-match'] === '"v1"' && req.headers['if-modified-since'] === 'Sat, 28 Nov 2026 08:00:00 GMT') {
        res.writeHead(304, { ETag: '"v1"' });
        res.end();
      } else {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ETag: '"v1"', 'Last-Modified': 'Sat, 28 Nov 2026 08:00:00 GMT' });
        res.end('<p>first</p>');
      }
    });
    const f = fetcher();
    const first = await f.get(`${server.origin}/list`);
    expect(first).toMatchObject({ notModified: false, text: '<p>first</p>', etag: '"v1"', lastModified: 'Sat, 28 Nov 2026 08:00:00 GMT' });

    const second = await f.get(`${server.origin}/list`, { etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 304, notModified: true, text: '', etag: '"v1"' });
    expect(second.body.length).toBe(0);
  });
});

describe('robots.txt', () => {
  test('disallowed paths fail as robots; robots.txt is fetched once per origin', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') html(res, 'User-agent: *\nDisallow: /\n\nUser-agent: gzwatch\nDisallow: /private/\n', 'text/plain');
      else html(res, 'public page');
    });
    const f = fetcher();
    const error = await failure(f.get(`${server.origin}/private/report.html`));
    expect(error.failureClass).toBe('robots');
    expect(error.message).toBe(
      `robots.txt of ${server.origin} disallows ${server.origin}/private/report.html for gzwatch/0.1 (+https://github.com/gzwatch/gzwatch)`,
    );
    expect((await f.get(`${server.origin}/news/1.html`)).text).toBe('public page');
    expect((await f.get(`${server.origin}/news/2.html`)).text).toBe('public page');
    expect(server.requests).toEqual(['/robots.txt', '/news/1.html', '/news/2.html']);
  });

  test('a failing robots.txt allows everything', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/robots.txt') html(res, 'broken', 'text/plain', 500);
      else html(res, 'still fetched');
    });
    expect((await fetcher().get(`${server.origin}/page`)).text).toBe('still fetched');
  });
});

describe('politeness', () => {
  test('one request at a time per host, hosts in parallel, a pause between same-host requests', async () => {
    const log: string[] = [];
    const waiting = new Map<string, () => void>();
    const server = await startServer((req, res) => {
      const [, host = '', path = ''] = /^\/([^/]+)(\/.*)$/.exec(req.url ?? '') ?? [];
      if (path === '/robots.txt') return html(res, '', 'text/plain', 404);
      log.push(`start ${host}${path}`);
      const finish = () => {
        log.push(`end ${host}${path}`);
        html(res, `${host}${path}`);
      };
      // The first page of a.test is held until b.test's first page arrives: proof the two
      // hosts are fetched in parallel, with no clock involved.
      if (path === '/1' && host === 'a.test') waiting.set('a', finish);
      else if (path === '/1' && host === 'b.test') {
        waiting.get('a')?.();
        finish();
      } else setImmediate(finish);
    });
    const { sleep, pauses } = recordingSleep();
    const f = fetcher({
      perHostDelayMs: 50,
      sleep: async (ms) => {
        await sleep(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
      rewriteUrl: (url) => url.replace(/^https:\/\/([ab]\.test)\//, `${server.origin}/$1/`),
    });
    const urls = ['a.test/1', 'a.test/2', 'a.test/3', 'b.test/1', 'b.test/2', 'b.test/3'].map((u) => `https://${u}`);
    const pages = await Promise.all(urls.map((url) => f.get(url)));

    expect(pages.map((p) => p.text)).toEqual(['a.test/1', 'a.test/2', 'a.test/3', 'b.test/1', 'b.test/2', 'b.test/3']);
    expect(pages.map((p) => p.url)).toEqual(urls);
    for (const host of ['a.test', 'b.test']) {
      const own = log.filter((line) => line.includes(host));
      expect(own).toEqual([`start ${host}/1`, `end ${host}/1`, `start ${host}/2`, `end ${host}/2`, `start ${host}/3`, `end ${host}/3`]);
    }
    expect(log.indexOf('start b.test/1')).toBeLessThan(log.indexOf('end a.test/1'));
    // Two pauses per host at most 50 ms each: before pages 2 and 3 (robots.txt counts as a request too).
    expect(pauses.length).toBeGreaterThanOrEqual(4);
    expect(pauses.every((ms) => ms > 0 && ms <= 50)).toBe(true);
  });
});
