/** WeCom (企业微信) group robot: POST the markdown body to the webhook URL (its key is the credential); the answer is {errcode, errmsg}. */
import type { ChatSendResult } from '../../core/ports';
import { answerJson, postJson, type PostOptions } from './post-json';

const RATE_LIMITED = new Set([45009]);
// -1: the platform is busy; worth another try later.
const BUSY = new Set([-1]);

export async function sendWecom(url: string, body: string, options: PostOptions): Promise<ChatSendResult> {
  const answer = await postJson(url, body, options);
  if (!answer.ok) return answer.permanent ? { status: 'failed', reason: answer.reason } : { status: 'retry', reason: answer.reason };
  if (answer.status >= 500) return { status: 'retry', reason: `WeCom answered HTTP ${answer.status}` };
  const json = answerJson(answer.text);
  const code = typeof json?.errcode === 'number' ? json.errcode : undefined;
  if (code === 0) return { status: 'sent' };
  const said = `${code ?? `HTTP ${answer.status}`} ${String(json?.errmsg ?? answer.text.slice(0, 200))}`.trim();
  if (code !== undefined && RATE_LIMITED.has(code)) return { status: 'retry', reason: `rate limited by WeCom (${said})` };
  if (code !== undefined && BUSY.has(code)) return { status: 'retry', reason: `WeCom busy (${said})` };
  if (code === 93000) return { status: 'failed', reason: `WeCom does not know this robot: check the webhook URL's key (${said})` };
  return { status: 'failed', reason: `WeCom refused the message (${said})` };
}
