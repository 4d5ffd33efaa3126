import fs from 'node:fs/promises';
import path from 'node:path';
import { readLocalConfig } from '../../composition/config';
import { PLACEHOLDER_SUBSCRIBER } from '../../composition/local';
import { collectDeps, digestDeps } from '../../composition/use-case-deps';
import { startFixtureSites } from '../../demo/fixture-sites-server';
import { daysBetween } from '../../demo/shift-dates';
import { shanghaiDate } from '../../core/time';
import { collectSources } from '../../core/use-cases/collect-sources';
import { deliverDueDigests } from '../../core/use-cases/deliver-due-digests';
import { withContext } from '../context';
import { printPassReport } from './run';
import { printDigestResults } from './digest';

export const FIXTURE_SITES_ROOT = path.resolve(__dirname, '../../../fixtures/sites');
/** The day the fixture sites were written as of (their newest list dates); the demo moves it to today. */
export const FIXTURE_SITES_DAY = '2026-11-27';

/**
 * The whole pass offline: the built-in sources are served from the project's fixture sites on
 * 127.0.0.1 and read through the real fetcher, into a fresh store under $GZWATCH_HOME/demo.
 */
export async function demoCommand(): Promise<number> {
  await resetDemoHome(readLocalConfig().home);
  // Backfill is not news: the fixtures' dates move to today so their news stays news.
  const sites = await startFixtureSites({ root: FIXTURE_SITES_ROOT, shiftDates: { anchor: FIXTURE_SITES_DAY, days: daysBetween(FIXTURE_SITES_DAY, shanghaiDate(new Date())) } });
  try {
    return await withContext(
      async (ctx) => {
        ctx.err(`Fixture sites served at ${sites.origin}; store and outbox in ${ctx.config.home}`);
        // The demo shows the pass and the digest; no admin or policy alert mail.
        const report = await collectSources({ ...collectDeps(ctx), alerts: undefined, policyAlerts: undefined }, await ctx.sources.list());
        printPassReport(ctx, report);
        const digest = await deliverDueDigests(digestDeps(ctx), { at: ctx.clock.now(), only: PLACEHOLDER_SUBSCRIBER });
        printDigestResults(ctx, digest.results);
        const preview = digest.results[0]?.previewPath;
        if (!preview) return 1;
        ctx.out(`\nOpen the demo digest in a browser: ${preview}`);
        return 0;
      },
      {
        config: (config) => ({ ...config, home: path.join(config.home, 'demo'), smtpUrl: undefined, dynamoEndpoint: undefined, digestTo: undefined, store: 'local' }),
        // Per-host politeness keys on the real host names, so the sites are still read in parallel.
        fetch: { rewriteUrl: sites.rewriteUrl, originalUrl: sites.originalUrl, perHostDelayMs: 50 },
      },
    );
  } finally {
    await sites.close();
  }
}

export async function demoAction(): Promise<void> {
  process.exitCode = await demoCommand();
}

/** Starts each demo from an empty store, so it always shows a full digest. */
export async function resetDemoHome(home: string): Promise<void> {
  await fs.rm(path.join(home, 'demo'), { recursive: true, force: true });
}
