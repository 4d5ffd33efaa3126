import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleDir, freshBundle } = require('../../bin/fresh-bundle.cjs') as { bundleDir(root: string): string; freshBundle(root: string): string | undefined };

/** The prebuilt CLI runs only while every file it was built from is unchanged: a stale bundle never runs. */
let root: string;
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
function stampNow(files: string[]): void {
  const inputs = files.map((file) => {
    const stat = fs.statSync(path.join(root, file));
    return [file, stat.size, stat.mtimeMs];
  });
  fs.writeFileSync(path.join(bundleDir(root), 'stamp.json'), JSON.stringify({ inputs }));
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bundle-'));
  write('lambdas/cli/main.ts', 'export const a = 1;\n');
  write('lambdas/core/matcher.ts', 'export const b = 2;\n');
  write('.gzwatch-build/cli/dist/cli.cjs', 'module.exports = {};\n');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test('an up-to-date bundle is used', () => {
  stampNow(['lambdas/cli/main.ts', 'lambdas/core/matcher.ts']);
  expect(freshBundle(root)).toBe(path.join(bundleDir(root), 'cli.cjs'));
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

  fs.rmSync(path.join(bundleDir(root), 'stamp.json'));
  expect(freshBundle(root)).toBeUndefined();
});

test('a bundle the build wrote that is gone (one command of several): the bundles are not used', () => {
  write('.gzwatch-build/cli/dist/match.cjs', 'module.exports = {};\n');
  stampNow(['lambdas/cli/main.ts', 'lambdas/core/matcher.ts']);
  const stamp = path.join(bundleDir(root), 'stamp.json');
  fs.writeFileSync(stamp, JSON.stringify({ ...JSON.parse(fs.readFileSync(stamp, 'utf8')), outputs: ['cli.cjs', 'match.cjs'] }));
  expect(freshBundle(root)).toBe(path.join(bundleDir(root), 'cli.cjs'));
  fs.rmSync(path.join(bundleDir(root), 'match.cjs'));
  expect(freshBundle(root)).toBeUndefined();
});
