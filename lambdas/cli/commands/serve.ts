import { startHttpServer, writeServeRecord } from '../../composition/local';
import { collectDeps, digestDeps, webDeps } from '../../composition/use-case-deps';
import { InputError } from '../../core/errors';
import { collectSources } from '../../core/use-cases/collect-sources';
import { deliverDueDigests } from '../../core/use-cases/deliver-due-digests';
import { isSourceDue } from '../../core/use-cases/source-catalogue';
import { handleWebRequest } from '../../core/web/router';
import { withContext, type CliContext } from '../context';

interface ServeOptions {
  host: string;
  port: string;
  schedule: boolean;
}

/** How often the local schedules look for due work: sources by their own intervals, digests by hour. */
const TICK_MS = 60_000;

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new InputError(`--port: "${value}" is not a TCP port (0 to 65535)`);
  return Number(value);
}

/** One timer for both schedules; a tick that is still running makes the next one wait its turn. */
function startSchedules(ctx: CliContext): () => Promise<void> {
  let running: Promise<void> | undefined;
  const tick = async () => {
    const at = ctx.clock.now();
    const health = new Map((await ctx.store.sources.list()).map((h) => [h.sourceId, h]));
    const due = (await ctx.sources.list()).filter((s) => isSourceDue(s, health.get(s.id), at));
    if (due.length) {
      const report = await collectSources(collectDeps(ctx), due);
      const stored = report.results.reduce((n, r) => n + r.newArticles, 0);
      ctx.logger.info(`collected ${report.results.length} due sources: ${stored} new articles`);
    }
    const digests = await deliverDueDigests(digestDeps(ctx), { at: ctx.clock.now() });
    const sent = digests.results.filter((r) => r.status === 'sent').length;
    if (sent) ctx.logger.info(`sent ${sent} digests for ${digests.date}`);
  };
  const run = () => {
    if (running) return;
    running = tick()
      .catch((error: unknown) => ctx.logger.error(`schedule: ${(error as Error).message}`))
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, TICK_MS);
  run();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const port = parsePort(options.port);
  await withContext(async (ctx) => {
    if (ctx.sharedStore) throw new InputError(`another gzwatch serve is running on ${ctx.config.home}; stop it first or set GZWATCH_HOME to another folder`);
    const holder: { handle?: (r: Parameters<typeof handleWebRequest>[1]) => ReturnType<typeof handleWebRequest> } = {};
    const server = await startHttpServer((request) => holder.handle!(request), {
      host: options.host,
      port,
      onError: (error) => ctx.logger.error(`web: ${(error as Error).stack ?? String(error)}`),
    });
    // Links in mail point here unless GZWATCH_PUBLIC_URL names the public address.
    ctx.config.publicUrl ??= server.url;
    const deps = webDeps(ctx);
    holder.handle = (request) => handleWebRequest(deps, request);
    // The embedded store is ours: tell the other commands on this home where it answers.
    const unpublish = ctx.storeEndpoint && ctx.config.store === 'local' && !ctx.config.dynamoEndpoint ? writeServeRecord(ctx.config.home, { dynamoEndpoint: ctx.storeEndpoint, url: ctx.config.publicUrl }) : () => undefined;
    ctx.out(server.url);
    const stopSchedules = options.schedule ? startSchedules(ctx) : async () => undefined;
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    unpublish();
    await server.close();
    await stopSchedules();
  });
}
