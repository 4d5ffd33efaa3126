import { utf8Bytes } from '../../core/cut-text';

/**
 * An item's size by DynamoDB's own rule ("Item sizes and formats" in the DynamoDB developer guide),
 * which is what its 400 KB limit is checked against; dynalite counts differently, so a write that
 * passes locally is no proof. Values are as the document client takes them (before marshalling):
 *
 * - string: UTF-8 bytes; binary: raw bytes (not its base64); null and boolean: 1 byte;
 * - number: about 1 byte per two significant digits, plus 1 (leading and trailing zeros trimmed);
 * - list or map: 3 bytes, plus each element's size and 1 byte per element (a map element also
 *   counts its name's UTF-8 bytes); sets: the sum of their elements;
 * - each top-level attribute adds its name's UTF-8 bytes. `undefined` is dropped before writing.
 */
export const MAX_ITEM_BYTES = 400 * 1024;

function numberSize(n: number | bigint): number {
  // Significant digits of the decimal form, ignoring sign, point, exponent, leading/trailing zeros.
  const mantissa = String(n).toLowerCase().replace(/^-/, '').split('e')[0]!.replace('.', '');
  const significant = mantissa.replace(/^0+/, '').replace(/0+$/, '').length;
  return Math.ceil(Math.max(significant, 1) / 2) + 1;
}

export function attributeValueSize(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberSize(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (value instanceof Set) {
    let sum = 0;
    for (const element of value) sum += attributeValueSize(element);
    return sum;
  }
  if (Array.isArray(value)) {
    let sum = 3;
    for (const element of value) if (element !== undefined) sum += attributeValueSize(element) + 1;
    return sum;
  }
  if (typeof value === 'object') {
    let sum = 3;
    for (const [name, element] of Object.entries(value as Record<string, unknown>)) if (element !== undefined) sum += utf8Bytes(name) + attributeValueSize(element) + 1;
    return sum;
  }
  return 0;
}

export function itemSize(item: Record<string, unknown>): number {
  let sum = 0;
  for (const [name, value] of Object.entries(item)) if (value !== undefined) sum += utf8Bytes(name) + attributeValueSize(value);
  return sum;
}

/** Thrown when an item still exceeds its budget after every field was capped: a bug, not bad input. */
export class ItemTooLargeError extends Error {
  override readonly name = 'ItemTooLargeError';
}

/** Refuses (before DynamoDB would) an item over `budget` bytes, naming what it is. */
export function assertItemFits(item: Record<string, unknown>, what: string, budget = MAX_ITEM_BYTES): void {
  const size = itemSize(item);
  if (size > budget) throw new ItemTooLargeError(`${what}: the item is ${size} bytes, over the ${budget}-byte limit`);
}
