/** What anyone may read: entity pages and feeds (public), and a subscriber's private feed. */
import { follows as followsEntity } from '../digest/follows';
import type { MentionRecord } from '../ports';
import { ENTITY_KINDS, type Entity } from '../types';
import { subscriberByToken } from '../use-cases/subscriptions';
import { entityPage, TREND_DAYS } from './entity-pages';
import { feedResponse, type FeedKind } from './feeds';
import { html, type WebRequest, type WebResponse } from './http';
import { type PageContext } from './subscription-pages';
import { badLink, DAY_MS, enabledEntities, notFound, type WebDeps } from './web-deps';

export const FEED_EXT: Record<string, FeedKind> = { xml: 'atom', atom: 'atom', rss: 'rss', json: 'json' };

export async function entity(deps: WebDeps, ctx: PageContext, id: string): Promise<WebResponse> {
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

export async function entityFeed(deps: WebDeps, request: WebRequest, ctx: PageContext, id: string, kind: FeedKind): Promise<WebResponse> {
  const e = await deps.store.watchlist.get(id);
  if (!e || !e.enabled) return notFound(ctx);
  const records = await deps.store.mentions.listForEntity(id, { limit: 50 });
  const self = `${deps.links.base}/feeds/${encodeURIComponent(id)}.${kind === 'atom' ? 'xml' : kind}`;
  return feedResponse(request, { title: `gzwatch · ${e.name}`, description: `${e.name}: mentions in Guangzhou news and policy sources`, home: deps.links.entity(id), self, records }, kind);
}

export async function groupFeed(deps: WebDeps, request: WebRequest, ctx: PageContext, by: 'kind' | 'tag', value: string, kind: FeedKind): Promise<WebResponse> {
  const all = await enabledEntities(deps);
  const members = by === 'kind' ? (ENTITY_KINDS.includes(value as Entity['kind']) ? all.filter((e) => e.kind === value) : []) : all.filter((e) => e.tags.includes(value));
  if (!members.length) return notFound(ctx);
  const records = await recordsFor(deps, members, 30);
  const self = `${deps.links.base}/feeds/${by}/${encodeURIComponent(value)}.${kind === 'atom' ? 'xml' : kind}`;
  return feedResponse(request, { title: `gzwatch · ${value}`, description: `Mentions of the ${by} ${value}`, home: `${deps.links.base}/entities`, self, records }, kind);
}

/** A subscriber's own feed: the mentions their digest would carry, last 30 days. */
export async function privateFeed(deps: WebDeps, request: WebRequest, ctx: PageContext, token: string, kind: FeedKind): Promise<WebResponse> {
  const found = await subscriberByToken(deps, token);
  if (!found.ok || found.subscriber.status !== 'active') return badLink(ctx);
  const s = found.subscriber;
  const followed = (await enabledEntities(deps)).filter((e) => followsEntity(s, e));
  const records = await recordsFor(deps, followed, 30);
  return feedResponse(request, { title: 'gzwatch · my digest', description: `Digest items for ${s.email}`, home: deps.links.preferences(s), self: deps.links.privateFeed(s, kind === 'json' ? 'json' : 'xml'), records, private: true }, kind);
}

