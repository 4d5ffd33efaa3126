import type { Subscriber } from '../types';
import { linkToken } from './link-token';

export type FeedFormat = 'xml' | 'json';

/**
 * Every link gzwatch puts in mail or pages, under GZWATCH_PUBLIC_URL. One convention for links
 * that change something (confirm, unsubscribe): a GET shows a page with one button, a POST to the
 * same URL does it, so a mail scanner following links changes nothing.
 */
export interface PublicLinks {
  base: string;
  /** The path part of the base, "" or "/prefix", for links inside pages. */
  basePath: string;
  home(): string;
  confirm(s: Subscriber): string;
  unsubscribe(s: Subscriber): string;
  preferences(s: Subscriber): string;
  digest(s: Subscriber, date: string): string;
  privateFeed(s: Subscriber, format: FeedFormat): string;
  entity(id: string): string;
  entityFeed(id: string, format: FeedFormat): string;
}

export function publicLinks(publicUrl: string): PublicLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const basePath = new URL(`${base}/`).pathname.replace(/\/+$/, '');
  const t = (s: Subscriber) => encodeURIComponent(linkToken(s));
  return {
    base,
    basePath,
    home: () => `${base}/`,
    confirm: (s) => `${base}/confirm/${t(s)}`,
    unsubscribe: (s) => `${base}/unsubscribe/${t(s)}`,
    preferences: (s) => `${base}/preferences/${t(s)}`,
    digest: (s, date) => `${base}/digests/${t(s)}/${date}`,
    privateFeed: (s, format) => `${base}/feeds/private/${t(s)}.${format}`,
    entity: (id) => `${base}/entities/${encodeURIComponent(id)}`,
    entityFeed: (id, format) => `${base}/feeds/${encodeURIComponent(id)}.${format}`,
  };
}
