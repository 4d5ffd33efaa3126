import { cutText, utf8Bytes } from '../../lambdas/core/cut-text';
import { capSubject, outboxMessageId } from '../../lambdas/core/mail-headers';

test('UTF-8 byte counts: ASCII 1, CJK 3, an emoji (a surrogate pair) 4', () => {
  expect(utf8Bytes('abc')).toBe(3);
  expect(utf8Bytes('云从科技')).toBe(12);
  expect(utf8Bytes('a😀b')).toBe(6);
  expect(utf8Bytes('é')).toBe(2);
});

test('cutting by characters and bytes ends on a character boundary with an ellipsis', () => {
  expect(cutText('广州人工智能', { maxChars: 4 })).toBe('广州人…');
  // 10 bytes: the ellipsis (3) leaves 7, which holds two CJK characters (6) but not a third.
  expect(cutText('广州人工智能', { maxBytes: 10 })).toBe('广州…');
  // An emoji is never split in half.
  expect(cutText('ab😀😀', { maxBytes: 8 })).toBe('ab…');
  expect(cutText('short', { maxChars: 200, maxBytes: 600 })).toBe('short');
});

test('a 100,000-character title makes a subject of 200 characters ending in an ellipsis', () => {
  const subject = capSubject(`gzwatch policy alert: ${'算'.repeat(100_000)}`);
  expect([...subject]).toHaveLength(200);
  expect(subject.endsWith('…')).toBe(true);
  expect(utf8Bytes(subject)).toBeLessThanOrEqual(600);
  expect(capSubject('line one\r\nline two')).toBe('line one line two');
});

test('Message-IDs come from the record: stable, distinct per recipient and key, readable', () => {
  const id = outboxMessageId('Reader@Example.com', 'ALERT#abc123#new');
  expect(id).toMatch(/^<alert-abc123-new\.[0-9a-f]{20}@gzwatch>$/);
  expect(outboxMessageId('reader@example.com', 'ALERT#abc123#new')).toBe(id);
  expect(outboxMessageId('other@example.com', 'ALERT#abc123#new')).not.toBe(id);
  expect(outboxMessageId('reader@example.com', 'DIGEST#2026-11-28')).toMatch(/^<digest-2026-11-28\.[0-9a-f]{20}@gzwatch>$/);
});
