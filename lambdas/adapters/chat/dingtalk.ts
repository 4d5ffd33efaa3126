/**
 * DingTalk (钉钉) custom robot. With 加签 the request carries `timestamp` (ms) and `sign` query
 * parameters: sign = base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)),
 * URL-encoded. The answer is {errcode, errmsg}.
 */
import { createHmac } from 'node:crypto';
import type { ChatSendResult } from '../../core/ports';
import { answerJson, postJson, type PostOptions } from './post-json';

export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
}

export function signedDingtalkUrl(url: string, secret: string | undefined, now: number): string {
  if (!secret) return url;
  const signed = new URL(url);
  // URLSearchParams percent-encodes the base64 (+, /, =) as the robot expects.
  signed.searchParams.set('timestamp', String(now));
  signed.searchParams.set('sign', dingtalkSign(secret, now));
  return signed.toString();
}

// 130101: send too fast (20 a minute); 410100: the same, from the older limiter.
const RATE_LIMITED = new Set([130101, 410100]);

export async function sendDingtalk(url: string, secret: string | undefined, body: string, options: PostOptions & { now: number }): Promise<ChatSendResult> {
  let target: string;
  try {
    target = signedDingtalkUrl(url, secret, options.now);
  } catch {
    return { status: 'failed', reason: 'not a valid absolute URL' };
  }
  const answer = await postJson(target, body, options);
  if (!answer.ok) return answer.permanent ? { status: 'failed', reason: answer.reason } : { status: 'retry', reason: answer.reason };
  if (answer.status >= 500) return { status: 'retry', reason: `DingTalk answered HTTP ${answer.status}` };
  const json = answerJson(answer.text);
  const code = typeof json?.errcode === 'number' ? json.errcode : undefined;
  if (code === 0) return { status: 'sent' };
  const said = `${code ?? `HTTP ${answer.status}`} ${String(json?.errmsg ?? answer.text.slice(0, 200))}`.trim();
  if (code !== undefined && RATE_LIMITED.has(code)) return { status: 'retry', reason: `rate limited by DingTalk (${said})` };
  if (code === 310000) return { status: 'failed', reason: `DingTalk's security check failed: signature, keyword or IP allow-list (${said})` };
  return { status: 'failed', reason: `DingTalk refused the message (${said})` };
}
