import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleDir, freshBundle, stampPath } = require('../../bin/fresh-bundle.cjs') as { bundleDir(root: string, build: string): string; freshBundle(root: string): string | undefined; stampPath(root: string): string };

/** The prebuilt CLI runs only while every file it was built from is unchanged: a stale bundle never runs. */
let root: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
const BUILD = 'build-test';
const dist = () => bundleDir(root, BUILD);
function stampNow(files: string[], outputs = ['cli.cjs']): void {
  const inputs = files.map((file) => {
    const stat = fs.statSync(path.join(root, file));
    return [file, stat.size, stat.mtimeMs];
  });
  fs.writeFileSync(stampPath(root), JSON.stringify({ build: BUILD, inputs, outputs }));
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bundle-'));
  write('lambdas/cli/main.ts', 'export const a = 1;\n');
  write('lambdas/core/matcher.ts', 'export const b = 2;\n');
  write('.gzwatch-build/build-test/cli/cli.cjs', 'module.exports = {};\n');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('an up-to-date bundle is used', () => {
  stampNow(['lambdas/cli/main.ts', 'lambdas/core/matcher.ts']);
  expect(freshBundle(root)).toBe(path.join(dist(), 'cli.cjs'));
});

test('an edited source (same size, new mtime) makes the bundle stale', () => {
  stampNow(['lambdas/cli/main.ts', 'lambdas/core/matcher.ts']);
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(path.join(root, 'lambdas/core/matcher.ts'), later, later);
  expect(freshBundle(root)).toBeUndefined();
});

test('a source of another size, a deleted source, or no stamp: the bundle is not used', () => {
  stampNow(['lambdas/cli/main.ts', 'lambdas/core/matcher.ts']);
  const stat = fs.statSync(path.join(root, 'lambdas/cli/main.ts'));
  fs.writeFileSync(path.join(root, 'lambdas/cli/main.ts'), 'export const a = 12;\n');
  fs.utimesSync(path.join(root, 'lambdas/cli/main.ts'), stat.atime, stat.mtime);
  expect(freshBundle(root)).toBeUndefined();

  stampNow(['lambdas/cli/main.ts', 'lambdas/core/matcher.ts']);
  fs.rmSync(path.join(root, 'lambdas/core/matcher.ts'));
  expect(freshBundle(root)).toBeUndefined();

  fs.rmSync(stampPath(root));
  expect(freshBundle(root)).toBeUndefined();
});

test('a bundle the build wrote that is gone (one command of several), or a stamp of the old layout: the bundles are not used', () => {
  write('.gzwatch-build/build-test/cli/match.cjs', 'module.exports = {};\n');
  stampNow(['lambdas/cli/main.ts', 'lambdas/core/matcher.ts'], ['cli.cjs', 'match.cjs']);
  expect(freshBundle(root)).toBe(path.join(dist(), 'cli.cjs'));
  fs.rmSync(path.join(dist(), 'match.cjs'));
  expect(freshBundle(root)).toBeUndefined();

  const inputs = JSON.parse(fs.readFileSync(stampPath(root), 'utf8')).inputs;
  fs.writeFileSync(stampPath(root), JSON.stringify({ inputs }));
  expect(freshBundle(root)).toBeUndefined();
});
