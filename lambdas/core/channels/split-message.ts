import type { ChannelItem, ChannelMessage } from './channel';

/** One message's worth of a ChannelMessage: what a renderer turns into one post. */
export interface MessagePart {
  title: string;
  /** The lead (first part only). */
  markdown: string;
  text: string;
  url?: string;
  items: ChannelItem[];
  /** 1-based position and how many parts there are. */
  index: number;
  count: number;
}

/** Renders a part to the platform's body, and says whether that body is within the platform's limits. */
export interface PartFormat<T> {
  render(part: MessagePart): T;
  fits(body: T): boolean;
}

function shorten(value: string, chars: number): string {
  if (value.length <= chars) return value;
  return `${Array.from(value).slice(0, Math.max(0, chars - 1)).join('')}…`;
}

/** The longest prefix (in characters) of `value` for which `fits` holds, found by bisection. */
function longestFitting(value: string, fits: (v: string) => boolean): string {
  if (fits(value)) return value;
  let low = 0;
  let high = Array.from(value).length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(shorten(value, mid))) low = mid;
    else high = mid - 1;
  }
  return shorten(value, low);
}

/**
 * Packs the items into as few parts as fit the platform, keeping their order: a long batch becomes
 * several messages, (1/3), (2/3)… An item too long for a message of its own has its summary, then
 * its title, shortened; the lead goes with the first part only.
 */
export function splitMessage<T>(message: ChannelMessage, format: PartFormat<T>): T[] {
  // Measured with the widest label a real split can have, so the final labels never push a part over.
  const probe = (p: Omit<MessagePart, 'index' | 'count'>) => format.fits(format.render({ ...p, index: 99, count: 99 }));
  let lead = { markdown: message.markdown, text: message.text };
  const base = { title: message.title, url: message.url };
  if (!probe({ ...base, ...lead, items: [] })) {
    const markdown = longestFitting(lead.markdown, (m) => probe({ ...base, markdown: m, text: shorten(lead.text, m.length), items: [] }));
    lead = { markdown, text: shorten(lead.text, Array.from(markdown).length) };
  }
  const parts: Omit<MessagePart, 'index' | 'count'>[] = [];
  let current: Omit<MessagePart, 'index' | 'count'> = { ...base, ...lead, items: [] };
  const fresh = () => ({ ...base, markdown: '', text: '', items: [] as ChannelItem[] });
  /** The item shortened (summary first, then title) to fit after what `into` holds already. */
  const shortenInto = (into: typeof current, item: ChannelItem): ChannelItem | undefined => {
    const summary = longestFitting(item.summary, (v) => probe({ ...into, items: [...into.items, { ...item, summary: v }] }));
    if (probe({ ...into, items: [...into.items, { ...item, summary }] })) return { ...item, summary };
    const title = longestFitting(item.title, (v) => probe({ ...into, items: [...into.items, { ...item, summary: '', title: v }] }));
    return probe({ ...into, items: [...into.items, { ...item, summary: '', title }] }) ? { ...item, summary: '', title } : undefined;
  };
  for (const item of message.items) {
    const withItem = { ...current, items: [...current.items, item] };
    if (probe(withItem)) {
      current = withItem;
      continue;
    }
    const alone = { ...fresh(), items: [item] };
    if (probe(alone)) {
      if (current.items.length || current.markdown || current.text) parts.push(current);
      current = alone;
      continue;
    }
    // Too long for any message: shortened where it stands, unless almost nothing of it would fit there.
    const here = shortenInto(current, item);
    if (here && here.summary.length >= Math.min(item.summary.length, 200)) {
      current = { ...current, items: [...current.items, here] };
      continue;
    }
    if (current.items.length || current.markdown || current.text) parts.push(current);
    const empty = fresh();
    current = { ...empty, items: [shortenInto(empty, item) ?? { ...item, summary: '' }] };
  }
  if (current.items.length || current.markdown || current.text || !parts.length) parts.push(current);
  return parts.map((p, i) => format.render({ ...p, index: i + 1, count: parts.length }));
}

export { shorten };
