/**
 * A generic JSON webhook: any 2xx is delivered; 408, 429 and 5xx are tried again later; other
 * answers are refusals. With a secret, the receiver can check X-Gzwatch-Signature:
 * "sha256=" + hex(HmacSHA256(key = secret, message = X-Gzwatch-Timestamp + "." + body)).
 */
import { createHmac } from 'node:crypto';
import type { ChatSendResult } from '../../core/ports';
import { postJson, retryAfterMs, type PostOptions } from './post-json';

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export async function sendWebhook(url: string, secret: string | undefined, body: string, options: PostOptions & { now: number }): Promise<ChatSendResult> {
  const timestamp = String(Math.floor(options.now / 1000));
  const headers = secret ? { 'X-Gzwatch-Timestamp': timestamp, 'X-Gzwatch-Signature': webhookSignature(secret, timestamp, body) } : undefined;
  const answer = await postJson(url, body, { ...options, headers });
  if (!answer.ok) return answer.permanent ? { status: 'failed', reason: answer.reason } : { status: 'retry', reason: answer.reason };
  if (answer.status >= 200 && answer.status < 300) return { status: 'sent' };
  const said = `HTTP ${answer.status} ${answer.text.trim().slice(0, 200)}`.trim();
  if (answer.status === 408 || answer.status === 429 || answer.status >= 500) return { status: 'retry', reason: `the webhook answered ${said}`, retryAfterMs: retryAfterMs(answer.headers, options.now) };
  return { status: 'failed', reason: `the webhook refused the message (${said})` };
}
