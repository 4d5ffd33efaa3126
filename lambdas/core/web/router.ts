import { InputError } from '../errors';
import { follows as followsEntity } from '../digest/follows';
import type { MentionRecord } from '../ports';
import { shanghaiDate } from '../time';
import { ENTITY_KINDS, type Entity, type Subscriber } from '../types';
import {
  confirmSubscription,
  subscribe,
  subscriberByToken,
  unsubscribe,
  updatePreferences,
  type Choices,
  type SubscriptionDeps,
} from '../use-cases/subscriptions';
import { entitiesPage, entityPage, TREND_DAYS } from './entity-pages';
import { feedResponse, type FeedKind } from './feeds';
import { DIGEST_CSP, formFields, html, json, text, type WebRequest, type WebResponse } from './http';
import { fill, pickLang, words, type Lang } from './i18n';
import { SITE_CSS } from './layout';
import type { RateLimiter } from './rate-limit';
import { messagePage, oneButtonPage, preferencesPage, subscribePage, type PageContext, type SubscribeValues } from './subscription-pages';
import { resolveFollows, searchEntities, splitNames } from './watchlist-names';

export interface WebDeps extends SubscriptionDeps {
  /** Subscriptions per client (address) and window; one limiter per process. */
  subscribeLimiter?: RateLimiter;
}

const DAY_MS = 86_400_000;
const FEED_EXT: Record<string, FeedKind> = { xml: 'atom', atom: 'atom', rss: 'rss', json: 'json' };

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

const notFound = (ctx: PageContext) => html(404, messagePage(ctx, words(ctx.lang).notFound, words(ctx.lang).notFoundText, 'error'));
const methodNotAllowed = () => text(405, 'method not allowed\n', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD, POST' });
const badLink = (ctx: PageContext) => html(404, messagePage(ctx, words(ctx.lang).badLink, words(ctx.lang).badLinkText, 'error'));

async function enabledEntities(deps: WebDeps): Promise<Entity[]> {
  return (await deps.store.watchlist.list()).filter((e) => e.enabled);
}

function limited(deps: WebDeps, request: WebRequest): boolean {
  return deps.subscribeLimiter ? !deps.subscribeLimiter.allow(request.client ?? 'unknown', deps.now().getTime()) : false;
}

function parseHour(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (!/^\d{1,2}$/.test(value)) throw new InputError('hour: must be a whole hour from 0 to 23 (Asia/Shanghai)');
  return Number(value);
}

function parseFrequency(value: string | null | undefined): 'daily' | 'weekly' | undefined {
  if (!value) return undefined;
  if (value !== 'daily' && value !== 'weekly') throw new InputError('frequency: must be daily or weekly');
  return value;
}

async function resolveOrThrow(deps: WebDeps, names: string[], field: string): Promise<string[]> {
  const { follows, unknown } = resolveFollows(await enabledEntities(deps), names);
  if (unknown.length) throw new InputError(`${field}: not on the watchlist: ${unknown.slice(0, 5).join(', ')}`);
  return follows;
}

async function subscribeFromForm(deps: WebDeps, request: WebRequest, ctx: PageContext): Promise<WebResponse> {
  const w = words(ctx.lang);
  const f = formFields(request.body);
  const values: SubscribeValues = {
    email: f.get('email') ?? '',
    follow: f.get('follow') ?? '',
    hour: Number(f.get('hour') ?? 8) || 0,
    frequency: f.get('frequency') === 'weekly' ? 'weekly' : 'daily',
    alerts: f.get('alerts') === 'on',
  };
  if (limited(deps, request)) return html(429, subscribePage(ctx, await enabledEntities(deps), values, w.tooMany), { 'Retry-After': '600' });
  try {
    const choices: Choices = {
      follows: await resolveOrThrow(deps, splitNames(values.follow ?? ''), w.follow),
      digestHour: parseHour(f.get('hour')),
      frequency: parseFrequency(f.get('frequency')),
      alerts: values.alerts,
      lang: ctx.lang,
    };
    const outcome = await subscribe(deps, values.email ?? '', choices);
    if (outcome.status === 'rate-limited') return html(429, messagePage(ctx, w.checkMail, w.rateLimited, 'error'));
    if (outcome.status === 'mail-failed') return html(503, messagePage(ctx, w.checkMail, w.mailFailed, 'error'));
    return html(202, messagePage(ctx, w.checkMail, fill(w.checkMailText, { email: values.email!.trim() })));
  } catch (error) {
    if (error instanceof InputError) return html(400, subscribePage(ctx, await enabledEntities(deps), values, error.message));
    throw error;
  }
}

async function subscribeFromApi(deps: WebDeps, request: WebRequest): Promise<WebResponse> {
  if (limited(deps, request)) return json(429, { error: 'too many requests from this client; try again later' }, { 'Retry-After': '600' });
  let input: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(request.body);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    input = parsed as Record<string, unknown>;
  } catch {
    return json(400, { error: 'body: must be a JSON object such as {"email": "you@example.com", "follow": ["company-cloudwalk"]}' });
  }
  const follow = input.follow ?? [];
  if (!Array.isArray(follow) || follow.some((f) => typeof f !== 'string')) return json(400, { error: 'follow: must be an array of watchlist ids or names' });
  if (input.hour !== undefined && typeof input.hour !== 'number') return json(400, { error: 'hour: must be a whole hour from 0 to 23 (Asia/Shanghai)' });
  if (input.alerts !== undefined && typeof input.alerts !== 'boolean') return json(400, { error: 'alerts: must be true or false' });
  const choices: Choices = {
    follows: await resolveOrThrow(deps, follow as string[], 'follow'),
    digestHour: input.hour as number | undefined,
    frequency: input.frequency as Choices['frequency'],
    lang: input.lang as Choices['lang'],
    alerts: input.alerts as boolean | undefined,
  };
  const outcome = await subscribe(deps, typeof input.email === 'string' ? input.email : '', choices);
  if (outcome.status === 'rate-limited') return json(429, { error: 'at most 3 confirmation mails per address per day' });
  if (outcome.status === 'mail-failed') return json(503, { error: 'the confirmation mail could not be sent; try again later' });
  // An active or suppressed address gets the same answer: the API does not tell who subscribed.
  return json(202, { status: 'pending', message: 'a confirmation mail was sent; the subscription starts once its link is confirmed' });
}

async function tokenPage(deps: WebDeps, request: WebRequest, post: boolean, action: 'confirm' | 'unsubscribe' | 'preferences', token: string, ctx: PageContext): Promise<WebResponse> {
  const w = words(ctx.lang);
  const found = await subscriberByToken(deps, token);
  if (!found.ok) {
    // RFC 8058 clients only look at the status; a tampered token changes nothing either way.
    return action === 'unsubscribe' && post && isOneClick(request) ? text(404, 'unknown unsubscribe link\n') : badLink(ctx);
  }
  const s = found.subscriber;
  // Without ?lang the pages of a subscriber speak the language they chose.
  if (!request.query.lang && !formFields(request.body).get('lang') && s.lang) ctx = { ...ctx, lang: s.lang };
  if (action === 'confirm') {
    if (!post) {
      if (s.status === 'active') return html(200, messagePage(ctx, w.confirmed, w.confirmedText, 'notice', preferencesLink(deps, s, ctx)));
      if (s.status !== 'pending') return html(409, messagePage(ctx, w.confirmTitle, w.notConfirmable, 'error'));
      return html(200, oneButtonPage(ctx, w.confirmTitle, fill(w.confirmText, { email: s.email }), w.confirmButton));
    }
    const next = await confirmSubscription(deps, s);
    if (next.status !== 'active') return html(409, messagePage(ctx, w.confirmTitle, w.notConfirmable, 'error'));
    return html(200, messagePage(ctx, w.confirmed, w.confirmedText, 'notice', preferencesLink(deps, next, ctx)));
  }
  if (action === 'unsubscribe') {
    if (!post) return html(200, oneButtonPage(ctx, w.unsubscribeTitle, fill(w.unsubscribeText, { email: s.email }), w.unsubscribeButton));
    await unsubscribe(deps, s);
    if (isOneClick(request)) return text(200, 'unsubscribed\n');
    return html(200, messagePage(ctx, w.unsubscribed, fill(w.unsubscribedText, { email: s.email })));
  }
  if (!post) return html(200, preferencesPage(ctx, await preferencesView(deps, s)));
  const f = formFields(request.body);
  const keep = f.getAll('keep').filter((k) => s.follows.includes(k));
  const add = f.get('add') ?? '';
  const lang = f.get('language');
  try {
    const added = await resolveOrThrow(deps, splitNames(add), w.add);
    const choices: Choices = {
      follows: [...new Set([...keep, ...added])],
      digestHour: parseHour(f.get('hour')),
      frequency: parseFrequency(f.get('frequency')),
      lang: lang === 'en' || lang === 'zh' ? lang : undefined,
      alerts: f.get('alerts') === 'on',
    };
    const next = await updatePreferences(deps, s, choices);
    const shown: PageContext = { ...ctx, lang: (next.lang ?? ctx.lang) as Lang };
    return html(200, preferencesPage(shown, { ...(await preferencesView(deps, next)), saved: true }));
  } catch (error) {
    if (error instanceof InputError) return html(400, preferencesPage(ctx, { ...(await preferencesView(deps, s)), error: error.message, add }));
    throw error;
  }
}

function isOneClick(request: WebRequest): boolean {
  return formFields(request.body).get('List-Unsubscribe') === 'One-Click';
}

function preferencesLink(deps: WebDeps, s: Subscriber, ctx: PageContext): string {
  return `<p><a href="${deps.links.preferences(s)}${ctx.lang === 'en' ? '?lang=en' : ''}">${words(ctx.lang).preferences}</a></p>`;
}

async function preferencesView(deps: WebDeps, s: Subscriber) {
  const entities = new Map((await enabledEntities(deps)).map((e) => [e.id, e]));
  const today = deps.now().getTime();
  const dates = Array.from({ length: 14 }, (_, i) => shanghaiDate(new Date(today - i * DAY_MS)));
  const records = await Promise.all(dates.map((d) => deps.store.outbox.get(s.email, `DIGEST#${d}`)));
  const digests = dates.filter((_, i) => records[i]?.status === 'SENT' || records[i]?.status === 'COMMITTED').map((date) => ({ date, url: deps.links.digest(s, date) }));
  return { subscriber: s, entities, feedXml: deps.links.privateFeed(s, 'xml'), feedJson: deps.links.privateFeed(s, 'json'), digests };
}

/** "View in browser": the digest exactly as it was mailed, its inline chart turned into a data: image. */
async function digestView(deps: WebDeps, ctx: PageContext, token: string, date: string): Promise<WebResponse> {
  const found = await subscriberByToken(deps, token);
  if (!found.ok) return badLink(ctx);
  const record = await deps.store.outbox.get(found.subscriber.email, `DIGEST#${date}`);
  if (!record || (record.status !== 'SENT' && record.status !== 'COMMITTED')) return notFound(ctx);
  let body = record.html;
  for (const a of record.attachments ?? []) body = body.split(`cid:${a.cid}`).join(`data:${a.contentType};base64,${a.contentBase64}`);
  return { ...html(200, body), headers: { ...html(200, '').headers, 'Content-Security-Policy': DIGEST_CSP } };
}

async function entity(deps: WebDeps, ctx: PageContext, id: string): Promise<WebResponse> {
  const e = await deps.store.watchlist.get(id);
  if (!e || !e.enabled) return notFound(ctx);
  const since = new Date(deps.now().getTime() - TREND_DAYS * DAY_MS).toISOString();
  const records = await deps.store.mentions.listForEntity(id, { since });
  const feeds = { atom: deps.links.entityFeed(id, 'xml'), rss: `${deps.links.base}/feeds/${encodeURIComponent(id)}.rss`, json: deps.links.entityFeed(id, 'json') };
  return html(200, entityPage(ctx, { entity: e, records, now: deps.now(), feeds }));
}

async function recordsFor(deps: WebDeps, entities: Entity[], days: number): Promise<MentionRecord[]> {
  const since = new Date(deps.now().getTime() - days * DAY_MS).toISOString();
  const lists = await Promise.all(entities.map((e) => deps.store.mentions.listForEntity(e.id, { since, limit: 50 })));
  return lists.flat().sort((a, b) => b.firstSeenAt.localeCompare(a.firstSeenAt));
}

async function entityFeed(deps: WebDeps, request: WebRequest, ctx: PageContext, id: string, kind: FeedKind): Promise<WebResponse> {
  const e = await deps.store.watchlist.get(id);
  if (!e || !e.enabled) return notFound(ctx);
  const records = await deps.store.mentions.listForEntity(id, { limit: 50 });
  const self = `${deps.links.base}/feeds/${encodeURIComponent(id)}.${kind === 'atom' ? 'xml' : kind}`;
  return feedResponse(request, { title: `gzwatch · ${e.name}`, description: `${e.name}: mentions in Guangzhou news and policy sources`, home: deps.links.entity(id), self, records }, kind);
}

async function groupFeed(deps: WebDeps, request: WebRequest, ctx: PageContext, by: 'kind' | 'tag', value: string, kind: FeedKind): Promise<WebResponse> {
  const all = await enabledEntities(deps);
  const members = by === 'kind' ? (ENTITY_KINDS.includes(value as Entity['kind']) ? all.filter((e) => e.kind === value) : []) : all.filter((e) => e.tags.includes(value));
  if (!members.length) return notFound(ctx);
  const records = await recordsFor(deps, members, 30);
  const self = `${deps.links.base}/feeds/${by}/${encodeURIComponent(value)}.${kind === 'atom' ? 'xml' : kind}`;
  return feedResponse(request, { title: `gzwatch · ${value}`, description: `Mentions of the ${by} ${value}`, home: `${deps.links.base}/entities`, self, records }, kind);
}

/** A subscriber's own feed: the mentions their digest would carry, last 30 days. */
async function privateFeed(deps: WebDeps, request: WebRequest, ctx: PageContext, token: string, kind: FeedKind): Promise<WebResponse> {
  const found = await subscriberByToken(deps, token);
  if (!found.ok || found.subscriber.status !== 'active') return badLink(ctx);
  const s = found.subscriber;
  const followed = (await enabledEntities(deps)).filter((e) => followsEntity(s, e));
  const records = await recordsFor(deps, followed, 30);
  return feedResponse(request, { title: 'gzwatch · my digest', description: `Digest items for ${s.email}`, home: deps.links.preferences(s), self: deps.links.privateFeed(s, kind === 'json' ? 'json' : 'xml'), records, private: true }, kind);
}
