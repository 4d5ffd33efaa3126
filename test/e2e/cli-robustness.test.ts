import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeFailure } from '../../lambdas/cli/main';
import { runCli } from '../helpers/run-cli';

jest.setTimeout(120_000);

let home: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-robust-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

test('output through a pipe arrives whole, far past the 64 KiB a pipe holds at once', async () => {
  const file = path.join(home, 'many.json');
  const entities = Array.from({ length: 3000 }, (_, i) => ({ id: `company-test-${i}`, kind: 'company', name: `测试企业第${i}号有限公司`, aliases: [`测试企业${i}`], context: [], exclude: [], tags: ['test'], enabled: true }));
  fs.writeFileSync(file, JSON.stringify(entities));
  expect((await runCli(['watchlist', 'import', file], { GZWATCH_HOME: home })).code).toBe(0);
  const out = await runCli(['watchlist', 'export', '--format', 'json'], { GZWATCH_HOME: home });
  expect(out.code).toBe(0);
  expect(out.stdout.length).toBeGreaterThan(256 * 1024);
  const exported = (JSON.parse(out.stdout) as { entities: { id: string }[] }).entities;
  expect(exported.filter((e) => e.id.startsWith('company-test-'))).toHaveLength(3000);
});

test('a store whose CURRENT file is gone is refused with its folder named; nothing starts over it', async () => {
  const damaged = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-damaged-'));
  try {
    expect((await runCli(['subscribers', 'add', 'keep@gzwatch.test'], { GZWATCH_HOME: damaged })).code).toBe(0);
    const db = path.join(damaged, 'db');
    fs.rmSync(path.join(db, 'CURRENT'));
    const before = fs.readdirSync(db).sort();
    const out = await runCli(['subscribers', 'list'], { GZWATCH_HOME: damaged });
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`the store in ${db} is damaged`);
    expect(out.stderr).toContain('Restore the folder from a backup');
    expect(out.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readdirSync(db).sort()).toEqual(before);
  } finally {
    fs.rmSync(damaged, { recursive: true, force: true });
  }
});

test('a full disk is said in one line naming the folder and what to do', () => {
  const error = Object.assign(new Error("ENOSPC: no space left on device, write '/data/gzwatch/outbox/x.eml'"), { code: 'ENOSPC', path: '/data/gzwatch/outbox/x.eml' });
  expect(describeFailure(error)).toBe('the disk holding /data/gzwatch/outbox/x.eml is full: nothing more was written. Free some space (or set GZWATCH_HOME to a folder on another disk) and run the command again.');
  expect(describeFailure(new Error('cannot use table gzwatch', { cause: error }))).toContain('is full');
  expect(describeFailure(new Error('something else'))).toBe('something else');
});
