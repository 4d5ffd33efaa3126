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
  /**
   * Names that count only once confirmed: by a context term nearby, by another of the entity's
   * names, or by the entity (or an entity named in `context`) counting elsewhere in the document.
   * When this field is present the name and `aliases` are strong (count on their own); when it is
   * absent, an entity with `context` treats every name that holds no other of its names as weak.
   */
  weak?: string[];
  /** Which of the names above match only in exactly this letter case (acronyms: SYSU, not sysu). */
  caseSensitive?: string[];
  /** Terms that, in the same clause as a name, mean another sense of it (电话 next to 机器人). */
  negative?: string[];
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
  /**
   * Why the words count, Chinese first: 强名称 (strong alias), 上下文「X」 (context term X),
   * 文中已确认 (confirmed elsewhere in the document). Absent on mentions stored before it existed.
   */
  reason?: string;
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

/**
 * A JSON list API: where the items are and which fields hold what. Paths are dot-separated
 * (`data.list`, `groupData.0.data.title`); "" is the document itself.
 */
export interface JsonListSpec {
  items: string;
  /** Path of the article URL, or a template naming item fields: `http://pc.nfapp.southcn.com/{columnId}/{articleId}.html`. */
  url: string;
  title: string;
  date?: string;
  summary?: string;
  /** Path of the full text (HTML or plain), when the API carries it (WordPress `content.rendered`). */
  body?: string;
  /** Keep only items whose field equals the value: `{ articleType: 0 }` drops 专题 and link-outs. */
  where?: Record<string, string | number | boolean>;
  /** Item fields copied into ListedItem.meta (文号, 索引号, status flags...). */
  meta?: Record<string, string>;
}

/**
 * Page 2, 3… of a list, read only while every item of the page before was new (a busy day).
 * `url` is a template resolved against the entry URL, `{n}` the page number: `index_{n}.html`,
 * or `param` names the query parameter to set. `first` is the number page 2 carries (2 on gz.gov.cn, 1 on gzns,
 * whose page 2 is index_1.html). `maxPages` counts page 1.
 */
export interface NextPageSpec {
  url?: string;
  /** Instead of `url`: the query parameter holding the page number (`page`, `pageNum`). */
  param?: string;
  first?: number;
  maxPages: number;
}

interface SourceBase {
  id: string;
  name: string;
  kind: SourceKind;
  /** Entry points: list pages, feeds or API URLs. */
  urls: string[];
  /** Regular expression (as text) that article URLs must match. */
  match?: string;
  article?: ArticleSelectors;
  /** Free text for people: encoding quirks, anti-bot notes. The fetcher sniffs the real charset. */
  notes?: string;
  /** What the definition was checked against (RSSHub route, another public scraper, a capture). */
  reference?: string;
  /** Upper bound of new articles fetched per run (politeness). */
  maxArticles?: number;
  /** Request headers the site insists on (Referer, a browser User-Agent); sent with every request of this source. */
  headers?: Record<string, string>;
  /** Minutes between collections; default 30 for policy sources, 60 for news. */
  intervalMinutes?: number;
  nextPage?: NextPageSpec;
}

/** List pages parsed with `list` selectors, or every same-site link passing `match`. */
export interface HtmlSourceDefinition extends SourceBase {
  type: 'html';
  list?: HtmlListSpec;
}

/** An RSS or Atom feed. */
export interface RssSourceDefinition extends SourceBase {
  type: 'rss';
  /**
   * An RSSHub route (`/gov/gz/zwgk/zcjd`) instead of a feed URL: `urls` stays empty in the
   * definition and is computed at collection time against the configured RSSHub instance.
   */
  rsshub?: string;
}

/** A JSON list API: the spec is required, so such a source cannot exist without it. */
export interface JsonSourceDefinition extends SourceBase {
  type: 'json';
  json: JsonListSpec;
}

/**
 * Guangdong's government information catalogue. An entry URL is either the API
 * (`/gkmlpt/api/all/<cat>?page=1&sid=<sid>`) or the catalogue page (`/gkmlpt/index`), whose
 * `window._CONFIG.SID` names the API to read (department sites have their own SIDs).
 */
export interface GkmlptSourceDefinition extends SourceBase {
  type: 'gkmlpt';
}

/** A source is data: where to list, how to read the list, how to read an article. */
export type SourceDefinition = HtmlSourceDefinition | RssSourceDefinition | JsonSourceDefinition | GkmlptSourceDefinition;
export type SourceType = SourceDefinition['type'];
export const SOURCE_TYPES: readonly SourceType[] = ['html', 'rss', 'json', 'gkmlpt'];

/** Something a reader of source health should know although the run succeeded. */
export interface SourceWarning {
  /** `layout-changed`: the list selector found nothing, links passing `match` were taken instead. */
  kind: 'layout-changed';
  message: string;
  url: string;
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
  /** Documents linked from the text (PDF, DOC, WPS, OFD…): kept out of change detection. */
  attachments?: { name: string; url: string }[];
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
  /**
   * Backfill, not news: published more than 72 hours before gzwatch first saw it, or undated and
   * found on its source's first successful run. Stored, matched and counted in mentions and
   * trends, but never alerted and never a digest item.
   */
  backfill?: boolean;
  /** Set when the run that found (or revised) it queued policy alerts for its followers. */
  alerted?: boolean;
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
  /** Alert messages of the run that carried a document of this source. */
  alertsSent?: number;
  /** New documents that were backfill (older than 72 hours when first seen): stored, not news. */
  backfill?: number;
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
  /** The last run succeeded but a person should look (e.g. layout-changed: links found without the list selector). */
  warning?: string;
}

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export type DigestFrequency = 'daily' | 'weekly';

export interface Subscriber {
  email: string;
  name?: string;
  /**
   * Entity ids, kinds or tags followed. An empty list means everything unless `followsAll` is
   * false (stored subscribers from before the field have no `followsAll`: empty still means all).
   */
  follows: string[];
  /** false: follows exactly `follows` (possibly nothing); true or absent with an empty list: everything. */
  followsAll?: boolean;
  /** Language of digests and alerts; absent means zh-CN. */
  lang?: Lang;
  /** daily (default) or weekly (Monday at digestHour, Asia/Shanghai, covering the week). */
  frequency?: DigestFrequency;
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
