/**
 * RSSHub routes as sources: a definition names a route (`/gov/gz/zwgk/zcjd`), the shell names the
 * instance (GZWATCH_RSSHUB_URL). Resolved when the source is collected, so one stored definition
 * follows the instance wherever it moves.
 */
import { siteFailure } from './errors';
import type { SourceDefinition } from './types';

/** The variable people set; named in the error a route without an instance gets. */
export const RSSHUB_VARIABLE = 'GZWATCH_RSSHUB_URL';

/** The feed URL of a route on an instance: `http://127.0.0.1:1200` + `/gov/gz/zwgk/zcjd`. */
export function rsshubUrl(base: string, route: string): string {
  return `${base.replace(/\/+$/, '')}${route}`;
}

/**
 * The source as it is collected: an RSSHub route becomes its feed URL on `base`. Any other source
 * comes back unchanged. A route with no instance configured is this source's failure (recorded in
 * its health, naming the variable), never a crash of the whole pass.
 */
export function resolveRsshub(source: SourceDefinition, base: string | undefined): SourceDefinition {
  if (source.type !== 'rss' || source.rsshub === undefined) return source;
  if (!base) throw siteFailure('http', `RSSHub 路由 ${source.rsshub} 需要 RSSHub 实例：请设置 ${RSSHUB_VARIABLE}（例如 http://127.0.0.1:1200）/ the RSSHub route needs ${RSSHUB_VARIABLE}`);
  return { ...source, urls: [rsshubUrl(base, source.rsshub)] };
}
