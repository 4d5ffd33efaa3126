#!/usr/bin/env node
/**
 * Prebuilds the CLI with esbuild (run by `npm ci` through `prepare`), so that `node bin/gzwatch.cjs`
 * starts without transpiling TypeScript through tsx on every call. Several CommonJS files:
 *   cli.cjs        lambdas/cli/main.ts: commander and the command specs, all that --help needs;
 *   <command>.cjs  each module of lambdas/cli/commands/, required only when one of its actions runs
 *                  (lambdas/cli/lazy-action.ts), with its own dependency graph (AWS SDK, cheerio…);
 *   <module>.cjs   the modules of OWN_BUNDLES below: classes shared by all bundles (so that
 *                  `instanceof InputError` in main.ts holds for an error thrown in a command), and
 *                  heavy parts a command requires only when it uses them.
 * Then a stamp (.gzwatch-build/cli-stamp.json): the build's folder, every project file the bundles
 * were built from with its size and mtime, and the bundles. bin/gzwatch.cjs runs the bundles only
 * while every one of those files is unchanged and every bundle is there, and falls back to tsx
 * otherwise: an edited source never runs as a stale bundle.
 *
 * Each build writes a folder of its own, .gzwatch-build/<build>/cli/, and the previous one is kept:
 * a process started on it (a `gzwatch serve`) requires its lazily loaded bundles from there, never
 * from a build half-written or made from other sources. Three folders deep, so that the one
 * `__dirname` path in the CLI (the demo's fixture sites, ../../../fixtures) resolves as from source.
 */
const fs = require('node:fs');
const path = require('node:path');

const { bundleDir, stampPath } = require('../bin/fresh-bundle.cjs');

const ROOT = path.resolve(__dirname, '..');
const BUILD = `build-${Date.now().toString(36)}-${process.pid}`;
const OUT_DIR = bundleDir(ROOT, BUILD);
const STAMP = stampPath(ROOT);
const COMMANDS_DIR = path.join(ROOT, 'lambdas/cli/commands');
/** Native modules (dynalite's LevelDB binding, jieba), and packages the CLI loads only for a browser. */
const EXTERNAL = ['@node-rs/jieba', '@node-rs/jieba/*', 'classic-level', 'playwright-core', '@sparticuz/chromium'];

/**
 * Modules compiled as bundles of their own, beside the commands:
 * - shared: classes that `instanceof` must recognise whichever bundle threw them (one copy each);
 * - heavy and seldom needed: a command's bundle requires them only when it uses them (`match`
 *   reads plain text without the page decoder, cheerio or nodemailer), and dynalite is in one
 *   bundle instead of in every command's.
 */
const OWN_BUNDLES = {
  'lambdas/core/errors.ts': 'errors',
  'lambdas/core/mail-failure.ts': 'mail-failure',
  'lambdas/adapters/fetch-errors.ts': 'fetch-errors',
  'lambdas/adapters/http-body-decoding.ts': 'body-decoding',
  'lambdas/adapters/http-fetcher.ts': 'http-fetcher',
  'lambdas/core/extract/index.ts': 'article-extraction',
  'lambdas/adapters/mail/file-outbox-mailer.ts': 'file-outbox-mailer',
  'lambdas/adapters/mail/smtp-mailer.ts': 'smtp-mailer',
  'lambdas/adapters/dynamo/embedded-store.ts': 'embedded-store',
  'lambdas/default-watchlist.ts': 'default-watchlist',
};

/** Source file (absolute, .ts) → the bundle that holds it, for modules that are bundles of their own. */
function separateBundles() {
  const bundles = new Map(Object.entries(OWN_BUNDLES).map(([file, name]) => [path.join(ROOT, file), name]));
  for (const file of fs.readdirSync(COMMANDS_DIR)) if (file.endsWith('.ts')) bundles.set(path.join(COMMANDS_DIR, file), file.slice(0, -3));
  return bundles;
}

/**
 * dynalite requires its actions by a computed name without the `.js`; esbuild bundles every file of
 * the folder but matches the name with the extension only. Bundled, dynalite starts from one file
 * with a code cache instead of resolving and compiling some sixty files in node_modules.
 */
const dynaliteActions = {
  name: 'dynalite-actions',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]dynalite[\\/]index\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      const patched = source.replace("require('./actions/' + action)", "require('./actions/' + action + '.js')").replace("require('./validations/' + action)", "require('./validations/' + action + '.js')");
      if (patched === source) throw new Error('dynalite/index.js no longer requires its actions as expected: update scripts/build-cli.cjs');
      return { contents: patched, loader: 'js' };
    });
  },
};

/**
 * Leaves an import of another bundle's module as a run-time `require('./<bundle>.cjs')`, so that
 * module is loaded only when it is needed, and once. `keep` is the bundle being built (its own
 * entry is compiled in); a command's import of another command (demo → run) is bundled in, since
 * only the specs' imports of commands need to stay lazy.
 */
function splitPlugin(bundles, { commandsExternal }) {
  return {
    name: 'gzwatch-split',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        const file = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => bundles.has(candidate));
        if (!file || file === args.importer) return undefined;
        const bundle = bundles.get(file);
        const isCommand = path.dirname(file) === COMMANDS_DIR;
        if (isCommand && (!commandsExternal || path.dirname(args.importer) === COMMANDS_DIR)) return undefined;
        return { path: `./${bundle}.cjs`, external: true };
      });
    },
  };
}

async function build() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    // `npm ci --omit=dev`: no esbuild, and bin/gzwatch.cjs runs from source through tsx.
    process.stderr.write('gzwatch: esbuild is not installed; the CLI will run from source.\n');
    return;
  }
  const previous = previousBuild();
  const bundles = separateBundles();
  const common = {
    absWorkingDir: ROOT,
    outdir: OUT_DIR,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    charset: 'utf8',
    external: EXTERNAL,
    metafile: true,
    logLevel: 'warning',
  };
  const entries = (names) => Object.fromEntries(names.map((name) => [name, [...bundles].find(([, b]) => b === name)[0]]));
  const results = await Promise.all([
    esbuild.build({ ...common, entryPoints: { cli: path.join(ROOT, 'lambdas/cli/main.ts') }, plugins: [splitPlugin(bundles, { commandsExternal: true }), dynaliteActions] }),
    esbuild.build({ ...common, entryPoints: entries([...bundles.values()]), plugins: [splitPlugin(bundles, { commandsExternal: false }), dynaliteActions] }),
  ]);
  const sources = new Set(results.flatMap((r) => Object.keys(r.metafile.inputs)).filter((file) => !file.startsWith('node_modules/')));
  const outputs = results.flatMap((r) => Object.keys(r.metafile.outputs)).map((file) => path.relative(OUT_DIR, path.join(ROOT, file)));
  const inputs = [...sources, 'package-lock.json', 'bin/gzwatch.cjs', 'bin/fresh-bundle.cjs', 'bin/load-bundle.cjs', 'scripts/build-cli.cjs'].map((file) => {
    const stat = fs.statSync(path.join(ROOT, file));
    return [file, stat.size, stat.mtimeMs];
  });
  // Written last, whole (rename): until then the previous stamp names the previous build.
  fs.writeFileSync(`${STAMP}.${process.pid}`, JSON.stringify({ build: BUILD, inputs, outputs }));
  fs.renameSync(`${STAMP}.${process.pid}`, STAMP);
  removeBuildsBefore([BUILD, previous]);
}

function previousBuild() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, 'utf8')).build;
  } catch {
    return undefined;
  }
}

/** Builds older than the previous one (and the single folder of before builds had their own). */
function removeBuildsBefore(keep) {
  const dir = path.join(ROOT, '.gzwatch-build');
  for (const entry of fs.readdirSync(dir)) {
    if ((entry.startsWith('build-') && !keep.includes(entry)) || entry === 'cli') fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

build().catch((error) => {
  process.stderr.write(`gzwatch: building the CLI bundle failed (the CLI will run from source): ${error.message}\n`);
  fs.rmSync(STAMP, { force: true });
});
