import { createSmtpMailer } from '../../lambdas/adapters/mail/smtp-mailer';
import { articleIdForUrl } from '../../lambdas/core/article-id';
import type { Mailer } from '../../lambdas/core/ports';
import type { Subscriber } from '../../lambdas/core/types';
import { deliverDigests } from '../../lambdas/core/use-cases/deliver-digests';
import { startTestStore, type TestStore } from '../helpers/dynalite-store';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink';

/** Readers who follow the same things share one render per run: each still gets their own name and link. */
let t: TestStore;
let smtp: SmtpSink;
let mailer: Mailer;
const now = new Date('2026-11-28T00:30:00.000Z');
const reader = (email: string, name: string | undefined, token: string): Subscriber => ({ email, name, follows: ['company-cloudwalk'], digestHour: 8, status: 'active', unsubscribeToken: token, sendEmpty: false, createdAt: '2026-11-01T00:00:00.000Z' });

beforeEach(async () => {
  t = await startTestStore();
  smtp = await startSmtpSink();
  mailer = createSmtpMailer(smtp.url, { timeoutMs: 5000 });
  const url = 'https://news.dayoo.com/guangzhou/202611/27/1.htm';
  const body = '云从科技在广州发布了新的行业模型。';
  await t.store.articles.putIfNew({
    id: articleIdForUrl(url), url, title: '云从科技发布行业模型', body, publishedAt: '2026-11-27T02:00:00.000Z', source: 'dayoo', sourceName: '广州日报·大洋网', sourceKind: 'news',
    firstSeenAt: '2026-11-27T12:00:00.000Z', mentions: [{ entityId: 'company-cloudwalk', name: '云从科技', kind: 'company', text: '云从科技', start: 0, end: 4, field: 'body', snippet: body }],
  });
});
afterEach(async () => {
  await mailer.close?.();
  await smtp.close();
  await t.close();
});

test('three readers of the same follows each see their own name, escaped, and their own unsubscribe link', async () => {
  const readers = [reader('li@example.com', '李<读者>', 'tokli'), reader('wang@example.com', '王读者', 'tokwang'), reader('anon@example.com', undefined, 'tokanon')];
  const results = await deliverDigests(
    { store: t.store, mailerFor: () => mailer, now: () => now, from: 'gzwatch <gzwatch@example.com>', log: () => undefined, unsubscribeUrl: (s) => `https://gzwatch.example.com/unsubscribe?token=${s.unsubscribeToken}&a=1` },
    readers,
    '2026-11-28',
  );
  expect(results.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  const mail = (to: string) => smtp.received.find((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.value.some((v) => v.address === to)))!;
  const li = mail('li@example.com');
  expect(li.html as string).toContain('李&lt;读者&gt;，以下是');
  expect(li.html as string).toContain('href="https://gzwatch.example.com/unsubscribe?token=tokli&amp;a=1"');
  expect(li.text).toContain('https://gzwatch.example.com/unsubscribe?token=tokli&a=1');
  expect(mail('wang@example.com').html as string).toContain('王读者，以下是');
  expect(mail('wang@example.com').text).toContain('token=tokwang&a=1');
  const anon = mail('anon@example.com');
  expect(anon.html as string).toContain('>以下是');
  expect(anon.html as string).not.toMatch(/gzwatchRecipientName|unsubscribe-slot|tokli|tokwang/);
  for (const m of smtp.received) expect(m.html as string).toContain('云从科技发布行业模型');
});
