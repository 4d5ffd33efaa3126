import { attributeValueSize, itemSize, MAX_ITEM_BYTES } from '../../lambdas/adapters/dynamo/item-size';

// Each figure below is worked out by hand from DynamoDB's "Item sizes and formats" rules.
test('strings count the UTF-8 bytes of the name and of the value', () => {
  expect(itemSize({ pk: 'ARTICLE#ab' })).toBe(2 + 10);
  // 标题 is 6 bytes as a name; 云从科技 12 bytes as a value.
  expect(itemSize({ 标题: '云从科技' })).toBe(6 + 12);
  expect(itemSize({ e: '😀' })).toBe(1 + 4);
});

test('numbers: one byte per two significant digits plus one, leading and trailing zeros trimmed', () => {
  expect(attributeValueSize(12345)).toBe(3 + 1);
  expect(attributeValueSize(1_700_000_000)).toBe(1 + 1); // significant digits "17"
  expect(attributeValueSize(0.005)).toBe(1 + 1); // "5"
  expect(attributeValueSize(-12.5)).toBe(2 + 1); // "125"
  expect(itemSize({ attempts: 3 })).toBe(8 + 2);
});

test('binary counts raw bytes, not base64; null and booleans one byte', () => {
  expect(itemSize({ body: new Uint8Array(1000) })).toBe(4 + 1000);
  expect(itemSize({ ok: true, gone: null })).toBe(2 + 1 + 4 + 1);
});

test('lists and maps: 3 bytes, plus each element and 1 byte per element; map elements count their names', () => {
  // 3 + ("ab": 2 + 1) + (true: 1 + 1) = 8, plus the name "l".
  expect(itemSize({ l: ['ab', true] })).toBe(1 + 8);
  // 3 + (a: 1 + "x" 1 + 1) + (b: 1 + number 1 → 2, + 1) = 3 + 3 + 4 = 10, plus the name "m".
  expect(itemSize({ m: { a: 'x', b: 1 } })).toBe(1 + 10);
  expect(itemSize({ empty: [], none: {} })).toBe(5 + 3 + 4 + 3);
  // Nested: 3 + (inner: 5 + (3 + ("z": 1 + 1)) + 1) = 3 + 5 + 5 + 1 = 14.
  expect(attributeValueSize({ inner: ['z'] })).toBe(14);
});

test('undefined attributes are dropped before writing and count nothing', () => {
  expect(itemSize({ a: 'x', b: undefined, m: { c: undefined } })).toBe(2 + 1 + 3);
});

test('the limit is 400 KB of 1024 bytes', () => {
  expect(MAX_ITEM_BYTES).toBe(409_600);
});
