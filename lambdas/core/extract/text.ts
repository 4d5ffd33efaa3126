/**
 * Turning HTML into the plain text the matcher reads: one paragraph per line, whitespace,
 * &nbsp; and the full-width space \u3000 collapsed to single spaces.
 */
import { boundHtml } from './bounded-html';
import { load, type CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';

/** Elements that start a new line when rendered; everything else flows inline. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'center', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
]);

/** Never text a reader sees. */
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'select', 'option', 'textarea', 'button', 'object', 'embed', 'head', 'title', 'meta', 'link']);

/** Collapses whitespace (including \u3000 and no-break spaces) and trims. */
export function cleanInline(text: string): string {
  return text.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, ' ').trim();
}

/** Cleans every line, drops empty ones, joins with "\n". */
export function cleanLines(text: string): string {
  return text
    .split('\n')
    .map(cleanInline)
    .filter((line) => line.length > 0)
    .join('\n');
}

function walk(node: AnyNode, out: string[]): void {
  if (node.type === 'text') {
    out.push(node.data);
    return;
  }
  if (node.type !== 'tag' && node.type !== 'root' && node.type !== 'script' && node.type !== 'style') return;
  if (node.type !== 'root') {
    const name = (node as Element).name.toLowerCase();
    if (SKIP.has(name)) return;
    const block = BLOCK.has(name);
    if (block) out.push('\n');
    // Table cells sit side by side: keep them on one line, apart.
    if (name === 'td' || name === 'th') out.push(' ');
    for (const child of (node as Element).children) walk(child, out);
    if (block) out.push('\n');
    return;
  }
  for (const child of node.children) walk(child, out);
}

/** Plain text of some nodes, paragraphs on their own lines. */
export function nodesToText(nodes: Iterable<AnyNode>): string {
  const out: string[] = [];
  for (const node of nodes) walk(node, out);
  return cleanLines(out.join(''));
}

/** Plain text of an HTML fragment (feed and API bodies carry HTML). */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return cleanLines(html);
  const $ = load(boundHtml(html));
  return nodesToText($.root().toArray());
}

export function loadHtml(html: string): CheerioAPI {
  return load(boundHtml(html));
}
