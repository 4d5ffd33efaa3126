import { cutText } from '../../core/cut-text';
import { escapeHtml } from '../../core/digest/escape-html';
import { capSubject, outboxMessageId } from '../../core/mail-headers';
import type { MailAttachment, OutboxRecord } from '../../core/ports';
import { assertItemFits, itemSize, MAX_ITEM_BYTES } from './item-size';
import { pack, unpack } from './packed';
import { OUTBOX_DAYS, expiresAt } from './retention';
import { withoutKeys } from './paginate';

/**
 * How one outbox record is stored. The message itself (html, text, inline images) is packed into
 * one Binary attribute `content`, and the whole item is kept under OUTBOX_ITEM_BUDGET bytes by
 * DynamoDB's size rule, so that a huge digest or alert can never make its delivery record
 * unwritable: past the budget the inline images are dropped first, then the message is replaced
 * by its text, cut, with a note saying so.
 */

/** Room left under 400 KB for what later updates add (lease, claim, the last error). */
export const OUTBOX_ITEM_BUDGET = MAX_ITEM_BYTES - 8 * 1024;
export const MAX_ERROR_CHARS = 1000;
const MAX_HEADER_BYTES = 2000;

export const outboxKey = (recipient: string, key: string) => ({ pk: `OUTBOX#${recipient.toLowerCase()}`, sk: key });
/** The message of a record, in its own partition so that listing a recipient's records never reads messages. */
export const outboxBodyKey = (recipient: string, bodyKey: string) => ({ pk: `OUTBODY#${recipient.toLowerCase()}`, sk: bodyKey });
/** One small item per recipient: the keys of records not yet SENT or FAILED. */
export const unsentMarkerKey = (recipient: string) => ({ pk: `UNSENT#${recipient.toLowerCase()}`, sk: 'UNSENT' });

/**
 * The record as two items: the delivery state (about a kilobyte, rewritten at each step) and the
 * message, written once under `<key>#<id>` and named by the record's `body`.
 */
export function toOutboxItems(record: OutboxRecord, id: string): { record: Record<string, unknown>; body: Record<string, unknown> } {
  const { content, trimmed, ...state } = toOutboxItem(record);
  const bodyKey = `${record.key}#${id}`;
  return {
    record: { ...state, body: bodyKey },
    body: { ...outboxBodyKey(record.recipient, bodyKey), recipient: record.recipient, content, trimmed, expiresAt: state.expiresAt },
  };
}

interface Content {
  html: string;
  text: string;
  attachments?: MailAttachment[];
}

const TRIMMED_NOTE = '(This message was too large to store for delivery; gzwatch shortened it. 此邮件过大，已截短。)';

/** The same message, shortened so that its packed form stays within `bytes` (deflate never grows text by more than a fraction of a percent). */
function shortened(content: Content, bytes: number): Content {
  const text = cutText(content.text, { maxBytes: Math.floor(bytes / 4) });
  const htmlText = cutText(content.text, { maxBytes: Math.floor(bytes / 12) });
  return {
    text: `${TRIMMED_NOTE}\n\n${text}`,
    html: `<!doctype html><html><body><p>${escapeHtml(TRIMMED_NOTE)}</p><pre style="white-space:pre-wrap;font-family:inherit">${escapeHtml(htmlText)}</pre></body></html>`,
  };
}

export function toOutboxItem(record: OutboxRecord): Record<string, unknown> {
  const { html, text, attachments, ...rest } = record;
  const headers = Object.fromEntries(Object.entries(record.headers ?? {}).map(([k, v]) => [k.slice(0, 100), cutText(String(v).replace(/[\r\n]+/g, ' '), { maxBytes: MAX_HEADER_BYTES }, '')]));
  const base: Record<string, unknown> = {
    ...outboxKey(record.recipient, record.key),
    ...rest,
    subject: capSubject(record.subject),
    headers,
    // Derived here, by construction: no caller can put a secret (an unsubscribe token) into it.
    messageId: outboxMessageId(record.recipient, record.key),
    lastError: record.lastError === undefined ? undefined : cutText(record.lastError, { maxChars: MAX_ERROR_CHARS }),
    expiresAt: expiresAt(record.createdAt, OUTBOX_DAYS),
  };
  const room = OUTBOX_ITEM_BUDGET - itemSize(base) - 'content'.length;
  let content: Content = { html, text, attachments };
  let packed = pack(content);
  if (packed.byteLength > room && attachments?.length) packed = pack((content = { html, text }));
  if (packed.byteLength > room) packed = pack((content = shortened(content, room)));
  const item = { ...base, content: packed, trimmed: content.html !== html || content.attachments !== attachments || undefined };
  assertItemFits(item, `outbox ${record.recipient} ${record.key}`, OUTBOX_ITEM_BUDGET);
  return item;
}

/** Reads a stored record; records written before `content` existed keep html/text as plain attributes. */
export function fromOutboxItem(item: Record<string, unknown>): OutboxRecord {
  const { content, trimmed: _trimmed, body: _body, ...stored } = withoutKeys<OutboxRecord & { content?: unknown; trimmed?: boolean; body?: string }>(item);
  // Derived again on reading, so that a record written before Message-IDs were derived (with bits
  // of the unsubscribe token in them) is sent with a clean one too.
  const rest = stored.recipient && stored.key ? { ...stored, messageId: outboxMessageId(stored.recipient, stored.key) } : stored;
  if (content === undefined) return rest;
  const unpacked = unpack<Content>(content, { html: '', text: '' });
  return { ...rest, html: unpacked.html, text: unpacked.text, ...(unpacked.attachments ? { attachments: unpacked.attachments } : {}) };
}
