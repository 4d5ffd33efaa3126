/**
 * RSS (0.9x, 1.0 and 2.0) and Atom feeds, read with cheerio's XML mode (htmlparser2 underneath,
 * already in every bundle that extracts pages). rss-parser did the same through xml2js, sax and
 * xmlbuilder (~150 kB minified) and only answered through a promise; the handful of elements we
 * map is easy to walk by hand. htmlparser2 is also forgiving where sax's strict mode gave up on
 * the whole feed (a bare `&` in a URL, an HTML entity like &nbsp;).
 */
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { siteFailure } from '../errors';
import { absoluteUrl } from '../canonical-url';
import { parseChineseDate } from '../dates';
import type { ListedItem } from '../types';
import { cleanInline, htmlToText } from './text';

type Format = 'rss' | 'atom';

function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Element children whose name is one of `names` (case-insensitive: feeds in the wild vary). */
function childrenNamed(parent: Element, ...names: string[]): Element[] {
  return parent.children.filter((node): node is Element => isElement(node) && names.includes(node.name.toLowerCase()));
}

function firstNamed(parent: Element, ...names: string[]): Element | undefined {
  return childrenNamed(parent, ...names)[0];
}

/** The feed's items and its format, or why this is not a feed. */
function findItems(root: Element[]): { format: Format; items: Element[] } | string {
  const top = root[0];
  if (!top) return 'no root element';
  const name = top.name.toLowerCase();
  if (name === 'feed') return { format: 'atom', items: childrenNamed(top, 'entry') };
  // RSS 1.0 puts its items beside the channel, 0.9x and 2.0 inside it.
  const inChannels = childrenNamed(top, 'channel').flatMap((channel) => childrenNamed(channel, 'item'));
  if (name === 'rdf:rdf') return { format: 'rss', items: [...childrenNamed(top, 'item'), ...inChannels] };
  if (name === 'rss') return { format: 'rss', items: inChannels };
  return `the root element is <${top.name}>, not <rss>, <rdf:RDF> or <feed>`;
}

/**
 * An element's content as HTML. Text, CDATA and entity-escaped HTML all come back from text()
 * already unescaped; Atom's type="xhtml" carries real child elements, which are serialised.
 */
function htmlOf($: CheerioAPI, el: Element | undefined): string {
  if (!el) return '';
  if ((el.attribs.type ?? '').toLowerCase() === 'xhtml') return $(el).html() ?? '';
  return $(el).text();
}

/** Atom's link: rel="alternate" (the default when rel is absent), else the first with an href. */
function atomLink(entry: Element): string | undefined {
  const links = childrenNamed(entry, 'link').filter((l) => l.attribs.href);
  const alternate = links.find((l) => (l.attribs.rel ?? 'alternate') === 'alternate');
  return (alternate ?? links[0])?.attribs.href?.trim();
}

/** RSS's link is text; a few feeds write <link href="…"/> instead. */
function rssLink($: CheerioAPI, item: Element): string | undefined {
  const link = firstNamed(item, 'link');
  if (!link) return undefined;
  return $(link).text().trim() || link.attribs.href?.trim() || undefined;
}

function textOf($: CheerioAPI, el: Element | undefined): string {
  return el ? $(el).text().trim() : '';
}

function title($: CheerioAPI, el: Element | undefined): string {
  if (!el) return '';
  const type = (el.attribs.type ?? '').toLowerCase();
  // Atom titles may be typed HTML: read them as a reader would, not as markup.
  if (type === 'html' || type === 'xhtml') return cleanInline(htmlToText(htmlOf($, el)));
  const text = $(el).text();
  // HTML entities XML does not define (&nbsp;, &ldquo;) or escaped twice survive XML decoding.
  return cleanInline(/&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text) ? htmlToText(text) : text);
}

function toItem($: CheerioAPI, entry: Element, format: Format, pageUrl: string): ListedItem | undefined {
  const guid = textOf($, firstNamed(entry, format === 'atom' ? 'id' : 'guid'));
  const link = format === 'atom' ? atomLink(entry) : rssLink($, entry);
  const url = absoluteUrl(link || (/^https?:/.test(guid) ? guid : undefined), pageUrl);
  if (!url) return undefined;
  const item: ListedItem = { url };
  const heading = title($, firstNamed(entry, 'title'));
  if (heading) item.title = heading;

  // Raw strings to parseChineseDate: a zone-less date is Beijing time, not the server's zone.
  for (const name of ['pubdate', 'published', 'dc:date', 'updated']) {
    const published = parseChineseDate(textOf($, firstNamed(entry, name)));
    if (published) {
      item.publishedAt = published;
      break;
    }
  }

  const fullHtml = htmlOf($, firstNamed(entry, format === 'atom' ? 'content' : 'content:encoded'));
  const body = fullHtml ? htmlToText(fullHtml) : '';
  if (body) item.body = body;
  const summaryHtml = htmlOf($, firstNamed(entry, format === 'atom' ? 'summary' : 'description'));
  const summary = summaryHtml ? htmlToText(summaryHtml) : '';
  if (summary && summary !== body) item.summary = summary;
  return item;
}

/** The items of an RSS or Atom feed; SourceFailure('extraction') when the text is not a feed. */
export function parseFeed(xml: string, pageUrl: string): ListedItem[] {
  const $ = load(xml.replace(/^\ufeff/, '').trim(), { xml: true });
  const top = $.root().children().toArray() as Element[];
  const found = findItems(top);
  if (typeof found === 'string') {
    throw siteFailure('extraction', `feed at ${pageUrl} could not be read: ${found}`, pageUrl);
  }
  const out: ListedItem[] = [];
  for (const entry of found.items) {
    const item = toItem($, entry, found.format, pageUrl);
    if (item) out.push(item);
  }
  return out;
}
