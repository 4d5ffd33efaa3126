/** Chat channels: group robots and webhooks that receive alert batches and the digest summary. */

export type ChannelType = 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'webhook';
export const CHANNEL_TYPES: readonly ChannelType[] = ['wecom', 'dingtalk', 'feishu', 'slack', 'webhook'];

/** The outcome of the latest delivery attempt, shown by `gzwatch channels list`. */
export interface ChannelDeliveryState {
  status: 'SENT' | 'PENDING' | 'FAILED';
  at: string;
  /** Why it is PENDING (rate limited, platform unreachable) or FAILED (bad signature, bad URL). */
  error?: string;
}

export interface Channel {
  /** Lower-case letters, digits and dashes; the outbox recipient is CHANNEL#<id>. */
  id: string;
  type: ChannelType;
  /** The webhook URL as the platform issued it (its token is a credential too: never printed whole). */
  url: string;
  /** Signing secret (DingTalk SEC…, Feishu): stored, never printed or logged. */
  secret?: string;
  /** Entity ids, kinds or tags; empty means everything. */
  follows: string[];
  /** Hour (Asia/Shanghai) at which the daily digest summary is posted; unset: no digest. */
  digestHour?: number;
  /** The URL may point at loopback or private addresses (local tests, an intranet relay). */
  allowPrivateNetwork: boolean;
  createdAt: string;
  last?: ChannelDeliveryState;
  /** When the latest messages were posted (ISO, newest last): the per-robot rate window. */
  recentSends?: string[];
}

/** Something a message item is about, for matching what a channel follows. */
export interface FollowTarget {
  id: string;
  kind: string;
  tags: string[];
}

/**
 * What a channel is sent, whatever produced it (an alert batch, the digest summary, a test):
 * each platform's renderer builds its own format from this.
 */
export interface ChannelMessage {
  title: string;
  /** The lead paragraph as Markdown (links as [text](url)); may be empty when the items say it all. */
  markdown: string;
  /** The same lead as plain text, for platforms and fallbacks without Markdown. */
  text: string;
  /** Where to read more (the digest's web page, say). */
  url?: string;
  items: ChannelItem[];
}

export interface ChannelItem {
  title: string;
  url: string;
  summary: string;
  /** What the item names; a channel that follows something only gets items about it. No `about`: everyone gets it. */
  about?: FollowTarget[];
}

/** Per-robot limits from each platform's documentation; `maxBytes` is checked on what the limit applies to. */
export interface PlatformLimits {
  perMinute: number;
  /** Least time between two posts to the same robot (per-second limits). */
  minIntervalMs: number;
  maxBytes: number;
}

export const PLATFORM_LIMITS: Record<ChannelType, PlatformLimits> = {
  // Group robot: 20 messages a minute; markdown.content at most 4096 bytes (UTF-8).
  wecom: { perMinute: 20, minIntervalMs: 0, maxBytes: 4096 },
  // Custom robot: 20 messages a minute; the message is refused past 20000 bytes.
  dingtalk: { perMinute: 20, minIntervalMs: 0, maxBytes: 20_000 },
  // Custom bot: 100 a minute and 5 a second; the request body at most 20 KB (with timestamp and sign).
  feishu: { perMinute: 100, minIntervalMs: 200, maxBytes: 20 * 1024 - 256 },
  // Incoming webhook: about one message a second; the size limit is on blocks (see the renderer).
  slack: { perMinute: 60, minIntervalMs: 1000, maxBytes: 40_000 },
  // A generic receiver: no documented limits, so modest ones.
  webhook: { perMinute: 60, minIntervalMs: 0, maxBytes: 256 * 1024 },
};

/** Follows the same rule as subscribers: by id, kind or tag; following nothing means everything. */
export function channelFollows(channel: Pick<Channel, 'follows'>, item: ChannelItem): boolean {
  if (!channel.follows.length || !item.about) return true;
  return item.about.some((t) => channel.follows.some((f) => f === t.id || f === t.kind || t.tags.includes(f)));
}

/** The outbox recipient of a channel. */
export function channelRecipient(id: string): string {
  return `CHANNEL#${id}`;
}

/**
 * The URL with its credential masked (the key / access_token query values, the last path segment
 * of a hook URL), so lists and logs never show what lets anyone post to the group.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '(invalid URL)';
  }
  const mask = (value: string) => (value.length <= 4 ? '***' : `${value.slice(0, 4)}***`);
  for (const [name, value] of [...parsed.searchParams]) parsed.searchParams.set(name, mask(value));
  const segments = parsed.pathname.split('/');
  const last = segments.length - 1;
  if (last > 1 && segments[last]!.length >= 8) segments[last] = mask(segments[last]!);
  parsed.pathname = segments.join('/');
  parsed.username = '';
  parsed.password = '';
  return decodeURI(parsed.toString());
}
