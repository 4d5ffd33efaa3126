import { parseMailFeedback } from '../../lambdas/core/mail-feedback';
import { linkToken, parseLinkToken, tokenMatches } from '../../lambdas/core/web/link-token';
import { fromFunctionUrlEvent } from '../../lambdas/core/web/function-url';
import { RateLimiter } from '../../lambdas/core/web/rate-limit';
import { publicLinks } from '../../lambdas/core/web/public-links';
import { resolveFollows, splitNames } from '../../lambdas/core/web/watchlist-names';
import { defaultWatchlist } from '../../lambdas/default-watchlist';
import type { Subscriber } from '../../lambdas/core/types';
import { functionUrlEvent } from '../support/lambda-events';

const reader: Subscriber = { email: 'Reader@Gzwatch.test', follows: [], digestHour: 8, status: 'active', unsubscribeToken: '0123456789abcdef0123456789abcdef', sendEmpty: false, createdAt: '2026-12-01T00:00:00.000Z' };

describe('link tokens', () => {
  test('carry the address and the secret; only the exact secret matches', () => {
    const token = linkToken(reader);
    expect(parseLinkToken(token)).toEqual({ email: 'reader@gzwatch.test', secret: reader.unsubscribeToken });
    expect(tokenMatches(reader, reader.unsubscribeToken)).toBe(true);
    expect(tokenMatches(reader, reader.unsubscribeToken.replace(/.$/, '0'))).toBe(false);
    expect(tokenMatches(reader, reader.unsubscribeToken.slice(1))).toBe(false);
  });

  test.each(['', 'abc', 'cmVhZGVy.0123', '!!!.0123456789abcdef0123456789abcdef', 'bm90LWFuLWVtYWls.0123456789abcdef0123456789abcdef'])('%j is not a token', (t) => {
    expect(parseLinkToken(t)).toBeUndefined();
  });
});

test('public links sit under GZWATCH_PUBLIC_URL, with or without a path and a trailing slash', () => {
  const a = publicLinks('https://gzwatch.example.org/');
  expect(a.unsubscribe(reader)).toBe(`https://gzwatch.example.org/unsubscribe/${linkToken(reader)}`);
  expect(a.basePath).toBe('');
  const b = publicLinks('https://example.org/watch');
  expect(b.digest(reader, '2026-12-01')).toBe(`https://example.org/watch/digests/${linkToken(reader)}/2026-12-01`);
  expect(b.basePath).toBe('/watch');
  expect(b.entityFeed('company-cloudwalk', 'json')).toBe('https://example.org/watch/feeds/company-cloudwalk.json');
});

test('names resolve by any spelling; kinds and tags stand for themselves; the rest is unknown', () => {
  const entities = defaultWatchlist();
  expect(splitNames('云从科技，CloudWalk、 算力;；\nTEMU')).toEqual(['云从科技', 'CloudWalk', '算力', 'TEMU']);
  expect(resolveFollows(entities, ['雲從科技', 'cloudwalk', 'policy', 'ai', 'Nobody'])).toEqual({ follows: ['company-cloudwalk', 'policy', 'ai'], unknown: ['Nobody'] });
});

test('the per-client limit allows `limit` requests a window, per client, and forgets after the window', () => {
  const limiter = new RateLimiter(2, 1000);
  expect([limiter.allow('a', 0), limiter.allow('a', 10), limiter.allow('a', 20), limiter.allow('b', 20)]).toEqual([true, true, false, true]);
  expect(limiter.allow('a', 1000)).toBe(true);
});

test('a Function URL event becomes the router request, base64 bodies decoded', () => {
  const event = functionUrlEvent('POST', '/unsubscribe/x?lang=en', 'List-Unsubscribe=One-Click', { 'Content-Type': 'application/x-www-form-urlencoded', 'x-test-base64': '1' });
  expect(fromFunctionUrlEvent(event)).toEqual({
    method: 'POST',
    path: '/unsubscribe/x',
    query: { lang: 'en' },
    headers: { host: 'abc123.lambda-url.us-east-1.on.aws', 'content-type': 'application/x-www-form-urlencoded', 'x-test-base64': '1' },
    body: 'List-Unsubscribe=One-Click',
    client: '198.51.100.7',
  });
});

describe('SES feedback', () => {
  test('a permanent bounce suppresses its recipients, with the reason', () => {
    const message = JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bounceSubType: 'NoEmail', bouncedRecipients: [{ emailAddress: 'gone@gzwatch.test', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }] } });
    expect(parseMailFeedback(message)).toEqual({ reason: 'bounced', emails: ['gone@gzwatch.test'], detail: 'NoEmail: smtp; 550 5.1.1 user unknown' });
  });

  test('a complaint, in the notification format too', () => {
    expect(parseMailFeedback(JSON.stringify({ notificationType: 'Complaint', complaint: { complaintFeedbackType: 'abuse', complainedRecipients: [{ emailAddress: 'angry@gzwatch.test' }] } }))).toEqual({ reason: 'complained', emails: ['angry@gzwatch.test'], detail: 'abuse' });
  });

  test.each([
    JSON.stringify({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: 'full@gzwatch.test' }] } }),
    JSON.stringify({ eventType: 'Delivery' }),
    'not json',
  ])('%s suppresses nobody', (message) => {
    expect(parseMailFeedback(message)).toBeUndefined();
  });
});
