/** The ports the use-cases need; adapters implement them (HTTP, DynamoDB, mail). */
import type { Channel, ChannelDeliveryState } from './channels/channel';
import type { DigestMessage } from './digest-message';
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
  /**
   * The same read, with each known article's stored HTTP validators: a re-check of known policy
   * documents needs nothing more unless the page changed, so it costs no read of its own.
   */
  knownWithValidators(urls: string[]): Promise<Map<string, { etag?: string; lastModified?: string } | undefined>>;
  /** Stores a new article; false when it was already there (first writer wins). */
  putIfNew(article: StoredArticle): Promise<boolean>;
  /**
   * Stores a new article as pending: it counts as known only once `markDone` says its mention and
   * alert records are durable. An article a stopped run left pending comes back as `resumed`, as
   * it was stored (same first-seen time, same mentions), so the next run finishes it.
   */
  putPending(article: StoredArticle): Promise<{ status: 'new' | 'resumed' | 'known'; article: StoredArticle }>;
  markDone(ids: string[]): Promise<void>;
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
  recordSuccess(sourceId: string, sourceName: string, at: string, warning?: string): Promise<{ health: SourceHealth; previousFailures: number }>;
  recordFailure(sourceId: string, sourceName: string, at: string, failureClass: FailureClass, error: string): Promise<SourceHealth>;
  list(): Promise<SourceHealth[]>;
  /** Drops a source's health record; false when there was none. */
  forget(sourceId: string): Promise<boolean>;
}

/** A source as the store keeps it: its definition, whether it runs, and whether gzwatch ships it. */
export interface StoredSource {
  definition: SourceDefinition;
  enabled: boolean;
  builtIn: boolean;
  updatedAt: string;
}

/** HTTP validators of list pages, for conditional GETs of the next run. */
export interface ListValidatorRepository {
  get(url: string): Promise<{ etag?: string; lastModified?: string } | undefined>;
  put(url: string, validators: { etag?: string; lastModified?: string }): Promise<void>;
  /** The validators of many list URLs in batched reads (a run's sources at once). */
  getMany(urls: string[]): Promise<Map<string, { etag?: string; lastModified?: string }>>;
  /** Stores many in batched writes. */
  putMany(entries: [string, { etag?: string; lastModified?: string }][]): Promise<void>;
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

export type SubscriberSettings = Partial<Pick<Subscriber, 'digestHour' | 'lang' | 'frequency' | 'sendEmpty' | 'name'>>;

export interface SubscriberRepository {
  list(): Promise<Subscriber[]>;
  get(email: string): Promise<Subscriber | undefined>;
  /** False when the address is already subscribed. */
  add(subscriber: Subscriber): Promise<boolean>;
  remove(email: string): Promise<boolean>;
  /** Writes the whole record, created or replaced (status changes, preferences). */
  put(subscriber: Subscriber): Promise<void>;
  /**
   * Replaces what a subscriber follows; false when the address is not subscribed. `followsAll`
   * false with an empty list means nothing (absent: an empty list means everything, as before).
   */
  setFollows(email: string, follows: string[], followsAll?: boolean): Promise<boolean>;
  /** Changes settings in place (hour, language, frequency, send-empty, name); false when not subscribed. */
  update(email: string, changes: SubscriberSettings): Promise<boolean>;
  /**
   * Moves the subscriber's digest cursor forward (never back), with the ids of the articles the
   * digest considered in the overlap before the cursor (DIGEST_OVERLAP_MS), so the next digest,
   * which reads from a little before the cursor, skips exactly those. `deliveredOn` (a Shanghai
   * date) is given when a digest of that date reached the reader, not when there was nothing to
   * report: the hourly planner leaves out only readers already served today.
   */
  setDigestCursor(email: string, cursor: string, considered?: string[], deliveredOn?: string): Promise<void>;
  getDigestCursor(email: string): Promise<string | undefined>;
  getDigestConsidered(email: string): Promise<string[]>;
  /**
   * Many subscribers' cursors at once (batched reads), keyed by lower-cased address: what the
   * digest planner groups readers by. Addresses without a cursor are absent from the map.
   */
  getDigestCursors(emails: string[]): Promise<Map<string, DigestCursorState>>;
}

/** Where a subscriber's next digest starts, and the overlap articles it must skip. */
export interface DigestCursorState {
  cursor: string;
  considered: string[];
  /** The date of the last digest that reached the reader (absent before any). */
  deliveredOn?: string;
}

/**
 * PENDING → SENDING (claimed, with a lease) → COMMITTED (the server accepted the sender and every
 * recipient and is about to receive the end of the message: from here on it counts as delivered)
 * → SENT. A temporary failure goes back to PENDING (retried by the next run); a permanent refusal
 * ends in FAILED with its reason in `lastError`, never retried.
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
  /** For digests: ids of the articles in the window's last minutes (see setDigestCursor). */
  considered?: string[];
  /** Articles in the digest, for the CLI's summary. */
  itemCount?: number;
  /** Chat channels only: the platform's JSON body for this part, unsigned (signing happens at send time). */
  chatBody?: string;
  attempts: number;
  leaseUntil?: string;
  claimToken?: string;
  /** Who holds the claim, "<host>:<pid>", so a run on the same machine can tell a dead holder. */
  claimedBy?: string;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
  /** When the record became FAILED (a permanent refusal). */
  failedAt?: string;
}

export interface OutboxRepository {
  get(recipient: string, key: string): Promise<OutboxRecord | undefined>;
  /** The record with its message (subject, HTML, text) even when SENT: "view in browser" shows it. */
  getWithMessage(recipient: string, key: string): Promise<OutboxRecord | undefined>;
  /**
   * Creates a PENDING record; false when one already exists. The stored record is bounded by
   * construction: the subject is capped, the Message-ID derived from (recipient, key), and a
   * message too large for one DynamoDB item is trimmed with a note saying so.
   */
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
  /** SENDING → PENDING with the error: a temporary failure, for the next run to retry. */
  release(recipient: string, key: string, claimToken: string, error: string): Promise<void>;
  /** SENDING → FAILED with the reason: refused permanently, never sent again. */
  fail(recipient: string, key: string, claimToken: string, error: string, at: string): Promise<void>;
  /** Keeps a COMMITTED record COMMITTED but notes why delivery is unconfirmed (no answer after the final dot). */
  noteUnconfirmed(recipient: string, key: string, claimToken: string, error: string): Promise<void>;
  /** Records of a recipient not yet SENT (PENDING, SENDING with any lease, COMMITTED, FAILED). */
  listUnsent(recipient: string): Promise<OutboxRecord[]>;
  /**
   * Keys of a recipient's records that may still need sending, from one small item (no partition
   * read, no bodies): every record created and not yet SENT or FAILED. It may hold a key that a
   * crash left behind after its record was delivered; `forgetUnsent` removes it once seen.
   */
  unsentKeys(recipient: string): Promise<string[]>;
  forgetUnsent(recipient: string, key: string): Promise<void>;
  /** A recipient's FAILED records (permanent refusals), oldest key first, each with `lastError` and `failedAt`. */
  listFailed(recipient: string): Promise<OutboxRecord[]>;
}

export interface Store {
  watchlist: WatchlistRepository;
  articles: ArticleRepository;
  mentions: MentionRepository;
  sources: SourceHealthRepository;
  catalogue: SourceCatalogueRepository;
  listValidators: ListValidatorRepository;
  subscribers: SubscriberRepository;
  outbox: OutboxRepository;
  channels: ChannelRepository;
}

export interface ChannelRepository {
  list(): Promise<Channel[]>;
  get(id: string): Promise<Channel | undefined>;
  /** False when a channel with this id exists. */
  add(channel: Channel): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Records the latest delivery outcome and the send times inside the rate window. */
  recordDelivery(id: string, state: ChannelDeliveryState, recentSends: string[]): Promise<void>;
}

// ---- chat port ----
/**
 * How a post ended. `retry`: not delivered but may be later (rate limited, platform down): the part
 * stays PENDING. `failed`: refused for good (bad signature, unknown robot, blocked address).
 */
export type ChatSendResult = { status: 'sent' } | { status: 'retry'; reason: string; retryAfterMs?: number } | { status: 'failed'; reason: string };

/** Posts one rendered part to a channel, signing it as its platform requires. Never throws for the platform's answers. */
export interface ChatSender {
  /** `hooks.commit` is called once the body is written, just before the request ends (as for mail). */
  send(channel: Channel, body: string, hooks?: SendHooks): Promise<ChatSendResult>;
  close?(): Promise<void>;
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
   * Called once the server has accepted the sender and every recipient and the message is about to
   * become final (for SMTP: after MAIL FROM, RCPT TO and DATA were accepted and the message body
   * written, just before the end-of-data dot). Recording the delivery here means a crash can no
   * longer cause a resend; a refusal before this point leaves nothing recorded as delivered.
   */
  commit?(): Promise<void>;
}

/** Sends one message. A failure is thrown as a MailFailure (core/mail-failure.ts) saying whether it is temporary, permanent or ambiguous. */
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

/**
 * The digest fan-out (an asynchronous invocation of the digest worker per message on AWS): one
 * message per group of readers who share a render. Resolves with the count handed over; rejects
 * when any message could not be handed over, after the others were.
 */
export interface DigestFanOut {
  dispatch(messages: DigestMessage[]): Promise<number>;
}
