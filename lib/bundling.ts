/**
 * How every Lambda is bundled, as plain data: lib/lambda-asset.ts builds each function's asset
 * from it, for the stack (lib/lambda-code.ts) and for scripts/bench-bundles.ts alike, so the
 * benchmark measures exactly what is deployed. No aws-cdk-lib import here, to keep the bench light.
 */
import path from 'node:path';

/** Repository root (lib/ sits one level below it). */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** The Lambda handlers, by the short name used for construct ids, metrics and reports. */
export const HANDLER_ENTRIES = {
  'schedule-sources': 'lambdas/handlers/schedule-sources.ts',
  'collect-source': 'lambdas/handlers/collect-source.ts',
  'plan-digests': 'lambdas/handlers/plan-digests.ts',
  'deliver-digests': 'lambdas/handlers/deliver-digests.ts',
  http: 'lambdas/handlers/http.ts',
  'mail-feedback': 'lambdas/handlers/mail-feedback.ts',
} as const;

export type HandlerName = keyof typeof HANDLER_ENTRIES;

export const HANDLER_NAMES = Object.keys(HANDLER_ENTRIES) as HandlerName[];

/**
 * nodejs24.x is the newest runtime this aws-cdk-lib knows, and cdk-nag's LambdaLatestVersion
 * rule only accepts the newest one; nodejs22.x would need a suppression for no benefit.
 */
export const NODE_RUNTIME_NAME = 'nodejs24.x';
export const ESBUILD_TARGET = 'node24';

export const BUNDLE_SETTINGS = {
  minify: true,
  sourceMap: true,
  // Source text inside the map only helps a debugger; stack traces need names and lines only.
  sourcesContent: false,
  target: ESBUILD_TARGET,
  format: 'cjs',
  platform: 'node',
  // Keep CJK literals (watchlist names, source labels) as UTF-8 instead of \uXXXX escapes:
  // a third of the bytes for that text, and Lambda reads UTF-8 source fine.
  charset: 'utf8',
  /*
   * Nothing is external, the AWS SDK included: the clients are pinned in package.json (the
   * runtime's copy changes under us), and a minified, tree-shaken SDK loads faster than the
   * runtime's full packages. Handlers must not import the local-only store (dynalite): bundling
   * would then fail on its native LevelDB binding, which is the alarm we want.
   */
  externalModules: [] as string[],
  /** Module substitutions (see lib/bundle-shims/): packages that are imported but never used at run time. */
  alias: { 'iconv-lite': path.join(PROJECT_ROOT, 'lib/bundle-shims/iconv-lite.js') } as Record<string, string>,
} as const;

/**
 * Packages that only some invocations use, each kept out of index.js and written beside it as its
 * own bundle (lib/lambda-asset.ts), so a cold start neither reads nor parses them: mail (nodemailer,
 * SES, and Secrets Manager for the SMTP URL) is needed only when a message is sent, SQS only by
 * schedule-sources' enqueue, Lambda only by the digest planner's invocations, the HTTP fetcher's charset sniffer and robots.txt parser only when a
 * page is fetched, OpenCC only when a text holds Traditional characters, chrono-node only for a
 * date written in words, pngjs only when a digest is drawn, feed only for a feed. Their importers must reach them through a `require` on the lazy path (see
 * lambdas/composition/aws.ts); a static import from the eager graph would load them at once, and
 * the bench's load ratio would show it. Only packages: a project module split off this way would
 * be a second copy beside index.js's own, and `instanceof` across the two would fail.
 */
export const LAZY_PACKAGES: readonly string[] = [
  'nodemailer',
  '@aws-sdk/client-sesv2',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-sqs',
  '@aws-sdk/client-lambda',
  'encoding-sniffer',
  'robots-parser',
  'opencc-js',
  'chrono-node',
  'pngjs',
  'feed',
];
