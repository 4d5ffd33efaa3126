import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';
import { E2E_SITE_DAY, startStaticSite, type StaticSite } from '../helpers/static-site';

/**
 * A digest delivery killed at each step (SIGKILL, as a power cut: no cleanup runs) and then run
 * again ends in exactly one message at the SMTP server.
 */
jest.setTimeout(180_000);

let site: StaticSite;
let smtp: SmtpSink;
let root: string;
let sourcesFile: string;

beforeAll(async () => {
  site = await startStaticSite(path.resolve(__dirname, '../../fixtures/e2e-site'), { writtenOn: E2E_SITE_DAY });
  smtp = await startSmtpSink();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-crash-'));
  sourcesFile = path.join(root, 'sources.json');
  fs.writeFileSync(
    sourcesFile,
    JSON.stringify({ sources: [{ id: 'kechuang-news', name: '科创广州·要闻', kind: 'news', type: 'html', url: `${site.origin}/news/`, list: { item: 'ul.news-list li', link: 'a' } }] }),
  );
});

afterAll(async () => {
  await site.close();
  await smtp.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const received = (to: string) => smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text === to).length;

test.each(['after-claim', 'before-commit', 'after-send'])('killed %s, the rerun delivers the digest exactly once', async (step) => {
  const to = `${step}@example.com`;
  const env = { GZWATCH_HOME: path.join(root, step), SMTP_URL: smtp.url, GZWATCH_DIGEST_TO: to };
  expect((await runCli(['run', '--sources', sourcesFile, '--allow-private-network'], env)).code).toBe(0);

  const killed = await runCli(['digest'], { ...env, GZWATCH_FAULT: step });
  expect(killed.signal).toBe('SIGKILL');
  // Killed after the message was sent and committed: it is already there. Killed before: not yet.
  expect(received(to)).toBe(step === 'after-send' ? 1 : 0);

  const rerun = await runCli(['digest'], env);
  expect(rerun.code).toBe(0);
  expect(received(to)).toBe(1);
  expect((await runCli(['digest'], env)).stdout).toContain('already-sent');
  expect(received(to)).toBe(1);
});
