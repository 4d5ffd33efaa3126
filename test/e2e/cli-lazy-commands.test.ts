import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../lambdas/cli/main';
import { runCli } from '../helpers/run-cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freshBundle } = require('../../bin/fresh-bundle.cjs') as { freshBundle(root: string): string | undefined };

/**
 * `--help` reads the command specs only: no command's implementation, nor the packages behind
 * them, is loaded to print names, descriptions and options. Checked in a real child process, in
 * the prebuilt CLI (what `npm ci` leaves) and from source, by listing what it loaded.
 */
const ROOT = path.resolve(__dirname, '../..');
/** The folder of the current build (test/global-setup.cjs made sure there is one). */
const DIST = path.dirname(freshBundle(ROOT) ?? '');
const HOOK = path.join(ROOT, 'test/support/list-loaded-modules.cjs');
/** Packages that only a command's work needs. */
const HEAVY = /node_modules[\\/](@aws-sdk|@smithy|dynalite|cheerio|nodemailer|iconv-lite|luxon|chrono-node|opencc-js|zod|@node-rs)[\\/]/;

let home: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-lazy-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

async function loadedBy(args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; code: number; loaded: string[] }> {
  const list = path.join(home, `loaded-${Math.random().toString(36).slice(2)}.json`);
  const result = await runCli(args, { HOME: home, GZWATCH_HOME: path.join(home, '.gzwatch'), NODE_OPTIONS: `--require ${HOOK}`, GZWATCH_TEST_LOADED_MODULES: list, ...env });
  return { stdout: result.stdout, code: result.code, loaded: JSON.parse(fs.readFileSync(list, 'utf8')) as string[] };
}

const bundlesIn = (loaded: string[]) => loaded.filter((f) => path.dirname(f) === DIST).map((f) => path.basename(f)).sort();
const implementationsIn = (loaded: string[]) => loaded.filter((f) => f.includes(`${path.sep}lambdas${path.sep}cli${path.sep}commands${path.sep}`));

/** Every command path (`watchlist add`…) with the long flags of its options, from the specs. */
function commandPaths(): { path: string[]; flags: string[] }[] {
  const out: { path: string[]; flags: string[] }[] = [];
  const walk = (command: Command, prefix: string[]) => {
    for (const sub of command.commands) {
      const here = [...prefix, sub.name()];
      out.push({ path: here, flags: sub.options.map((o) => o.long!).filter(Boolean) });
      walk(sub, here);
    }
  };
  walk(buildProgram(), []);
  return out;
}

describe('the prebuilt CLI', () => {
  test('is up to date with the sources (test/global-setup.cjs builds it as npm ci does)', () => {
    expect(freshBundle(ROOT)).toBe(path.join(DIST, 'cli.cjs'));
  });

  test('gzwatch --help loads the specs bundle only', async () => {
    const { stdout, code, loaded } = await loadedBy(['--help']);
    expect(code).toBe(0);
    for (const name of ['run', 'digest', 'match', 'extract', 'watchlist', 'sources', 'subscribers', 'channels', 'mentions', 'preview', 'demo', 'serve']) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(bundlesIn(loaded)).toEqual(['cli.cjs', 'errors.cjs']);
    expect(loaded.filter((f) => HEAVY.test(f))).toEqual([]);
  });

  test("each command's --help shows its options without loading the command", async () => {
    const paths = commandPaths();
    expect(paths.length).toBeGreaterThan(30);
    for (const { path: words, flags } of paths) {
      const { stdout, code, loaded } = await loadedBy([...words, '--help']);
      expect({ words, code }).toEqual({ words, code: 0 });
      expect(stdout).toContain(`Usage: gzwatch ${words.join(' ')}`);
      for (const flag of flags) expect({ words, flag, shown: stdout.includes(flag) }).toEqual({ words, flag, shown: true });
      expect({ words, bundles: bundlesIn(loaded) }).toEqual({ words, bundles: ['cli.cjs', 'errors.cjs'] });
    }
  }, 120_000);

  test('the options people rely on are in the help, whatever the specs say', async () => {
    const match = await loadedBy(['match', '--help']);
    for (const flag of ['--html', '--lines', '--json']) expect(match.stdout).toContain(flag);
    const add = await loadedBy(['subscribers', 'add', '--help']);
    for (const flag of ['--name <name>', '--follow <id|kind|tag...>', '--hour <0-23>', '--lang <zh-CN|en>', '--frequency <daily|weekly>', '--send-empty', '--invite']) expect(add.stdout).toContain(flag);
  });

  test('match on plain text loads its own bundle and the store, not page decoding, cheerio, mail or the HTTP client', async () => {
    const file = path.join(home, 'text.txt');
    fs.writeFileSync(file, '云从科技在南沙发布了面向制造业的行业大模型。\n');
    const { stdout, code, loaded } = await loadedBy(['match', file, '--json']);
    expect(code).toBe(0);
    expect(stdout).toContain('"entityId":"company-cloudwalk"');
    const bundles = bundlesIn(loaded);
    expect(bundles).toEqual(expect.arrayContaining(['cli.cjs', 'match.cjs', 'embedded-store.cjs']));
    for (const heavy of ['article-extraction.cjs', 'body-decoding.cjs', 'http-fetcher.cjs', 'file-outbox-mailer.cjs', 'smtp-mailer.cjs']) expect(bundles).not.toContain(heavy);
  });
});

describe('the CLI from source (GZWATCH_FROM_SOURCE=1)', () => {
  test('gzwatch --help and a command --help load no command implementation', async () => {
    for (const args of [['--help'], ['match', '--help'], ['watchlist', 'add', '--help']]) {
      const { stdout, code, loaded } = await loadedBy(args, { GZWATCH_FROM_SOURCE: '1' });
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: gzwatch');
      expect(loaded.some((f) => f.endsWith(path.join('lambdas', 'cli', 'main.ts')))).toBe(true);
      expect(implementationsIn(loaded)).toEqual([]);
      expect(loaded.filter((f) => HEAVY.test(f))).toEqual([]);
    }
  });

  test('running a command loads its implementation', async () => {
    const { code, loaded } = await loadedBy(['watchlist', 'list', '--json'], { GZWATCH_FROM_SOURCE: '1' });
    expect(code).toBe(0);
    expect(implementationsIn(loaded).map((f) => path.basename(f))).toEqual(['watchlist.ts']);
  });
});
