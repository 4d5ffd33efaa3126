/**
 * Feishu / Lark custom bot. With 签名校验 the JSON body carries `timestamp` (seconds, as a string)
 * and `sign` = base64(HmacSHA256(key = timestamp + "\n" + secret, message = empty)). The answer
 * is {code, msg} (older bots: {StatusCode, StatusMessage}).
 */
import { createHmac } from 'node:crypto';
import type { ChatSendResult } from '../../core/ports';
import { answerJson, postJson, type PostOptions } from './post-json';

export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export function signedFeishuBody(body: string, secret: string | undefined, nowMs: number): string {
  if (!secret) return body;
  const timestamp = Math.floor(nowMs / 1000);
  return JSON.stringify({ timestamp: String(timestamp), sign: feishuSign(secret, timestamp), ...(JSON.parse(body) as object) });
}

// 9499 and 11232: too many requests (100 a minute, 5 a second per bot).
const RATE_LIMITED = new Set([9499, 11232]);

export async function sendFeishu(url: string, secret: string | undefined, body: string, options: PostOptions & { now: number }): Promise<ChatSendResult> {
  const answer = await postJson(url, signedFeishuBody(body, secret, options.now), options);
  if (!answer.ok) return answer.permanent ? { status: 'failed', reason: answer.reason } : { status: 'retry', reason: answer.reason };
  const json = answerJson(answer.text);
  const raw = json?.code ?? json?.StatusCode;
  const code = typeof raw === 'number' ? raw : undefined;
  if (code === 0) return { status: 'sent' };
  const said = `${code ?? `HTTP ${answer.status}`} ${String(json?.msg ?? json?.StatusMessage ?? answer.text.slice(0, 200))}`.trim();
  if ((code !== undefined && RATE_LIMITED.has(code)) || answer.status === 429) return { status: 'retry', reason: `rate limited by Feishu (${said})` };
  if (code === undefined && answer.status >= 500) return { status: 'retry', reason: `Feishu answered HTTP ${answer.status}` };
  if (code === 19021) return { status: 'failed', reason: `Feishu's signature check failed: wrong secret or clock off by more than an hour (${said})` };
  return { status: 'failed', reason: `Feishu refused the message (${said})` };
}
