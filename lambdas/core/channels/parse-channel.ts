import { InputError } from '../errors';
import { CHANNEL_TYPES, type Channel, type ChannelType } from './channel';

export interface ChannelInput {
  id: string;
  type?: string;
  url?: string;
  secret?: string;
  follow?: string[];
  digestHour?: string;
  allowPrivateNetwork?: boolean;
}

export interface ChannelChecks {
  /** Why the network policy refuses this IP address, or undefined (the adapter's rule, passed in). */
  addressRefusal(address: string, allowPrivateNetwork: boolean): string | undefined;
  /** Entity ids, kinds and tags on the watchlist. */
  followable: Set<string>;
  now: Date;
}

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

// The part of each platform's URL that identifies the robot; without it the platform answers an error for every post.
const REQUIRED_QUERY: Partial<Record<ChannelType, string>> = { wecom: 'key', dingtalk: 'access_token' };

function parseUrl(value: string | undefined, type: ChannelType, allowPrivate: boolean, checks: ChannelChecks): string {
  if (!value) throw new InputError('--url: required (the webhook URL the platform gave you)');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--url: "${value}" is not an absolute URL (expected https://…)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`--url: only http: and https: URLs can be posted to, not ${url.protocol}`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refusal = /^localhost$|\.localhost$/i.test(host) ? checks.addressRefusal('127.0.0.1', allowPrivate) : /^[\d.]+$|:/.test(host) ? checks.addressRefusal(host, allowPrivate) : undefined;
  if (refusal) throw new InputError(`--url: ${refusal.replace('127.0.0.1 is', `${host} is`)}`);
  const param = REQUIRED_QUERY[type];
  if (param && !url.searchParams.get(param)) throw new InputError(`--url: a ${type} robot URL carries its ${param}=… query parameter; copy the whole webhook URL`);
  return url.toString();
}

/** Validates `gzwatch channels add` input whole, naming the first bad field, before anything is stored. */
export function parseChannelInput(input: ChannelInput, checks: ChannelChecks): Channel {
  if (!ID.test(input.id)) throw new InputError(`ID: "${input.id}" must be lower-case letters, digits and dashes (at most 63), e.g. ops-wecom`);
  const type = input.type as ChannelType;
  if (!input.type || !CHANNEL_TYPES.includes(type)) throw new InputError(`--type: "${input.type ?? ''}" is not one of ${CHANNEL_TYPES.join(', ')}`);
  const allowPrivateNetwork = input.allowPrivateNetwork ?? false;
  const url = parseUrl(input.url, type, allowPrivateNetwork, checks);
  if (input.secret !== undefined && (!input.secret || /\s/.test(input.secret))) throw new InputError('--secret: must be one word without spaces or line breaks');
  let digestHour: number | undefined;
  if (input.digestHour !== undefined) {
    if (!/^\d{1,2}$/.test(input.digestHour) || Number(input.digestHour) > 23) throw new InputError(`--digest-hour: "${input.digestHour}" is not an hour of the day; use 0 to 23 (Asia/Shanghai)`);
    digestHour = Number(input.digestHour);
  }
  const follows = [...new Set(input.follow ?? [])];
  const unknown = follows.filter((f) => !checks.followable.has(f));
  if (unknown.length) throw new InputError(`--follow: ${unknown.join(', ')} is not an entity id, kind or tag on the watchlist (see \`gzwatch watchlist list\`)`);
  return {
    id: input.id,
    type,
    url,
    ...(input.secret ? { secret: input.secret } : {}),
    follows,
    ...(digestHour !== undefined ? { digestHour } : {}),
    allowPrivateNetwork,
    createdAt: checks.now.toISOString(),
  };
}
