/**
 * `npm run bench`: the figures that say whether gzwatch is fast and cheap. Every target is a ratio
 * against a baseline measured in the same run (these machines are shared and noisy), or a size.
 * Prints a table; with --json, one JSON object as the last line.
 */
import os from 'node:os';
import { benchBundles } from './bench-bundles';
import { benchMatcher } from './bench-matcher';
import { benchPipeline } from './bench/pipeline';
import { estimateMonthlyCost } from './cost-estimate';

interface Check {
  figure: string;
  value: string;
  target: string;
  ok: boolean;
}

async function main(): Promise<void> {
  // Node 20 is the supported runtime; the SDK's notice about 2027 releases is not a bench figure.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const json = process.argv.includes('--json');
  const started = Date.now();
  const progress = (line: string) => process.stderr.write(`${line}\n`);

  progress('matcher: 10 MB of generated news text, 5,000 and 50 aliases, and the naive loop…');
  const match = await benchMatcher();
  progress('pipeline: a full pass over 10 local sites, 210 articles, 50 ms per response…');
  const pipeline = await benchPipeline();
  progress('bundles: esbuild each Lambda handler, then load it in fresh Node processes…');
  const bundles = await benchBundles({ runs: 5 });
  const cost = estimateMonthlyCost();

  const speedup = match.mbPerSecond / match.naiveMbPerSecond;
  const scale = match.mbPerSecond / match.smallMbPerSecond;
  const pipelineRatio = pipeline.wallSeconds / pipeline.lowerBoundSeconds;
  const checks: Check[] = [
    { figure: `matcher vs naive indexOf, ${match.aliases} aliases`, value: `${speedup.toFixed(1)}× (${match.mbPerSecond.toFixed(1)} vs ${match.naiveMbPerSecond.toFixed(2)} MB/s)`, target: '≥ 10×', ok: speedup >= 10 },
    { figure: `matcher at ${match.aliases} vs 50 aliases`, value: `${scale.toFixed(2)} (${match.mbPerSecond.toFixed(1)} vs ${match.smallMbPerSecond.toFixed(1)} MB/s)`, target: '≥ 0.5', ok: scale >= 0.5 },
    { figure: `pipeline wall / lower bound (${pipeline.articles} articles, ${pipeline.sources} sites)`, value: `${pipelineRatio.toFixed(2)} (${pipeline.wallSeconds.toFixed(2)} s vs ${pipeline.lowerBoundSeconds.toFixed(2)} s)`, target: '≤ 1.5', ok: pipelineRatio <= 1.5 },
    { figure: 'CPU per article (extract + normalise + match)', value: `${pipeline.cpuMsPerArticle.toFixed(2)} ms`, target: '≤ 5 ms', ok: pipeline.cpuMsPerArticle <= 5 },
    ...Object.entries(bundles).flatMap(([name, b]) => [
      { figure: `bundle ${name}`, value: `${(b.bytes / 1024 / 1024).toFixed(2)} MB`, target: '≤ 1.5 MB', ok: b.bytes <= 1.5 * 1024 * 1024 },
      { figure: `load ${name}`, value: `${b.initMs.toFixed(0)} ms`, target: '≤ 200 ms', ok: b.initMs <= 200 },
    ]),
    { figure: 'monthly cost, reference workload (always-free allowances applied)', value: `US$${cost.monthlyUsd.toFixed(2)} (US$${cost.monthlyUsdNoFreeTier.toFixed(2)} without)`, target: '≤ US$1', ok: cost.monthlyUsd <= 1 },
  ];

  const width = Math.max(...checks.map((c) => c.figure.length));
  const valueWidth = Math.max(...checks.map((c) => c.value.length));
  const lines = [
    `gzwatch bench on ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    `${'figure'.padEnd(width)}  ${'value'.padEnd(valueWidth)}  ${'target'.padEnd(9)}  ok`,
    ...checks.map((c) => `${c.figure.padEnd(width)}  ${c.value.padEnd(valueWidth)}  ${c.target.padEnd(9)}  ${c.ok ? 'yes' : 'NO'}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (json) {
    const result = {
      match: { aliases: match.aliases, mbPerSecond: match.mbPerSecond, smallMbPerSecond: match.smallMbPerSecond, naiveMbPerSecond: match.naiveMbPerSecond },
      pipeline: { articles: pipeline.articles, sources: pipeline.sources, wallSeconds: pipeline.wallSeconds, lowerBoundSeconds: pipeline.lowerBoundSeconds, cpuMsPerArticle: pipeline.cpuMsPerArticle },
      bundles,
      cost: { monthlyUsd: cost.monthlyUsd, monthlyUsdNoFreeTier: cost.monthlyUsdNoFreeTier },
      targetsMet: checks.every((c) => c.ok),
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg()[0] },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
