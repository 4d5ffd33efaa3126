#!/usr/bin/env node
/**
 * Prebuilds the CLI into one CommonJS file with esbuild (run by `npm ci` through `prepare`), so
 * that `node bin/gzwatch.cjs` starts without transpiling TypeScript through tsx on every call.
 * Beside it goes a stamp: every project file the bundle was built from, with its size and mtime.
 * bin/gzwatch.cjs runs the bundle only while every one of them is unchanged, and falls back to
 * tsx otherwise: an edited source never runs as a stale bundle.
 *
 * The bundle sits three folders deep (.gzwatch-build/cli/dist/) so that the one `__dirname`
 * path in the CLI (the demo's fixture sites, ../../../fixtures) resolves as it does from source.
 */
const fs = require('node:fs');
const path = require('node:path');

const { bundleDir } = require('../bin/fresh-bundle.cjs');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = bundleDir(ROOT);
const BUNDLE = path.join(OUT_DIR, 'cli.cjs');
const STAMP = path.join(OUT_DIR, 'stamp.json');
/** Native modules, and packages the CLI loads only for a browser or the local store. */
const EXTERNAL = ['@node-rs/jieba', '@node-rs/jieba/*', 'dynalite', 'playwright-core', '@sparticuz/chromium'];

async function build() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    // `npm ci --omit=dev`: no esbuild, and bin/gzwatch.cjs runs from source through tsx.
    process.stderr.write('gzwatch: esbuild is not installed; the CLI will run from source.\n');
    return;
  }
  fs.rmSync(STAMP, { force: true });
  const result = await esbuild.build({
    entryPoints: [path.join(ROOT, 'lambdas/cli/main.ts')],
    absWorkingDir: ROOT,
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    charset: 'utf8',
    external: EXTERNAL,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((file) => !file.startsWith('node_modules/'))
    .concat(['package-lock.json', 'bin/gzwatch.cjs', 'bin/fresh-bundle.cjs', 'scripts/build-cli.cjs'])
    .map((file) => {
      const stat = fs.statSync(path.join(ROOT, file));
      return [file, stat.size, stat.mtimeMs];
    });
  // Written last: a build that stopped half-way leaves no stamp, so nothing runs the bundle.
  fs.writeFileSync(STAMP, JSON.stringify({ inputs }));
}

build().catch((error) => {
  process.stderr.write(`gzwatch: building the CLI bundle failed (the CLI will run from source): ${error.message}\n`);
  fs.rmSync(STAMP, { force: true });
});
