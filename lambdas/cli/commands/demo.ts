import type { Command } from 'commander';
import fs from 'node:fs/promises';
import path from 'node:path';
import { readLocalConfig } from '../../config';
import { startFixtureSites } from '../../demo/fixture-sites-server';
import { shanghaiDate } from '../../core/time';
import { deliverDigests } from '../../core/use-cases/deliver-digests';
import { runPass } from '../../core/use-cases/run-pass';
import { builtInSources } from '../../sources/registry';
import { PLACEHOLDER_SUBSCRIBER, buildFetcher } from '../../wiring';
import { withContext } from '../context';
import { printPassReport } from './run';
import { printDigestResults, unsubscribeUrlFor } from './digest';

export const FIXTURE_SITES_ROOT = path.resolve(__dirname, '../../../fixtures/sites');

/**
 * The whole pass offline: the built-in sources are served from the project's fixture sites on
 * 127.0.0.1 and read through the real fetcher, into a fresh store under $GZWATCH_HOME/demo.
 */
export async function demoCommand(): Promise<number> {
  await resetDemoHome(readLocalConfig().home);
  const sites = await startFixtureSites({ root: FIXTURE_SITES_ROOT });
  try {
    return await withContext(
      async (ctx) => {
        ctx.err(`Fixture sites served at ${sites.origin}; store and outbox in ${ctx.config.home}`);
        // Per-host politeness keys on the real host names, so the sites are still read in parallel.
        const fetcher = buildFetcher({ rewriteUrl: sites.rewriteUrl, originalUrl: sites.originalUrl, perHostDelayMs: 50 });
        try {
          const report = await runPass({ store: ctx.store, fetcher, now: () => new Date(), log: ctx.err }, builtInSources);
          printPassReport(ctx, report);
        } finally {
          await fetcher.close();
        }
        const subscriber = { email: PLACEHOLDER_SUBSCRIBER, follows: [], digestHour: 8, status: 'active' as const, unsubscribeToken: 'demo', sendEmpty: true, createdAt: new Date().toISOString() };
        const results = await deliverDigests(
          { store: ctx.store, mailerFor: ctx.mailerFor, now: () => new Date(), from: ctx.config.from, log: ctx.err, unsubscribeUrl: (s) => unsubscribeUrlFor(ctx, s) },
          [subscriber],
          shanghaiDate(new Date()),
        );
        printDigestResults(ctx, results);
        const preview = results[0]?.previewPath;
        if (!preview) return 1;
        ctx.out(`\nOpen the demo digest in a browser: ${preview}`);
        return 0;
      },
      (config) => ({ ...config, home: path.join(config.home, 'demo'), smtpUrl: undefined, dynamoEndpoint: undefined, digestTo: undefined }),
    );
  } finally {
    await sites.close();
  }
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a full pass and digest offline against the bundled fixture sites (a fresh store under $GZWATCH_HOME/demo)')
    .action(async () => {
      process.exitCode = await demoCommand();
    });
}

/** Starts each demo from an empty store, so it always shows a full digest. */
export async function resetDemoHome(home: string): Promise<void> {
  await fs.rm(path.join(home, 'demo'), { recursive: true, force: true });
}
