import { redactUrl, type Channel } from '../../core/channels/channel';
import { parseChannelInput, type ChannelInput } from '../../core/channels/parse-channel';
import { InputError } from '../../core/errors';
import { formatShanghai } from '../../core/time';
import { deliverToChannels } from '../../core/use-cases/deliver-to-channels';
import { addressRefusal } from '../../composition/local';
import { channelDeps } from '../../composition/use-case-deps';
import { withContext } from '../context';
import { renderTable } from '../table';

/** The flags of `channels add` are the fields parseChannel validates, less the id. */
type AddOptions = Omit<ChannelInput, 'id'>;

function refusal(address: string, allowPrivateNetwork: boolean): string | undefined {
  try {
    return addressRefusal(address, { allowPrivateNetwork });
  } catch {
    return undefined; // not an IP address after all: host names are checked when posting
  }
}

/** What `channels list --json` prints: never the secret, and the URL with its token masked. */
function publicView(c: Channel) {
  return {
    id: c.id,
    type: c.type,
    url: redactUrl(c.url),
    follows: c.follows,
    digestHour: c.digestHour ?? null,
    allowPrivateNetwork: c.allowPrivateNetwork,
    hasSecret: Boolean(c.secret),
    status: c.last?.status ?? null,
    lastError: c.last?.error ?? null,
    lastAttemptAt: c.last?.at ?? null,
    createdAt: c.createdAt,
  };
}

function statusCell(c: Channel): string {
  if (!c.last) return '未发送 never sent';
  const when = formatShanghai(c.last.at).slice(5);
  return `${c.last.status} ${when}${c.last.error ? `\n${c.last.error}` : ''}`;
}

function notAChannel(id: string): InputError {
  return new InputError(`ID: "${id}" is not a channel (see \`gzwatch channels list\`)`);
}

export async function addChannel(id: string, options: AddOptions): Promise<void> {
  await withContext(async (ctx) => {
    const followable = new Set((await ctx.store.watchlist.list()).flatMap((e) => [e.id, e.kind, ...e.tags]));
    const channel = parseChannelInput({ id, ...options }, { addressRefusal: refusal, followable, now: ctx.clock.now() });
    if (!(await ctx.store.channels.add(channel))) throw new InputError(`ID: "${id}" already exists (see \`gzwatch channels list\`); remove it first to change it`);
    ctx.out(`Added channel ${id} (${channel.type}, follows ${channel.follows.length ? channel.follows.join(', ') : 'everything'}${channel.digestHour !== undefined ? `, digest at ${channel.digestHour}:00` : ''}). Try it: gzwatch channels test ${id}`);
  });
}

export async function listChannels(options: { json?: boolean }): Promise<void> {
  await withContext(async (ctx) => {
    const list = await ctx.store.channels.list();
    if (options.json) {
      ctx.out(JSON.stringify(list.map(publicView)));
      return;
    }
    if (!list.length) {
      ctx.out('No channels yet. Add one with `gzwatch channels add ID --type wecom --url URL`.');
      return;
    }
    ctx.out(
      renderTable(
        ['id', 'type', 'follows', 'digest', 'status'],
        list.map((c) => [c.id, c.type, c.follows.join(', ') || 'everything', c.digestHour !== undefined ? `${String(c.digestHour).padStart(2, '0')}:00` : '-', statusCell(c)]),
        [14, 10, 14, 8, 28],
      ),
    );
  });
}

export async function removeChannel(id: string): Promise<void> {
  await withContext(async (ctx) => {
    if (!(await ctx.store.channels.remove(id))) throw notAChannel(id);
    ctx.out(`Removed channel ${id}.`);
  });
}

export async function testChannel(id: string): Promise<void> {
  await withContext(async (ctx) => {
    const channel = await ctx.store.channels.get(id);
    if (!channel) throw notAChannel(id);
    const at = ctx.clock.now();
    const [result] = await deliverToChannels(channelDeps(ctx), {
      key: `TEST#${at.toISOString()}`,
      kind: 'test',
      only: id,
      message: {
        title: 'gzwatch 测试消息',
        markdown: `这是 gzwatch 的测试消息：频道 **${id}** 已能收到广州人工智能产业的政策提醒与每日摘要。`,
        text: `这是 gzwatch 的测试消息：频道 ${id} 已能收到广州人工智能产业的政策提醒与每日摘要。`,
        items: [],
      },
    });
    if (result && result.sent > 0 && !result.failed && !result.pending) {
      ctx.out(`Sent a test message to ${id}.`);
      return;
    }
    const state = result?.failed ? 'FAILED' : 'PENDING';
    ctx.err(`${id}: ${state}: ${result?.error ?? 'nothing was sent'}`);
    process.exitCode = 1;
  });
}
