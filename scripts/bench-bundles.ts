/**
 * Bundle size and load time of each Lambda, built with the stack's own esbuild settings
 * (lib/bundling.ts). Load time is the `require` of the bundle in a fresh Node.js process, the
 * part of a cold start our code controls; the median of several runs smooths a busy machine.
 *
 *   npx tsx scripts/bench-bundles.ts [runs] [path/to/another/node]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { median } from './bench/stats';
import { BUNDLE_SETTINGS, HANDLER_ENTRIES, HANDLER_NAMES, PROJECT_ROOT, type HandlerName } from '../lib/bundling';

export interface BundleFigures {
  /** Minified index.js, without its source map. */
  bytes: number;
  /** Median milliseconds to `require` the bundle in a fresh process. */
  initMs: number;
  /** The same for scripts/bench/floor-handler.ts (the DynamoDB client alone), in the same run. */
  floorInitMs: number;
}

/** What the functions see in Lambda, so module-scope configuration checks pass without AWS. */
const LAMBDA_LIKE_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'gzwatch-bench',
  COLLECT_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/gzwatch-bench',
  GZWATCH_FROM: 'gzwatch@example.com',
  GZWATCH_ADMIN: 'admin@example.com',
  MAIL_TRANSPORT: 'ses',
  // The SDK warns about Node 20 on this machine; Lambda runs nodejs24.x.
  NODE_NO_WARNINGS: '1',
};

// Runs in the child: time the require only, not Node's own start-up.
const LOADER = `
const { performance } = require('node:perf_hooks');
const start = performance.now();
const mod = require(process.argv[1]);
const ms = performance.now() - start;
if (typeof mod.handler !== 'function') { console.error('no handler export'); process.exit(2); }
process.stdout.write(String(ms));
`;

export async function bundleHandler(name: HandlerName | 'floor', outDir: string): Promise<string> {
  const outfile = path.join(outDir, name, 'index.js');
  const entry = name === 'floor' ? 'scripts/bench/floor-handler.ts' : HANDLER_ENTRIES[name];
  await build({
    entryPoints: [path.join(PROJECT_ROOT, entry)],
    absWorkingDir: PROJECT_ROOT,
    outfile,
    bundle: true,
    minify: BUNDLE_SETTINGS.minify,
    sourcemap: BUNDLE_SETTINGS.sourceMap,
    sourcesContent: BUNDLE_SETTINGS.sourcesContent,
    target: BUNDLE_SETTINGS.target,
    format: BUNDLE_SETTINGS.format,
    platform: BUNDLE_SETTINGS.platform,
    charset: BUNDLE_SETTINGS.charset,
    external: [...BUNDLE_SETTINGS.externalModules],
    alias: BUNDLE_SETTINGS.alias,
    logLevel: 'warning',
  });
  return outfile;
}

function timeRequire(file: string, node = process.execPath): number {
  // --enable-source-maps as in the deployed NODE_OPTIONS: Node then reads the map at load.
  const out = execFileSync(node, ['--enable-source-maps', '-e', LOADER, file], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_LIKE_ENV },
    cwd: path.dirname(file),
    encoding: 'utf8',
  });
  const ms = Number(out.trim());
  if (!Number.isFinite(ms)) throw new Error(`unexpected output from the loader: ${out}`);
  return ms;
}


/** `node`: another Node.js binary to load the bundles with (e.g. Node 24, Lambda's runtime). */
export async function benchBundles(options: { runs?: number; node?: string } = {}): Promise<Record<string, BundleFigures>> {
  const runs = options.runs ?? 5;
  const node = options.node;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bundles-'));
  try {
    const figures: Record<string, BundleFigures> = {};
    const floor = await bundleHandler('floor', outDir);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    for (const name of HANDLER_NAMES) {
      const file = await bundleHandler(name, outDir);
      const bytes = fs.statSync(file).size;
      // Interleaved with the floor's loads, so both see the same machine.
      const samples: number[] = [];
      const floorSamples: number[] = [];
      for (let run = 0; run < runs; run += 1) {
        samples.push(timeRequire(file, node));
        floorSamples.push(timeRequire(floor, node));
      }
      figures[name] = { bytes, initMs: round(median(samples)), floorInitMs: round(median(floorSamples)) };
    }
    return figures;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs = process.argv[2] ? Number(process.argv[2]) : 5;
  const node = process.argv[3];
  const figures = await benchBundles({ runs, node });
  const version = node ? execFileSync(node, ['--version'], { encoding: 'utf8' }).trim() : process.version;
  console.log(`Lambda bundles (esbuild ${BUNDLE_SETTINGS.target}, minified; load = median of ${runs} fresh processes, Node ${version})`);
  for (const [name, { bytes, initMs, floorInitMs }] of Object.entries(figures)) {
    console.log(`  ${name.padEnd(18)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${initMs.toFixed(1).padStart(7)} ms  (floor ${floorInitMs.toFixed(1)} ms)`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
