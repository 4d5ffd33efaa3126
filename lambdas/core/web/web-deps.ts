import type { Entity } from '../types';
import type { SubscriptionDeps } from '../use-cases/subscriptions';
import { html, text } from './http';
import { words } from './i18n';
import type { RateLimiter } from './rate-limit';
import { messagePage, type PageContext } from './subscription-pages';

/** What the web router needs: the subscription use-cases' deps and a per-process client limiter. */
export interface WebDeps extends SubscriptionDeps {
  /** Subscriptions per client (address) and window; one limiter per process. */
  subscribeLimiter?: RateLimiter;
}

export const DAY_MS = 86_400_000;

export const notFound = (ctx: PageContext) => html(404, messagePage(ctx, words(ctx.lang).notFound, words(ctx.lang).notFoundText, 'error'));
export const methodNotAllowed = () => text(405, 'method not allowed\n', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD, POST' });
export const badLink = (ctx: PageContext) => html(404, messagePage(ctx, words(ctx.lang).badLink, words(ctx.lang).badLinkText, 'error'));

export async function enabledEntities(deps: WebDeps): Promise<Entity[]> {
  return (await deps.store.watchlist.list()).filter((e) => e.enabled);
}

