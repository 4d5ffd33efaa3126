/**
 * Local stand-ins for the chat platforms, each checking what the real one checks and answering
 * as it does: WeCom's group robot, DingTalk's and Feishu's custom robots (signatures recomputed
 * from the secret), Slack's incoming webhooks, and a generic webhook. Rate and size limits are
 * enforced per robot on the given clock, so tests can move time forward.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Platform = 'wecom' | 'dingtalk' | 'feishu' | 'slack' | 'webhook';

export interface Received {
  platform: Platform;
  robot: string;
  body: Record<string, unknown>;
  query: Record<string, string>;
}

interface Robot {
  platform: Platform;
  secret?: string;
  /** Accepted posts, ms: the rate window. */
  accepted: number[];
}

export interface ChatPlatforms {
  origin: string;
  /** Registers a robot and returns its webhook URL. */
  robot(platform: Platform, id: string, secret?: string): string;
  /** Posts another sender made to this robot at `at` (they count against its limit). */
  prefill(id: string, count: number, at: number): void;
  /** Messages each robot accepted, in arrival order. */
  received: Received[];
  /** Every answer that was not a success: [robot, answer]. */
  refusals: [string, string][];
  close(): Promise<void>;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startChatPlatforms(now: () => number = Date.now): Promise<ChatPlatforms> {
  const robots = new Map<string, Robot>();
  const received: Received[] = [];
  const refusals: [string, string][] = [];
  const inLast = (robot: Robot, ms: number) => robot.accepted.filter((t) => t > now() - ms).length;

  function answer(res: ServerResponse, robot: string, status: number, body: unknown, headers: Record<string, string> = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const ok = typeof body === 'string' ? status < 300 : [0].includes(((body as Record<string, unknown>).errcode ?? (body as Record<string, unknown>).code) as number);
    if (!ok) refusals.push([robot, text]);
    res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers }).end(text);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://local');
    const raw = await readBody(req);
    const query = Object.fromEntries(url.searchParams);
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const accept = (robotId: string, robot: Robot) => {
      robot.accepted.push(now());
      received.push({ platform: robot.platform, robot: robotId, body: body!, query });
    };

    if (url.pathname === '/cgi-bin/webhook/send') {
      const id = query.key ?? '';
      const robot = robots.get(id);
      if (!robot || robot.platform !== 'wecom') return answer(res, id, 200, { errcode: 93000, errmsg: 'invalid webhook url' });
      if (!body) return answer(res, id, 200, { errcode: 40035, errmsg: 'invalid json' });
      const content = (body.markdown as { content?: string } | undefined)?.content ?? '';
      if (body.msgtype !== 'markdown' || !content) return answer(res, id, 200, { errcode: 40008, errmsg: 'invalid message type' });
      if (Buffer.byteLength(content) > 4096) return answer(res, id, 200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
      if (inLast(robot, 60_000) >= 20) return answer(res, id, 200, { errcode: 45009, errmsg: 'api freq out of limit' });
      accept(id, robot);
      return answer(res, id, 200, { errcode: 0, errmsg: 'ok' });
    }

    if (url.pathname === '/robot/send') {
      const id = query.access_token ?? '';
      const robot = robots.get(id);
      if (!robot || robot.platform !== 'dingtalk') return answer(res, id, 200, { errcode: 300001, errmsg: 'token is not exist' });
      if (robot.secret) {
        const timestamp = Number(query.timestamp);
        const expected = createHmac('sha256', robot.secret).update(`${query.timestamp}\n${robot.secret}`).digest('base64');
        // The robot accepts a timestamp within an hour of its own clock.
        if (!query.sign || !Number.isFinite(timestamp) || Math.abs(now() - timestamp) > 3600_000 || !same(query.sign, expected)) {
          return answer(res, id, 200, { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' });
        }
      }
      if (raw.length > 20_000) return answer(res, id, 200, { errcode: 460101, errmsg: 'message too long, exceed 20000 bytes' });
      if (!body || body.msgtype !== 'markdown') return answer(res, id, 200, { errcode: 40035, errmsg: 'missing or invalid msgtype' });
      if (inLast(robot, 60_000) >= 20) return answer(res, id, 200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
      accept(id, robot);
      return answer(res, id, 200, { errcode: 0, errmsg: 'ok' });
    }

    const feishu = /^\/open-apis\/bot\/v2\/hook\/([\w-]+)$/.exec(url.pathname);
    if (feishu) {
      const id = feishu[1]!;
      const robot = robots.get(id);
      if (!robot || robot.platform !== 'feishu') return answer(res, id, 200, { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} });
      // The real bot refuses bodies over 20 KB; the exact code it answers is not documented, this one stands for it.
      if (raw.length > 20 * 1024) return answer(res, id, 200, { code: 19002, msg: 'request body exceeds 20 KB', data: {} });
      if (!body) return answer(res, id, 400, { code: 9499, msg: 'Bad Request', data: {} });
      if (robot.secret) {
        const timestamp = Number(body.timestamp);
        const expected = createHmac('sha256', `${String(body.timestamp)}\n${robot.secret}`).update('').digest('base64');
        if (typeof body.sign !== 'string' || !Number.isFinite(timestamp) || Math.abs(now() / 1000 - timestamp) > 3600 || !same(body.sign, expected)) {
          return answer(res, id, 200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} });
        }
      }
      if (inLast(robot, 60_000) >= 100 || inLast(robot, 1000) >= 5) return answer(res, id, 200, { code: 11232, msg: 'frequency limited', data: {} });
      if (body.msg_type !== 'interactive' || !body.card) return answer(res, id, 200, { code: 19002, msg: 'params error, msg_type need', data: {} });
      accept(id, robot);
      return answer(res, id, 200, { code: 0, msg: 'success', data: {} });
    }

    const slack = /^\/services\/(\w+\/\w+\/\w+)$/.exec(url.pathname);
    if (slack) {
      const id = slack[1]!;
      const robot = robots.get(id);
      if (!robot || robot.platform !== 'slack') return answer(res, id, 404, 'no_service');
      if (!body) return answer(res, id, 400, 'invalid_payload');
      const blocks = (body.blocks ?? []) as { text?: { text: string } }[];
      if (blocks.length > 50 || blocks.some((b) => b.text && b.text.text.length > 3000)) return answer(res, id, 400, 'invalid_blocks');
      if (!body.text && !blocks.length) return answer(res, id, 400, 'no_text');
      // About one message a second, with a short burst allowed.
      if (inLast(robot, 1000) >= 2) return answer(res, id, 429, 'rate_limited', { 'Retry-After': '1' });
      accept(id, robot);
      return answer(res, id, 200, 'ok');
    }

    const hook = /^\/hooks\/([\w-]+)$/.exec(url.pathname);
    if (hook) {
      const id = hook[1]!;
      const robot = robots.get(id);
      if (!robot || robot.platform !== 'webhook') return answer(res, id, 404, 'not found');
      if (robot.secret) {
        const ts = String(req.headers['x-gzwatch-timestamp'] ?? '');
        const expected = `sha256=${createHmac('sha256', robot.secret).update(`${ts}.${raw.toString('utf8')}`).digest('hex')}`;
        if (!same(String(req.headers['x-gzwatch-signature'] ?? ''), expected)) return answer(res, id, 401, 'bad signature');
      }
      if (!body) return answer(res, id, 400, 'not JSON');
      accept(id, robot);
      return answer(res, id, 202, 'accepted');
    }
    res.writeHead(404).end();
  }

  const server: Server = createServer((req, res) => void handle(req, res).catch(() => res.writeHead(500).end()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    refusals,
    robot(platform, id, secret) {
      robots.set(id, { platform, secret, accepted: [] });
      switch (platform) {
        case 'wecom':
          return `${origin}/cgi-bin/webhook/send?key=${id}`;
        case 'dingtalk':
          return `${origin}/robot/send?access_token=${id}`;
        case 'feishu':
          return `${origin}/open-apis/bot/v2/hook/${id}`;
        case 'slack':
          return `${origin}/services/${id}`;
        case 'webhook':
          return `${origin}/hooks/${id}`;
      }
    },
    prefill(id, count, at) {
      robots.get(id)!.accepted.push(...Array.from({ length: count }, () => at));
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
