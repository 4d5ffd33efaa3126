/**
 * The web function's asset exactly as the stack deploys it (lib/lambda-asset.ts), run the way
 * Lambda runs it: a fresh Node process that requires index.js, then invocations. Its mail goes
 * through nodemailer and the SES client bundled beside index.js, to a local SES endpoint; its feeds
 * through the feed package beside it. A lazy module that fails to load from the asset fails here.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { buildLambdaAsset } from '../../lib/lambda-asset';
import { seedWatchlistIfFirstUse } from '../../lambdas/core/use-cases/seed-watchlist';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { functionUrlEvent, lambdaEnvironment } from '../support/lambda-events';

jest.setTimeout(120_000);

const TABLE = 'gzwatch-asset';
let t: TestStore;
let ses: Server;
let sesUrl: string;
let dir: string;
const received: { path: string; body: { Destination?: { ToAddresses?: string[] }; Content?: { Raw?: { Data?: string } } } }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-asset-'));
  buildLambdaAsset('http', dir);
  t = await startTestStore(TABLE);
  await seedWatchlistIfFirstUse(t.store, defaultWatchlist(), new Date());
  // SES v2's SendEmail as the SDK calls it: POST /v2/email/outbound-emails with a JSON body.
  ses = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body: JSON.parse(body || '{}') as (typeof received)[number]['body'] });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ MessageId: `ses-${received.length}` }));
    });
  });
  await new Promise<void>((r) => ses.listen(0, '127.0.0.1', r));
  sesUrl = `http://127.0.0.1:${(ses.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await t?.close();
  await new Promise<void>((r) => ses.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

// Runs in the child: the handler's module scope at require, then each event in turn.
const RUNNER = `
const dir = process.argv[1];
const { handler } = require(dir + '/index.js');
const atLoad = Object.keys(require.cache).map((f) => f.slice(dir.length + 1));
(async () => {
  const statuses = [];
  for (const event of JSON.parse(process.argv[2])) statuses.push((await handler(event)).statusCode);
  const loaded = Object.keys(require.cache).map((f) => f.slice(dir.length + 1));
  process.stdout.write(JSON.stringify({ atLoad, statuses, loaded }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

test('only index.js is read at load; a feed then loads feed, subscribing mails the opt-in through the SES client beside index.js', async () => {
  const events = [
    functionUrlEvent('GET', '/'),
    functionUrlEvent('GET', '/feeds/company-cloudwalk.xml'),
    functionUrlEvent('POST', '/api/subscribe', JSON.stringify({ email: 'asset@gzwatch.test', follow: ['CloudWalk'] }), { 'content-type': 'application/json' }),
  ];
  // Asynchronously: dynalite and the SES stand-in answer from this process's event loop.
  const run = await promisify(execFile)(process.execPath, ['--enable-source-maps', '-e', RUNNER, dir, JSON.stringify(events)], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH ?? '',
      ...lambdaEnvironment(TABLE, t.endpoint),
      GZWATCH_ADMIN: 'ops@gzwatch.test',
      MAIL_TRANSPORT: 'ses',
      AWS_ENDPOINT_URL_SESV2: sesUrl,
      NODE_NO_WARNINGS: '1',
    },
  });
  expect(run.stderr).toBe('');
  const out = JSON.parse(run.stdout) as { atLoad: string[]; statuses: number[]; loaded: string[] };
  expect(out.atLoad).toEqual(['index.js']);
  expect(out.statuses).toEqual([200, 200, 202]);
  expect(out.loaded).toEqual(expect.arrayContaining(['node_modules/feed/index.js', 'node_modules/nodemailer/index.js', 'node_modules/@aws-sdk/client-sesv2/index.js']));
  // Only what ran was read: no SMTP, no Secrets Manager, no SQS in this function's invocations.
  expect(out.loaded.filter((f) => /smtp-connection|secrets-manager|client-sqs/.test(f))).toEqual([]);

  const optIn = received.find((r) => r.body.Destination?.ToAddresses?.[0] === 'asset@gzwatch.test');
  expect(optIn?.path).toBe('/v2/email/outbound-emails');
  const mail = await simpleParser(Buffer.from(optIn!.body.Content!.Raw!.Data!, 'base64'));
  expect(mail.text).toContain('https://abc123.lambda-url.us-east-1.on.aws/confirm/');
});

test('the asset carries no date library: Beijing time is a fixed offset (lambdas/core/shanghai-clock.ts)', () => {
  const map = JSON.parse(fs.readFileSync(path.join(dir, 'index.js.map'), 'utf8')) as { sources: string[] };
  expect(map.sources.some((s) => s.endsWith('lambdas/core/shanghai-clock.ts'))).toBe(true);
  expect(map.sources.filter((s) => /node_modules\/luxon\//.test(s))).toEqual([]);
});
