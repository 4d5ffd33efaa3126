/**
 * Bundle size and load time of each Lambda, built by the stack's own asset builder
 * (lib/lambda-asset.ts, settings in lib/bundling.ts). Load time is the `require` of index.js in a
 * fresh Node.js process, the part of a cold start our code controls, on this machine's Node and on
 * Node 24 (Lambda's runtime, see bench/node24.ts); the median of several runs smooths a busy machine.
 *
 *   npx tsx scripts/bench-bundles.ts [runs] [path/to/another/node]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './bench/stats';
import { findNode24 } from './bench/node24';
import { BUNDLE_SETTINGS, HANDLER_ENTRIES, HANDLER_NAMES } from '../lib/bundling';
import { buildLambdaAssetFromEntry } from '../lib/lambda-asset';

export interface BundleFigures {
  /** Minified index.js, without its source map and the lazily loaded packages beside it. */
  bytes: number;
  /** Import paths bundled beside index.js and loaded on first use (lib/bundling.ts LAZY_PACKAGES). */
  lazyModules: string[];
  /** Median milliseconds to `require` the bundle in a fresh process (this machine's Node). */
  initMs: number;
  /** The same for scripts/bench/floor-handler.ts (the DynamoDB client alone), in the same run. */
  floorInitMs: number;
  /**
   * CPU milliseconds (user + system) of the same requires: on a busy shared machine the wall
   * figures also measure the neighbours, the CPU ones much less.
   */
  initCpuMs: number;
  floorInitCpuMs: number;
  /** The same four figures on Node 24; absent when no Node 24 binary was found. */
  node24InitMs?: number;
  node24FloorInitMs?: number;
  node24InitCpuMs?: number;
  node24FloorInitCpuMs?: number;
}

export interface BundleBench {
  bundles: Record<string, BundleFigures>;
  /** Versions the bundles were loaded with; `node24` says why it is missing when it is. */
  nodes: { base: string; node24: string | { missing: string } };
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
const cpu = process.cpuUsage();
const start = performance.now();
const mod = require(process.argv[1]);
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
if (typeof mod.handler !== 'function') { console.error('no handler export'); process.exit(2); }
process.stdout.write(ms + ' ' + (used.user + used.system) / 1000);
`;

/** Builds the asset of a handler (or of the floor) into outDir/<name>/ and returns index.js. */
export function bundleHandler(name: keyof typeof HANDLER_ENTRIES | 'floor', outDir: string) {
  const entry = name === 'floor' ? 'scripts/bench/floor-handler.ts' : HANDLER_ENTRIES[name];
  return buildLambdaAssetFromEntry(entry, path.join(outDir, name));
}

type Timing = { wall: number; cpu: number };

function timeRequire(file: string, node: string): Timing {
  // --enable-source-maps as in the deployed NODE_OPTIONS: Node then reads the map at load.
  const out = execFileSync(node, ['--enable-source-maps', '-e', LOADER, file], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_LIKE_ENV },
    cwd: path.dirname(file),
    encoding: 'utf8',
  });
  const [wall, cpu] = out.trim().split(' ').map(Number);
  if (!Number.isFinite(wall) || !Number.isFinite(cpu)) throw new Error(`unexpected output from the loader: ${out}`);
  return { wall: wall!, cpu: cpu! };
}

/**
 * `node`: the base Node.js binary (default: this one). `node24`: a Node 24 binary to load every
 * bundle with as well; by default found by findNode24, `false` to skip it.
 */
export async function benchBundles(options: { runs?: number; node?: string; node24?: string | false } = {}): Promise<BundleBench> {
  const runs = options.runs ?? 5;
  const base = options.node ?? process.execPath;
  const found = options.node24 === undefined ? findNode24() : options.node24 === false ? { missing: 'not asked for' } : { path: options.node24, version: '' };
  const node24 = 'path' in found ? found.path : undefined;
  const version = (node: string) => execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bundles-'));
  try {
    const bundles: Record<string, BundleFigures> = {};
    const floor = bundleHandler('floor', outDir).handlerFile;
    const round = (ms: number) => Math.round(ms * 10) / 10;
    for (const name of HANDLER_NAMES) {
      const asset = bundleHandler(name, outDir);
      // Interleaved with the floor's loads and across both Nodes, so all see the same machine.
      const samples = { base: [] as Timing[], baseFloor: [] as Timing[], node24: [] as Timing[], node24Floor: [] as Timing[] };
      for (let run = 0; run < runs; run += 1) {
        samples.base.push(timeRequire(asset.handlerFile, base));
        samples.baseFloor.push(timeRequire(floor, base));
        if (node24) {
          samples.node24.push(timeRequire(asset.handlerFile, node24));
          samples.node24Floor.push(timeRequire(floor, node24));
        }
      }
      const wall = (t: Timing[]) => round(median(t.map((x) => x.wall)));
      const cpu = (t: Timing[]) => round(median(t.map((x) => x.cpu)));
      bundles[name] = {
        bytes: asset.handlerBytes,
        lazyModules: asset.lazyModules,
        initMs: wall(samples.base),
        floorInitMs: wall(samples.baseFloor),
        initCpuMs: cpu(samples.base),
        floorInitCpuMs: cpu(samples.baseFloor),
        ...(node24
          ? { node24InitMs: wall(samples.node24), node24FloorInitMs: wall(samples.node24Floor), node24InitCpuMs: cpu(samples.node24), node24FloorInitCpuMs: cpu(samples.node24Floor) }
          : {}),
      };
    }
    return { bundles, nodes: { base: version(base), node24: node24 ? version(node24) : (found as { missing: string }) } };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs = process.argv[2] ? Number(process.argv[2]) : 5;
  const node24 = process.argv[3];
  const { bundles, nodes } = await benchBundles({ runs, node24 });
  const n24 = typeof nodes.node24 === 'string' ? nodes.node24 : `missing: ${nodes.node24.missing}`;
  console.log(`Lambda bundles (esbuild ${BUNDLE_SETTINGS.target}, minified; load = median of ${runs} fresh processes; Node ${nodes.base} | Node ${n24})`);
  console.log(`  ${''.padEnd(29)}  load / floor: wall (ms), CPU ratio`);
  const ratio = (ms: number | undefined, floor: number | undefined, cpu: number | undefined, cpuFloor: number | undefined) =>
    ms && floor && cpu && cpuFloor ? `${(ms / floor).toFixed(2)} (${ms.toFixed(0)} vs ${floor.toFixed(0)}), CPU ${(cpu / cpuFloor).toFixed(2)}` : 'n/a';
  for (const [name, b] of Object.entries(bundles)) {
    const n20 = ratio(b.initMs, b.floorInitMs, b.initCpuMs, b.floorInitCpuMs);
    console.log(`  ${name.padEnd(18)} ${(b.bytes / 1024).toFixed(1).padStart(8)} KiB  ${n20.padEnd(30)} | ${ratio(b.node24InitMs, b.node24FloorInitMs, b.node24InitCpuMs, b.node24FloorInitCpuMs)}`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
