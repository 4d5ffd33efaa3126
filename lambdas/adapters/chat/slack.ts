/**
 * Slack incoming webhook: POST the blocks; it answers the text "ok", or an HTTP error whose body
 * names the problem (invalid_payload, no_service, channel_not_found…), or 429 with Retry-After.
 */
import type { ChatSendResult } from '../../core/ports';
import { postJson, retryAfterMs, type PostOptions } from './post-json';

export async function sendSlack(url: string, body: string, options: PostOptions & { now: number }): Promise<ChatSendResult> {
  const answer = await postJson(url, body, options);
  if (!answer.ok) return answer.permanent ? { status: 'failed', reason: answer.reason } : { status: 'retry', reason: answer.reason };
  const said = answer.text.trim().slice(0, 200);
  if (answer.status === 200 && said === 'ok') return { status: 'sent' };
  if (answer.status === 429) return { status: 'retry', reason: `rate limited by Slack (429 ${said})`, retryAfterMs: retryAfterMs(answer.headers, options.now) };
  if (answer.status >= 500) return { status: 'retry', reason: `Slack answered HTTP ${answer.status} ${said}`.trim() };
  return { status: 'failed', reason: `Slack refused the message (${answer.status} ${said})` };
}
