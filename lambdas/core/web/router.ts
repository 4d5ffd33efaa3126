import { InputError } from '../errors';
import { entitiesPage } from './entity-pages';
import { formFields, html, json, text, type WebRequest, type WebResponse } from './http';
import { pickLang, words } from './i18n';
import { SITE_CSS } from './layout';
import { entity, entityFeed, FEED_EXT, groupFeed, privateFeed } from './read-routes';
import { subscribeFromApi, subscribeFromForm } from './subscribe-routes';
import { messagePage, subscribePage, type PageContext } from './subscription-pages';
import { digestView, tokenPage } from './token-routes';
import { searchEntities } from './watchlist-names';
import { enabledEntities, methodNotAllowed, notFound, type WebDeps } from './web-deps';

export type { WebDeps } from './web-deps';

/**
 * The whole web service as one pure function of a request: both shells (the Lambda's Function
 * URL and `gzwatch serve`) call it. Links that change state follow one rule: GET shows a page with
 * one button and changes nothing; POST to the same URL does it.
 */
export async function handleWebRequest(deps: WebDeps, request: WebRequest): Promise<WebResponse> {
  const base = deps.links.basePath;
  const rawPath = base && request.path.startsWith(`${base}/`) ? request.path.slice(base.length) : request.path;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return notFound(ctxFor(deps, request, rawPath));
  }
  const method = request.method.toUpperCase();
  const ctx = ctxFor(deps, request, rawPath);
  try {
    return await route(deps, request, method, path, ctx);
  } catch (error) {
    if (error instanceof InputError) {
      if (path.startsWith('/api/')) return json(400, { error: error.message });
      return html(400, messagePage(ctx, words(ctx.lang).error, error.message, 'error'));
    }
    throw error;
  }
}

function ctxFor(deps: WebDeps, request: WebRequest, path: string): PageContext {
  const fromForm = request.method.toUpperCase() === 'POST' && !(request.headers['content-type'] ?? '').includes('json') ? formFields(request.body).get('lang') : null;
  return { lang: pickLang(request.query.lang ?? fromForm), basePath: deps.links.basePath, path };
}

async function route(deps: WebDeps, request: WebRequest, method: string, path: string, ctx: PageContext): Promise<WebResponse> {
  const isRead = method === 'GET' || method === 'HEAD';
  if (path === '/static/site.css' && isRead) return text(200, SITE_CSS, 'text/css; charset=utf-8', { 'Cache-Control': 'public, max-age=3600' });
  if (path === '/healthz' && isRead) return text(200, 'ok\n');
  if (path === '/' && isRead) return html(200, subscribePage(ctx, await enabledEntities(deps)));
  if (path === '/subscribe' && method === 'POST') return subscribeFromForm(deps, request, ctx);
  if (path === '/api/subscribe' && method === 'POST') return subscribeFromApi(deps, request);
  if (path === '/entities' && isRead) {
    const q = (request.query.q ?? '').slice(0, 100);
    return html(200, entitiesPage(ctx, searchEntities(await enabledEntities(deps), q), q));
  }
  let m = /^\/entities\/([^/]+)$/.exec(path);
  if (m && isRead) return entity(deps, ctx, m[1]!);
  m = /^\/(confirm|unsubscribe|preferences)\/([^/]+)$/.exec(path);
  if (m) {
    if (!isRead && method !== 'POST') return methodNotAllowed();
    return tokenPage(deps, request, method === 'POST', m[1] as 'confirm' | 'unsubscribe' | 'preferences', m[2]!, ctx);
  }
  m = /^\/digests\/([^/]+)\/(\d{4}-\d{2}-\d{2})$/.exec(path);
  if (m && isRead) return digestView(deps, ctx, m[1]!, m[2]!);
  m = /^\/feeds\/private\/([^/]+)\.(xml|rss|json)$/.exec(path);
  if (m && isRead) return privateFeed(deps, request, ctx, m[1]!, FEED_EXT[m[2]!]!);
  m = /^\/feeds\/(kind|tag)\/([^/]+)\.(xml|rss|json)$/.exec(path);
  if (m && isRead) return groupFeed(deps, request, ctx, m[1] as 'kind' | 'tag', m[2]!, FEED_EXT[m[3]!]!);
  m = /^\/feeds\/([^/]+)\.(xml|rss|json)$/.exec(path);
  if (m && isRead) return entityFeed(deps, request, ctx, m[1]!, FEED_EXT[m[2]!]!);
  return notFound(ctx);
}
