import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { InputError } from '../../core/errors';
import { subscriptionDeps } from '../../composition/use-case-deps';
import { subscribe } from '../../core/use-cases/subscriptions';
import { withContext } from '../context';
import { parseEmail } from '../input';
import { renderTable } from '../table';

interface AddOptions {
  name?: string;
  follow?: string[];
  hour?: string;
  sendEmpty?: boolean;
  invite?: boolean;
}

function parseHour(value: string | undefined): number {
  if (value === undefined) return 8;
  if (!/^\d{1,2}$/.test(value) || Number(value) > 23) throw new InputError(`--hour: "${value}" is not an hour of the day; use 0 to 23 (Asia/Shanghai)`);
  return Number(value);
}

export function registerSubscribers(program: Command): void {
  const subscribers = program.command('subscribers').description('who receives digests and policy alerts');
  subscribers
    .command('add <email>')
    .description('subscribe an address (follows everything unless --follow is given)')
    .option('--name <name>', "the subscriber's name, used in the greeting")
    .option('--follow <id|kind|tag...>', 'entity ids, kinds (company, institution, person, policy) or tags to follow')
    .option('--hour <0-23>', 'digest hour in Asia/Shanghai for the scheduled digest (default 8)')
    .option('--send-empty', 'also send a digest when there is nothing to report')
    .option('--invite', 'send the opt-in mail instead: the address is pending until its link is confirmed')
    .action(async (emailArg: string, options: AddOptions) => {
      const email = parseEmail(emailArg);
      const digestHour = parseHour(options.hour);
      if (options.name && /[\r\n]/.test(options.name)) throw new InputError('--name: must be a single line');
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
          digestHour,
          status: 'active',
          unsubscribeToken: randomBytes(16).toString('hex'),
          sendEmpty: options.sendEmpty ?? false,
          createdAt: new Date().toISOString(),
        });
        ctx.out(added ? `Subscribed ${email}.` : `${email} is already subscribed.`);
      });
    });
  subscribers
    .command('list')
    .description('list subscribers')
    .option('--json', 'one JSON array')
    .action(async (options: { json?: boolean }) => {
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
        ctx.out(renderTable(['email', 'name', 'follows', 'hour', 'status'], list.map((s) => [s.email, s.name ?? '', s.follows.join(', ') || 'everything', `${String(s.digestHour).padStart(2, '0')}:00`, s.status])));
        const suppressed = list.filter((s) => s.suppressedReason);
        for (const s of suppressed) ctx.out(`${s.email}: ${s.status} since ${s.suppressedAt?.slice(0, 10) ?? '?'} (${s.suppressedReason})`);
      });
    });
  const changeFollows = (verb: 'follow' | 'unfollow') =>
    subscribers
      .command(`${verb} <email> <names...>`)
      .description(verb === 'follow' ? 'add entity ids, kinds or tags to what a subscriber follows' : 'stop following entity ids, kinds or tags (following nothing means everything)')
      .action(async (emailArg: string, names: string[]) => {
        const email = parseEmail(emailArg);
        await withContext(async (ctx) => {
          const subscriber = await ctx.store.subscribers.get(email);
          if (!subscriber) throw new InputError(`EMAIL: ${email} is not subscribed (see \`gzwatch subscribers list\`)`);
          const known = new Set([...(await ctx.store.watchlist.list()).flatMap((e) => [e.id, e.kind, ...e.tags])]);
          const unknown = names.filter((n) => !known.has(n));
          if (verb === 'follow' && unknown.length) throw new InputError(`NAMES: ${unknown.join(', ')} is not an entity id, kind or tag on the watchlist (see \`gzwatch watchlist list\`)`);
          const next = verb === 'follow' ? [...new Set([...subscriber.follows, ...names])] : subscriber.follows.filter((f) => !names.includes(f));
          await ctx.store.subscribers.setFollows(email, next);
          ctx.out(`${email} follows ${next.length ? next.join(', ') : 'everything'}.`);
        });
      });
  changeFollows('follow');
  changeFollows('unfollow');
  subscribers
    .command('remove <email>')
    .description('remove a subscriber')
    .action(async (emailArg: string) => {
      const email = parseEmail(emailArg);
      await withContext(async (ctx) => {
        const removed = await ctx.store.subscribers.remove(email);
        if (!removed) throw new InputError(`EMAIL: ${email} is not subscribed (see \`gzwatch subscribers list\`)`);
        ctx.out(`Removed ${email}.`);
      });
    });
}
