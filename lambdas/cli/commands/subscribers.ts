import { randomBytes } from 'node:crypto';
import { InputError } from '../../core/errors';
import { followsEverything } from '../../core/digest/follows';
import type { SubscriberSettings } from '../../core/ports';
import { LANGS, type DigestFrequency, type Lang, type Subscriber } from '../../core/types';
import { subscriptionDeps } from '../../composition/use-case-deps';
import { subscribe } from '../../core/use-cases/subscriptions';
import { withContext } from '../context';
import { parseEmail } from '../input';
import { renderTable } from '../table';

interface AddOptions {
  name?: string;
  follow?: string[];
  hour?: string;
  lang?: string;
  frequency?: string;
  sendEmpty?: boolean;
  invite?: boolean;
}

interface SetOptions {
  name?: string;
  hour?: string;
  lang?: string;
  frequency?: string;
  sendEmpty?: string;
  followEverything?: boolean;
}

function parseHour(value: string | undefined): number {
  if (value === undefined) return 8;
  if (!/^\d{1,2}$/.test(value) || Number(value) > 23) throw new InputError(`--hour: "${value}" is not an hour of the day; use 0 to 23 (Asia/Shanghai)`);
  return Number(value);
}

function parseLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  const lang = LANGS.find((l) => l.toLowerCase() === value.toLowerCase() || (value.toLowerCase() === 'zh' && l === 'zh-CN'));
  if (!lang) throw new InputError(`--lang: "${value}" is not a digest language; use ${LANGS.join(' or ')}`);
  return lang;
}

function parseFrequency(value: string | undefined): DigestFrequency | undefined {
  if (value === undefined) return undefined;
  if (value !== 'daily' && value !== 'weekly') throw new InputError(`--frequency: "${value}" is not a frequency; use daily or weekly`);
  return value;
}

function parseYesNo(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (['yes', 'true', 'on', '1'].includes(value.toLowerCase())) return true;
  if (['no', 'false', 'off', '0'].includes(value.toLowerCase())) return false;
  throw new InputError(`${field}: "${value}" is not yes or no`);
}

function parseName(value: string | undefined): string | undefined {
  if (value !== undefined && /[\r\n]/.test(value)) throw new InputError('--name: must be a single line');
  return value;
}

/** What a subscriber follows, for people: "everything", "nothing", or the list. */
export function describeFollows(s: Pick<Subscriber, 'follows' | 'followsAll'>): string {
  if (followsEverything(s)) return 'everything';
  return s.follows.length ? s.follows.join(', ') : 'nothing (no alerts; digests only when --send-empty)';
}

function describeSettings(s: Subscriber): string {
  return `digest ${s.frequency ?? 'daily'} at ${String(s.digestHour).padStart(2, '0')}:00 Asia/Shanghai${s.frequency === 'weekly' ? ' on Mondays' : ''}, language ${s.lang ?? 'zh-CN'}, ${s.sendEmpty ? 'also when empty' : 'only when there is news'}`;
}

export async function addSubscriber(emailArg: string, options: AddOptions): Promise<void> {
  const email = parseEmail(emailArg);
  const digestHour = parseHour(options.hour);
  const lang = parseLang(options.lang);
  const frequency = parseFrequency(options.frequency);
  parseName(options.name);
  await withContext(async (ctx) => {
    if (options.invite) {
      const outcome = await subscribe(subscriptionDeps(ctx), email, { follows: options.follow, digestHour: options.hour === undefined ? undefined : digestHour });
      if (outcome.status === 'pending') ctx.out(`Sent the opt-in mail to ${email}; it is pending until the link is confirmed.`);
      else if (outcome.status === 'unchanged') ctx.out(`${email} is already subscribed or suppressed (see \`gzwatch subscribers list\`); nothing sent.`);
      else if (outcome.status === 'rate-limited') throw new InputError(`EMAIL: ${email} already got 3 opt-in mails today`);
      else throw new Error(`the opt-in mail to ${email} could not be sent: ${outcome.error}`);
      return;
    }
    const added = await ctx.store.subscribers.add({
      email,
      name: options.name,
      follows: options.follow ?? [],
      followsAll: !options.follow?.length,
      ...(lang ? { lang } : {}),
      ...(frequency ? { frequency } : {}),
      digestHour,
      status: 'active',
      unsubscribeToken: randomBytes(16).toString('hex'),
      sendEmpty: options.sendEmpty ?? false,
      createdAt: new Date().toISOString(),
    });
    ctx.out(added ? `Subscribed ${email}.` : `${email} is already subscribed.`);
  });
}

export async function listSubscribers(options: { json?: boolean }): Promise<void> {
  await withContext(async (ctx) => {
    const list = await ctx.store.subscribers.list();
    if (options.json) {
      ctx.out(JSON.stringify(list.map(({ unsubscribeToken: _t, ...s }) => s)));
      return;
    }
    if (!list.length) {
      ctx.out('No subscribers yet. Add one with `gzwatch subscribers add EMAIL`.');
      return;
    }
    ctx.out(
      renderTable(
        ['email', 'follows', 'digest', 'lang', 'status'],
        list.map((s) => [s.name ? `${s.email}\n${s.name}` : s.email, followsEverything(s) ? 'everything' : s.follows.join(', ') || 'nothing', `${s.frequency === 'weekly' ? 'Mon ' : ''}${String(s.digestHour).padStart(2, '0')}:00`, s.lang ?? 'zh-CN', s.status]),
      ),
    );
    const suppressed = list.filter((s) => s.suppressedReason);
    for (const s of suppressed) ctx.out(`${s.email}: ${s.status} since ${s.suppressedAt?.slice(0, 10) ?? '?'} (${s.suppressedReason})`);
  });
}

async function changeFollows(verb: 'follow' | 'unfollow', emailArg: string, names: string[]): Promise<void> {
  const email = parseEmail(emailArg);
  await withContext(async (ctx) => {
    const subscriber = await ctx.store.subscribers.get(email);
    if (!subscriber) throw new InputError(`EMAIL: ${email} is not subscribed (see \`gzwatch subscribers list\`)`);
    const known = new Set([...(await ctx.store.watchlist.list()).flatMap((e) => [e.id, e.kind, ...e.tags])]);
    const unknown = names.filter((n) => !known.has(n));
    if (verb === 'follow' && unknown.length) throw new InputError(`NAMES: ${unknown.join(', ')} is not an entity id, kind or tag on the watchlist (see \`gzwatch watchlist list\`)`);
    const next = verb === 'follow' ? [...new Set([...subscriber.follows, ...names])] : subscriber.follows.filter((f) => !names.includes(f));
    // Naming things narrows "everything" to them; unfollowing the last one leaves nothing.
    await ctx.store.subscribers.setFollows(email, next, false);
    ctx.out(`${email} follows ${describeFollows({ follows: next, followsAll: false })}.`);
    if (!next.length) ctx.out(`To follow everything again: gzwatch subscribers set ${email} --follow-everything`);
  });
}

export const followNames = (emailArg: string, names: string[]): Promise<void> => changeFollows('follow', emailArg, names);
export const unfollowNames = (emailArg: string, names: string[]): Promise<void> => changeFollows('unfollow', emailArg, names);

export async function setSubscriber(emailArg: string, options: SetOptions): Promise<void> {
  const email = parseEmail(emailArg);
  const changes: SubscriberSettings = {
    name: parseName(options.name),
    digestHour: options.hour === undefined ? undefined : parseHour(options.hour),
    lang: parseLang(options.lang),
    frequency: parseFrequency(options.frequency),
    sendEmpty: parseYesNo(options.sendEmpty, '--send-empty'),
  };
  if (Object.values(changes).every((v) => v === undefined) && !options.followEverything) {
    throw new InputError('OPTIONS: nothing to change; give --hour, --lang, --frequency, --send-empty, --name or --follow-everything');
  }
  await withContext(async (ctx) => {
    if (!(await ctx.store.subscribers.update(email, changes))) throw new InputError(`EMAIL: ${email} is not subscribed (see \`gzwatch subscribers list\`)`);
    if (options.followEverything) await ctx.store.subscribers.setFollows(email, [], true);
    const now = (await ctx.store.subscribers.get(email))!;
    ctx.out(`${email}: ${describeSettings(now)}; follows ${describeFollows(now)}.`);
  });
}

export async function removeSubscriber(emailArg: string): Promise<void> {
  const email = parseEmail(emailArg);
  await withContext(async (ctx) => {
    const removed = await ctx.store.subscribers.remove(email);
    if (!removed) throw new InputError(`EMAIL: ${email} is not subscribed (see \`gzwatch subscribers list\`)`);
    ctx.out(`Removed ${email}.`);
  });
}
