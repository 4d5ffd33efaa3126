/** The ports the use-cases need; adapters implement them (HTTP, DynamoDB, mail). */
import type { Entity, Mention, SourceDefinition, SourceHealth, StoredArticle, Subscriber, FailureClass } from './types';

export interface FetchOptions {
  headers?: Record<string, string>;
  /** Validators from an earlier fetch of the same URL, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /** Epoch ms after which the source's time budget is spent: no new request starts after it. */
  deadline?: number;
}

export interface FetchedPage {
  requestedUrl: string;
  /** The URL after redirects. */
  url: string;
  status: number;
  /** True on 304 Not Modified: body and text are empty. */
  notModified: boolean;
  contentType: string;
  /** The charset the body was decoded with (gb2312/gbk are read as gb18030). */
  charset: string;
  body: Buffer;
  /** The body decoded to text. */
  text: string;
  etag?: string;
  lastModified?: string;
}

/** Fetches one URL politely; throws SourceFailure with the right failure class. */
export interface Fetcher {
  get(url: string, options?: FetchOptions): Promise<FetchedPage>;
}

// ---- storage ports (DynamoDB repositories implement them) ----

export interface WatchlistRepository {
  list(): Promise<Entity[]>;
  get(id: string): Promise<Entity | undefined>;
  /** Writes all entities; with `replace`, removes those not in the list. */
  putMany(entities: Entity[]): Promise<void>;
  remove(id: string): Promise<boolean>;
  /** True once the default watchlist has been seeded (so an emptied list is not re-seeded). */
  isSeeded(): Promise<boolean>;
  markSeeded(at: string): Promise<void>;
}

export interface ArticleRepository {
  isKnown(url: string): Promise<boolean>;
  /** The subset of `urls` already stored: one batched read instead of one per URL. */
  knownAmong(urls: string[]): Promise<Set<string>>;
  /** Stores a new article; false when it was already there (first writer wins). */
  putIfNew(article: StoredArticle): Promise<boolean>;
  /** Articles first seen in [from, to), oldest first. */
  listFirstSeenBetween(from: string, to: string): Promise<StoredArticle[]>;
  /** Only when and what: the mentions of articles first seen in [from, to), without their bodies. */
  listMentionsSeenBetween(from: string, to: string): Promise<{ firstSeenAt: string; publishedAt: string | null; mentions: Mention[] }[]>;
  get(id: string): Promise<StoredArticle | undefined>;
  /**
   * Replaces a policy document's content after a re-check found it changed. Only succeeds when the
   * stored version is still `previousHash`, so two collectors never both report the same change.
   */
  revise(article: StoredArticle, previousHash: string | undefined): Promise<boolean>;
  /** Records new HTTP validators for an unchanged document. */
  setValidators(id: string, validators: { etag?: string; lastModified?: string }): Promise<void>;
}

export interface MentionRecord {
  entityId: string;
  articleId: string;
  firstSeenAt: string;
  url: string;
  title: string;
  source: string;
  publishedAt: string | null;
  mentions: Mention[];
}

export interface MentionRepository {
  /** Writes the per-entity mention records of these articles, batched 25 to a request. */
  putForArticles(articles: StoredArticle[]): Promise<void>;
  listForEntity(entityId: string, options?: { since?: string; limit?: number }): Promise<MentionRecord[]>;
}

export interface SourceHealthRepository {
  /** Resets the failure count; returns the health and how many failures in a row came before. */
  recordSuccess(sourceId: string, sourceName: string, at: string): Promise<{ health: SourceHealth; previousFailures: number }>;
  recordFailure(sourceId: string, sourceName: string, at: string, failureClass: FailureClass, error: string): Promise<SourceHealth>;
  list(): Promise<SourceHealth[]>;
}

/** A source as the store keeps it: its definition, whether it runs, and whether gzwatch ships it. */
export interface StoredSource {
  definition: SourceDefinition;
  enabled: boolean;
  builtIn: boolean;
  updatedAt: string;
}

export interface SourceCatalogueRepository {
  list(): Promise<StoredSource[]>;
  get(id: string): Promise<StoredSource | undefined>;
  putMany(sources: StoredSource[]): Promise<void>;
  remove(id: string): Promise<boolean>;
  /** False when there is no such source. */
  setEnabled(id: string, enabled: boolean): Promise<boolean>;
  /** True once the built-in sources have been seeded (so removed ones are not re-added). */
  isSeeded(): Promise<boolean>;
  markSeeded(at: string): Promise<void>;
}

export interface SubscriberRepository {
  list(): Promise<Subscriber[]>;
  get(email: string): Promise<Subscriber | undefined>;
  /** False when the address is already subscribed. */
  add(subscriber: Subscriber): Promise<boolean>;
  remove(email: string): Promise<boolean>;
  /** Writes the whole record, created or replaced (status changes, preferences). */
  put(subscriber: Subscriber): Promise<void>;
  /** Replaces what a subscriber follows; false when the address is not subscribed. */
  setFollows(email: string, follows: string[]): Promise<boolean>;
  setDigestCursor(email: string, cursor: string): Promise<void>;
  getDigestCursor(email: string): Promise<string | undefined>;
}

/**
 * PENDING → SENDING (claimed, with a lease) → COMMITTED (the mail server is about to take the
 * message: from here on it counts as delivered) → SENT. A failed send goes back to PENDING.
 */
export type OutboxStatus = 'PENDING' | 'SENDING' | 'COMMITTED' | 'SENT' | 'FAILED';

export interface OutboxRecord {
  recipient: string;
  /** DIGEST#<date> or ALERT#<id>. */
  key: string;
  status: OutboxStatus;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  messageId: string;
  /** Inline images (the trend chart), referenced from the HTML as cid:<cid>. */
  attachments?: MailAttachment[];
  /** For digests: the end of the window it covers, the subscriber's next cursor. */
  windowTo?: string;
  /** Articles in the digest, for the CLI's summary. */
  itemCount?: number;
  attempts: number;
  leaseUntil?: string;
  claimToken?: string;
  /** Who holds the claim, "<host>:<pid>", so a run on the same machine can tell a dead holder. */
  claimedBy?: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

export interface OutboxRepository {
  get(recipient: string, key: string): Promise<OutboxRecord | undefined>;
  /** Creates a PENDING record; false when one already exists. */
  createIfAbsent(record: OutboxRecord): Promise<boolean>;
  /** PENDING, or SENDING with an expired lease → SENDING with a new lease; undefined when not claimable. */
  claim(recipient: string, key: string, now: string, leaseUntil: string, claimToken: string, claimedBy?: string): Promise<OutboxRecord | undefined>;
  /** Takes a SENDING claim over from a holder known to be dead (same token as read). */
  takeOver(recipient: string, key: string, deadToken: string, leaseUntil: string, claimToken: string, claimedBy?: string): Promise<OutboxRecord | undefined>;
  /** SENDING → COMMITTED, just before the mail server receives the end of the message. */
  commit(recipient: string, key: string, claimToken: string): Promise<void>;
  /** COMMITTED → SENDING again, when the server refused the message after all. */
  uncommit(recipient: string, key: string, claimToken: string): Promise<void>;
  markSent(recipient: string, key: string, claimToken: string, at: string): Promise<void>;
  release(recipient: string, key: string, claimToken: string, error: string): Promise<void>;
  /** Records of a recipient not yet SENT (PENDING, or SENDING with any lease). */
  listUnsent(recipient: string): Promise<OutboxRecord[]>;
}

export interface Store {
  watchlist: WatchlistRepository;
  articles: ArticleRepository;
  mentions: MentionRepository;
  sources: SourceHealthRepository;
  catalogue: SourceCatalogueRepository;
  subscribers: SubscriberRepository;
  outbox: OutboxRepository;
}

// ---- mail port ----
export interface MailAttachment {
  filename: string;
  cid: string;
  contentType: string;
  contentBase64: string;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  messageId?: string;
  attachments?: MailAttachment[];
}

export interface SentMail {
  messageId: string;
  /** Where a file outbox wrote the message and its HTML preview. */
  emlPath?: string;
  previewPath?: string;
}

export interface SendHooks {
  /**
   * Called once the whole message has been handed over but before it is final (for SMTP: before
   * the end-of-data dot). Recording the delivery here means a crash can no longer cause a resend.
   */
  commit?(): Promise<void>;
}

export interface Mailer {
  readonly description: string;
  send(mail: OutgoingMail, hooks?: SendHooks): Promise<SentMail>;
  close?(): Promise<void>;
}

// ---- time, logs, metrics ----
export interface Clock {
  now(): Date;
}

/** Structured logs: JSON lines with a level on AWS, readable progress lines in the CLI. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Counters for alarms (CloudWatch EMF on AWS; nothing locally). */
export interface Metrics {
  count(values: Record<string, number>, fields?: Record<string, unknown>): void;
}

/** Where a schedule hands sources to collectors (SQS on AWS). */
export interface SourceQueue {
  enqueue(sourceIds: string[]): Promise<number>;
}
