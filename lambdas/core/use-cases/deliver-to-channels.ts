import { createHash, randomUUID } from 'node:crypto';
import { PLATFORM_LIMITS, channelFollows, channelRecipient, type Channel, type ChannelDeliveryState, type ChannelMessage } from '../channels/channel';
import { renderChannelParts } from '../channels/renderers';
import type { ChatSender, ChatSendResult, OutboxRecord, Store } from '../ports';
import { shanghaiDate, shanghaiHour } from '../time';

export interface ChannelDeliveryDeps {
  store: Store;
  sender: ChatSender;
  now(): Date;
  /** Waits between two posts to a robot with a per-second limit. */
  sleep(ms: number): Promise<void>;
  log(line: string): void;
  leaseMs?: number;
  /** As for mail: who claims, and whether a claim's holder on this machine is still alive. */
  holder?: string;
  isHolderAlive?(holder: string): boolean;
}

export interface ChannelBatch {
  /**
   * Names the batch for good, so a rerun finds the parts it already made: ALERTS#<run>,
   * DIGEST#<date>, TEST#<time> (batchKeyFor makes one from the events). Each part's outbox key
   * is <key>#<part>, part numbers from 001.
   */
  key: string;
  /** `digest` goes only to channels with a digest hour, once that hour of `digestDate` has come. */
  kind: 'alerts' | 'digest' | 'test';
  message: ChannelMessage;
  /** The day (Asia/Shanghai) a digest batch is for; default today. */
  digestDate?: string;
  /** Only this channel (`gzwatch channels test`). */
  only?: string;
}

export interface ChannelDeliveryResult {
  channelId: string;
  /** Parts of this batch made for the channel (0 when it follows nothing in it). */
  parts: number;
  sent: number;
  /** Still queued: rate limited, the platform unreachable, or waiting for the rate window. */
  pending: number;
  failed: number;
  /** The latest reason a part stayed pending or failed. */
  error?: string;
}

const WINDOW_MS = 60_000;

/** The digest summary is due once the channel's hour of that day (Asia/Shanghai) has come; a past day is always due. */
export function isChannelDigestDue(channel: Channel, at: Date, date = shanghaiDate(at)): boolean {
  if (channel.digestHour === undefined) return false;
  const today = shanghaiDate(at);
  if (date !== today) return date < today;
  return shanghaiHour(at) >= channel.digestHour;
}

/** Fixed width, so a channel's queue sorts parts in order; 999 parts is far past any batch. */
export function partKey(batchKey: string, index: number): string {
  return `${batchKey}#${String(index).padStart(3, '0')}`;
}

function previousPartKey(key: string): string | undefined {
  const match = /^(.*)#(\d{3})$/.exec(key);
  const index = match ? Number(match[2]) : 1;
  return index > 1 ? partKey(match![1]!, index - 1) : undefined;
}

/** A batch key from what the batch is made of (document ids and versions): the same events always make the same key. */
export function batchKeyFor(prefix: string, eventKeys: string[]): string {
  return `${prefix}#${createHash('sha256').update([...eventKeys].sort().join('\n')).digest('hex').slice(0, 16)}`;
}

/**
 * Queues this batch's parts for one channel; 0 when the channel follows nothing in it or the batch
 * was queued before. Parts are created last first, so once part 1 exists every part does: a run
 * that stopped half-way through queuing is completed by the next, never queued twice.
 */
async function enqueueParts(deps: ChannelDeliveryDeps, channel: Channel, batch: ChannelBatch): Promise<number> {
  const recipient = channelRecipient(channel.id);
  if (await deps.store.outbox.get(recipient, partKey(batch.key, 1))) return 0;
  const items = batch.message.items.filter((item) => channelFollows(channel, item));
  if (batch.message.items.length && !items.length) return 0;
  const bodies = renderChannelParts(channel.type, { ...batch.message, items });
  const createdAt = deps.now().toISOString();
  for (let i = bodies.length - 1; i >= 0; i--) {
    const key = partKey(batch.key, i + 1);
    await deps.store.outbox.createIfAbsent({
      recipient,
      key,
      status: 'PENDING',
      subject: batch.message.title,
      html: '',
      text: batch.message.text,
      headers: {},
      messageId: key,
      chatBody: bodies[i]!,
      attempts: 0,
      createdAt,
    });
  }
  return bodies.length;
}

type PartOutcome = ChatSendResult | { status: 'already-sent' } | { status: 'in-flight'; reason: string };

/** One part, at most once: claim with a lease, commit as the body goes out, then SENT, PENDING or FAILED. */
async function dispatchPart(deps: ChannelDeliveryDeps, channel: Channel, record: OutboxRecord): Promise<PartOutcome> {
  const recipient = record.recipient;
  const token = randomUUID();
  const now = deps.now();
  const leaseUntil = new Date(now.getTime() + (deps.leaseMs ?? 10 * 60_000)).toISOString();
  let claimed = await deps.store.outbox.claim(recipient, record.key, now.toISOString(), leaseUntil, token, deps.holder);
  if (!claimed) {
    const current = await deps.store.outbox.get(recipient, record.key);
    if (current?.status === 'SENT' || current?.status === 'COMMITTED') return { status: 'already-sent' };
    const dead = current?.status === 'SENDING' && current.claimedBy && current.claimToken && deps.isHolderAlive && !deps.isHolderAlive(current.claimedBy);
    if (dead) claimed = await deps.store.outbox.takeOver(recipient, record.key, current.claimToken!, leaseUntil, token, deps.holder);
    if (!claimed) return { status: 'in-flight', reason: `another run is posting this part until ${current?.leaseUntil ?? '?'}` };
  }
  let committed = false;
  const undo = async () => {
    if (committed) await deps.store.outbox.uncommit(recipient, record.key, token);
  };
  let result: ChatSendResult;
  try {
    result = await deps.sender.send(channel, claimed.chatBody ?? '', {
      commit: async () => {
        await deps.store.outbox.commit(recipient, record.key, token);
        committed = true;
      },
    });
  } catch (error) {
    await undo();
    await deps.store.outbox.release(recipient, record.key, token, (error as Error).message);
    throw error;
  }
  if (result.status === 'sent') {
    await deps.store.outbox.markSent(recipient, record.key, token, deps.now().toISOString());
  } else {
    await undo();
    if (result.status === 'retry') await deps.store.outbox.release(recipient, record.key, token, result.reason);
    else await deps.store.outbox.fail(recipient, record.key, token, result.reason, deps.now().toISOString());
  }
  return result;
}

/** Posts what is queued for one channel, oldest batch first and parts in order, within the robot's rate limits. */
async function drainChannel(deps: ChannelDeliveryDeps, channel: Channel, parts: number): Promise<ChannelDeliveryResult> {
  const result: ChannelDeliveryResult = { channelId: channel.id, parts, sent: 0, pending: 0, failed: 0 };
  const limits = PLATFORM_LIMITS[channel.type];
  const queued = (await deps.store.outbox.listUnsent(channelRecipient(channel.id)))
    .filter((r) => r.status === 'PENDING' || r.status === 'SENDING')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.key.localeCompare(b.key));
  const since = () => deps.now().getTime() - WINDOW_MS;
  let recent = (channel.recentSends ?? []).filter((at) => Date.parse(at) > since());
  let attempted = false;
  let failure: string | undefined;
  const passed = new Set<string>();
  let index = 0;
  for (; index < queued.length; index++) {
    recent = recent.filter((at) => Date.parse(at) > since());
    if (recent.length >= limits.perMinute) {
      result.error = `${limits.perMinute} messages posted in the last minute (the robot's limit); the rest goes out on the next run`;
      break;
    }
    const last = recent.at(-1);
    const wait = last ? Date.parse(last) + limits.minIntervalMs - deps.now().getTime() : 0;
    if (wait > 0) await deps.sleep(wait);
    const record = queued[index]!;
    // Another run may still be queuing this batch (parts are created last first): never post a
    // part before the one ahead of it has gone out.
    const previous = previousPartKey(record.key);
    if (previous && !passed.has(previous)) {
      const ahead = await deps.store.outbox.get(record.recipient, previous);
      if (!ahead || ahead.status === 'PENDING' || ahead.status === 'SENDING') {
        result.error = 'an earlier part of this batch has not been posted yet';
        break;
      }
    }
    passed.add(record.key);
    const outcome = await dispatchPart(deps, channel, record);
    if (outcome.status === 'already-sent') continue;
    if (outcome.status === 'in-flight') {
      result.error = outcome.reason;
      break;
    }
    attempted = true;
    recent.push(deps.now().toISOString());
    if (outcome.status === 'sent') result.sent++;
    else if (outcome.status === 'failed') {
      result.failed++;
      result.error = failure = outcome.reason;
    } else {
      // Rate limited or unreachable: this part and everything after it wait, so the order holds.
      result.error = outcome.reason;
      break;
    }
  }
  result.pending = queued.length - index;
  if (attempted || result.pending) {
    const state: ChannelDeliveryState = result.failed
      ? { status: 'FAILED', at: deps.now().toISOString(), error: failure }
      : result.pending
        ? { status: 'PENDING', at: deps.now().toISOString(), error: result.error }
        : { status: 'SENT', at: deps.now().toISOString() };
    await deps.store.channels.recordDelivery(channel.id, state, recent);
  }
  return result;
}

/**
 * Delivers one batch to every channel that follows something in it (or only `batch.only`),
 * through the outbox: each part is created once under a deterministic key and posted at most once,
 * so a second run with the same batch posts nothing again, and what a rate limit held back goes out
 * on the next run, before that run's own batch. An alert batch without items only posts what is
 * queued.
 */
export async function deliverToChannels(deps: ChannelDeliveryDeps, batch: ChannelBatch): Promise<ChannelDeliveryResult[]> {
  const all = batch.only ? [await deps.store.channels.get(batch.only)].filter((c): c is Channel => !!c) : await deps.store.channels.list();
  const results: ChannelDeliveryResult[] = [];
  // An alert batch is its items: with none there is nothing to say, only what is queued to post.
  const hasContent = batch.message.items.length > 0 || (batch.kind !== 'alerts' && (batch.message.markdown.trim() !== '' || batch.message.text.trim() !== ''));
  for (const channel of all) {
    const eligible = hasContent && (batch.kind !== 'digest' || isChannelDigestDue(channel, deps.now(), batch.digestDate));
    const parts = eligible ? await enqueueParts(deps, channel, batch) : 0;
    const result = await drainChannel(deps, channel, parts);
    if (result.sent || result.pending || result.failed) {
      deps.log(`channel ${channel.id}: ${result.sent} sent, ${result.pending} pending, ${result.failed} failed${result.error ? ` (${result.error})` : ''}`);
    }
    results.push(result);
  }
  return results;
}
