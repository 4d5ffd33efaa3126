/**
 * Start-up of the CLI against Node's own: `node bin/gzwatch.cjs --help` and a `match` of one
 * sentence, each as a ratio to `node -e 0`, median of several fresh processes.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median } from './stats';

export interface CliFigures {
  nodeMs: number;
  helpMs: number;
  matchMs: number;
  helpRatio: number;
  matchRatio: number;
}

const BIN = path.join(__dirname, '..', '..', 'bin', 'gzwatch.cjs');

function timeProcess(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  return performance.now() - started;
}

export function benchCli(runs = 7): CliFigures {
  // What `npm ci` leaves: the prebuilt bundle, up to date with the sources.
  execFileSync(process.execPath, [path.join(__dirname, '..', 'build-cli.cjs')], { stdio: 'inherit' });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gzwatch-bench-cli-'));
  const input = path.join(home, 'text.txt');
  fs.writeFileSync(input, '云从科技在南沙发布了面向制造业的行业大模型。\n');
  const env = { PATH: process.env.PATH ?? '', HOME: home, GZWATCH_HOME: path.join(home, '.gzwatch') };
  try {
    const node: number[] = [];
    const help: number[] = [];
    const match: number[] = [];
    timeProcess([BIN, '--help'], env); // warm the disk cache (and tsx's transpile cache)
    timeProcess([BIN, 'match', input], env);
    // Interleaved, so a busy moment on the machine falls on all three alike.
    for (let run = 0; run < runs; run += 1) {
      node.push(timeProcess(['-e', '0'], env));
      help.push(timeProcess([BIN, '--help'], env));
      match.push(timeProcess([BIN, 'match', input], env));
    }
    const nodeMs = median(node);
    const helpMs = median(help);
    const matchMs = median(match);
    return { nodeMs, helpMs, matchMs, helpRatio: helpMs / nodeMs, matchRatio: matchMs / nodeMs };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

if (require.main === module) console.log(JSON.stringify(benchCli()));
