/** The shared vocabulary of gzwatch: plain data that moves between core, adapters and shells. */

export type EntityKind = 'company' | 'institution' | 'person' | 'policy';
export const ENTITY_KINDS: readonly EntityKind[] = ['company', 'institution', 'person', 'policy'];

/** A tracked name on the watchlist. */
export interface Entity {
  id: string;
  kind: EntityKind;
  /** Canonical name, as users see it. */
  name: string;
  /** Other spellings: Simplified, Traditional, English, short forms. The name itself always matches too. */
  aliases: string[];
  /** Terms or other entity ids of which one must occur nearby for a mention to count. Empty: no condition. */
  context: string[];
  /** Phrases that contain an alias but are not mentions of the entity (关注微信公众号). */
  exclude: string[];
  tags: string[];
  enabled: boolean;
}

export type MentionField = 'title' | 'body';

/** One place where an entity is named in a document. Offsets index the original (un-normalised) string. */
export interface Mention {
  entityId: string;
  name: string;
  kind: EntityKind;
  /** The matched text as it stands in the original. */
  text: string;
  start: number;
  end: number;
  field: MentionField;
  /** About 40 characters either side of the mention, from the original text. */
  snippet: string;
  /** 1-based input line, only for `gzwatch match --lines`. */
  line?: number;
}

export type SourceKind = 'news' | 'policy';

/** How to find article links on an HTML list page (CSS selectors, relative to `item`). */
export interface HtmlListSpec {
  item: string;
  link: string;
  title?: string;
  date?: string;
}

/** Where the parts of an article page are (CSS selectors). Anything missing falls back to the generic extractor. */
export interface ArticleSelectors {
  title?: string;
  date?: string;
  body?: string;
  /** Elements to drop from the body before reading its text (share bars, editors' lines). */
  remove?: string[];
}

/** A JSON list API: where the items are and which fields hold what. Paths are dot-separated. */
export interface JsonListSpec {
  items: string;
  url: string;
  title: string;
  date?: string;
  summary?: string;
  /** Item fields copied into ListedItem.meta (文号, 索引号, status flags...). */
  meta?: Record<string, string>;
}

/**
 * A source is data: where to list, how to read the list, how to read an article.
 * `html`: list pages parsed with `list` selectors, or every same-site link passing `match`.
 * `rss`: an RSS or Atom feed. `json`: a JSON list API described by `json`.
 * `gkmlpt`: the Guangdong government information catalogue API.
 */
export interface SourceDefinition {
  id: string;
  name: string;
  kind: SourceKind;
  type: 'html' | 'rss' | 'json' | 'gkmlpt';
  /** Entry points: list pages, feeds or API URLs. */
  urls: string[];
  list?: HtmlListSpec;
  /** Regular expression (as text) that article URLs must match. */
  match?: string;
  article?: ArticleSelectors;
  json?: JsonListSpec;
  /** Free text for people: encoding quirks, anti-bot notes. The fetcher sniffs the real charset. */
  notes?: string;
  /** Upper bound of new articles fetched per run (politeness). */
  maxArticles?: number;
  /** Extra request headers some APIs insist on. */
  headers?: Record<string, string>;
  /** Minutes between collections; default 30 for policy sources, 60 for news. */
  intervalMinutes?: number;
}

/** An item found on a list page, feed or API, before its article page is read. */
export interface ListedItem {
  url: string;
  title?: string;
  /** ISO 8601 UTC. */
  publishedAt?: string;
  summary?: string;
  /** Set when the list itself carries the full text (some feeds and APIs). */
  body?: string;
  meta?: Record<string, string>;
}

/** An article as extracted from its page: the `gzwatch extract` contract. */
export interface ExtractedArticle {
  url: string;
  title: string;
  /** ISO 8601 UTC, or null when no date could be found. */
  publishedAt: string | null;
  /** Plain text, paragraphs separated by "\n". */
  body: string;
  /** Id of the source it came from, or the site name for ad-hoc extraction. */
  source: string;
  meta?: Record<string, string>;
  /** HTTP validators of the page as fetched, for the next conditional GET. */
  validators?: { etag?: string; lastModified?: string };
}

/** What the store keeps of an article. */
export interface StoredArticle extends ExtractedArticle {
  id: string;
  sourceName: string;
  sourceKind: SourceKind;
  /** When gzwatch first saw it (ISO 8601 UTC); digests cover articles by this time. */
  firstSeenAt: string;
  mentions: Mention[];
  /** Policy documents: hash of the normalised title, status, metadata and text (policy-diff.ts). */
  snapshotHash?: string;
  /** When a re-check last found the document changed. */
  revisedAt?: string;
}

/** Failure classes recorded per source; one typed error each (see errors.ts). */
export type FailureClass =
  | 'timeout'
  | 'too-large'
  | 'blocked'
  | 'robots'
  | 'http'
  | 'network'
  | 'undecodable'
  | 'no-items'
  | 'extraction'
  | 'budget';

export interface SourceRunResult {
  sourceId: string;
  sourceName: string;
  ok: boolean;
  listed: number;
  newArticles: number;
  mentions: number;
  /** Policy documents found changed on a re-check. */
  revised?: number;
  /** Policy alerts sent at the end of this source's run. */
  alertsSent?: number;
  durationMs: number;
  failureClass?: FailureClass;
  error?: string;
}

export interface SourceHealth {
  sourceId: string;
  sourceName: string;
  lastRunAt?: string;
  lastSuccessAt?: string;
  consecutiveFailures: number;
  failureClass?: FailureClass;
  lastError?: string;
}

export interface Subscriber {
  email: string;
  name?: string;
  /** Entity ids, kinds or tags followed; empty means everything. */
  follows: string[];
  digestHour: number;
  /**
   * pending: asked to subscribe, not yet confirmed (gets nothing but the confirmation mail).
   * unsubscribed, bounced, complained: suppressed, kept so they are not re-added without a new opt-in.
   */
  status: SubscriberStatus;
  /** ≥ 128 random bits; every link in their mail carries it (core/web/link-token.ts). */
  unsubscribeToken: string;
  sendEmpty: boolean;
  createdAt: string;
  /** Digest cadence; absent means daily. */
  frequency?: 'daily' | 'weekly';
  /** Language of pages and mail; absent means Chinese. */
  lang?: 'zh' | 'en';
  /** Instant policy alerts; absent means on. */
  alerts?: boolean;
  /** When the latest confirmation mail was asked for; a pending record is forgotten a week later. */
  invitedAt?: string;
  confirmedAt?: string;
  /** Why and when an address stopped receiving mail (unsubscribe link, permanent bounce, complaint). */
  suppressedAt?: string;
  suppressedReason?: string;
}

export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'bounced' | 'complained';
