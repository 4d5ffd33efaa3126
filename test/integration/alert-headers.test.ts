import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import type { StoredArticle, Subscriber } from '../../lambdas/core/types';
import { alertBatch } from '../../lambdas/core/alerts/alert-batch';
import { sendAlertBatch } from '../../lambdas/core/use-cases/policy-alerts';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

let t: TestStore;
let smtp: SmtpSink;

beforeEach(async () => {
  t = await startTestStore();
  smtp = await startSmtpSink();
});
afterEach(async () => {
  await smtp.close();
  await t.close();
});

// A token whose every 8-character piece would be easy to spot in a header.
const token = 'a1b2c3d4e5f60718293a4b5c';
const follower: Subscriber = { email: 'policy@example.com', follows: ['policy-compute'], digestHour: 8, status: 'active', unsubscribeToken: token, sendEmpty: false, createdAt: '2026-11-01T00:00:00.000Z' };

function hugeDocument(): StoredArticle {
  const title = `广州市算力券管理办法${'（征求意见稿）'.repeat(15_000)}`;
  const body = '第二条 本市中小企业租用智算中心资源，可以申请算力券。';
  const start = body.indexOf('算力');
  return {
    id: 'doc1', url: 'https://www.gz.gov.cn/gfxwj/content/post_1001.html', title, body, publishedAt: '2026-11-20T02:00:00.000Z', source: 'gfxwj', sourceName: '广州市规范性文件库', sourceKind: 'policy',
    firstSeenAt: '2026-11-28T00:00:00.000Z', mentions: [{ entityId: 'policy-compute', name: '算力', kind: 'policy', text: '算力', start, end: start + 2, field: 'body', snippet: body }],
  };
}

test('an alert about a document with a 100,000-character title has a short Subject and a Message-ID without the unsubscribe token', async () => {
  await t.store.subscribers.add(follower);
  const mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
  const report = await sendAlertBatch(
    { store: t.store, now: () => new Date('2026-11-28T00:30:00.000Z'), from: 'gzwatch <gzwatch@example.com>', log: () => undefined, mailerFor: () => mailer, unsubscribeUrl: (s) => `https://gzwatch.example.com/u?t=${s.unsubscribeToken}`, retryBaseMs: 5 },
    alertBatch([{ kind: 'new', article: hugeDocument() }], '2026-11-28T00:30:00.000Z'),
  );
  expect(report).toMatchObject({ sent: 1, failed: 0 });
  const mail = smtp.received[0]!;
  expect(mail.subject!.startsWith('gzwatch 政策提醒')).toBe(true);
  expect([...mail.subject!].length).toBeLessThanOrEqual(200);
  // The huge title is in the message, cut, not in the header.
  expect(String(mail.text)).toContain('广州市算力券管理办法（征求意见稿）');
  // The folded, encoded header on the wire stays a few kilobytes at most (it was 550 KB).
  const raw = mail.headerLines.find((h) => h.key === 'subject')!.line;
  expect(Buffer.byteLength(raw)).toBeLessThan(2000);
  const messageId = mail.messageId!;
  expect(messageId).toMatch(/^<alert-[0-9a-z-]+\.[0-9a-f]{20}@gzwatch>$/);
  for (let i = 0; i + 4 <= token.length; i++) expect(messageId).not.toContain(token.slice(i, i + 4));
  // The unsubscribe link itself still carries the token, where it belongs.
  expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line.replace(/\r?\n\s+/g, ' ')).toBe(`List-Unsubscribe: <https://gzwatch.example.com/u?t=${token}>`);
});
