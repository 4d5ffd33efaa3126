/**
 * Proposing a source from one list page, like a visual selector but for lists: find the repeating
 * group of article links, describe it with CSS selectors that really select it, generalise its URLs
 * into a `match` pattern, and find the title/date/body containers on sample articles. Pure: the
 * caller fetches the pages.
 */
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { absoluteUrl, canonicalUrl } from '../canonical-url';
import type { ArticleSelectors, HtmlListSpec } from '../types';
import { readHtmlList, siteOf } from './list-html';
import { cleanInline, loadHtml } from './text';
import { findTitle } from './title';

export interface ListProposal {
  list: HtmlListSpec;
  match: string;
  /** The article URLs the proposal selects on the page, in page order. */
  urls: string[];
  /** The page's own name (its <title>), a starting point for the source's name. */
  pageTitle: string;
}

export type ProposeResult = { ok: true; proposal: ListProposal } | { ok: false; reason: string };

/** Page furniture: links here are never the list, however regular they look. */
const FURNITURE = 'nav, footer, header, #nav, .nav, .navbar, .menu, #menu, .footer, #footer, .header, #header, .breadcrumb, .crumbs, .curmb, .pagination, .pager, .page, #page_div, .pages, .top, .bottom, .friend-link, .links';
const NOT_A_TITLE = /^(更多|more|下一页|上一页|首页|尾页|末页|上页|下页|返回|查看更多|详情|阅读全文|\d+)$/i;
const CJK = /[\u3400-\u9fff]/g;
const SAFE_NAME = /^[A-Za-z_][\w-]*$/;

/** Text a person would call a headline: 6–80 characters, mostly Chinese or words. */
export function looksLikeTitle(text: string): boolean {
  const t = cleanInline(text);
  if (t.length < 6 || t.length > 80 || NOT_A_TITLE.test(t)) return false;
  const dense = t.replace(/\s/g, '');
  const cjk = (dense.match(CJK) ?? []).length;
  const words = t.split(/\s+/).filter((w) => /[A-Za-z]{2,}/.test(w)).length;
  return cjk / dense.length >= 0.4 || words >= 3;
}

function linkText(a: Cheerio<Element>): string {
  return cleanInline(a.attr('title') ?? '') || cleanInline(a.text());
}

function classes(el: Element): string[] {
  return (el.attribs.class ?? '').split(/\s+/).filter((c) => SAFE_NAME.test(c));
}

/** One element as a selector step: tag#id, else tag.class.class, else the tag. */
function step(el: Element, withId = true): string {
  const id = el.attribs.id;
  if (withId && id && SAFE_NAME.test(id) && !/\d{3,}/.test(id)) return `${el.name}#${id}`;
  const cls = classes(el);
  return cls.length ? `${el.name}.${cls.join('.')}` : el.name;
}

/** Where a link sits: its chain of tag.class steps up to <body>, without positions. */
function signature(a: Element): string {
  const parts: string[] = [];
  for (let el: Element | null = a; el && el.type === 'tag' && el.name !== 'body' && el.name !== 'html'; el = el.parent as Element | null) parts.push(step(el, false));
  return parts.reverse().join('>');
}

function ancestors(el: Element): Element[] {
  const out: Element[] = [];
  for (let p = el.parent as Element | null; p && p.type === 'tag'; p = p.parent as Element | null) out.push(p);
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A path segment with its numbers generalised: post_10579876.html → post_\d+\.html. */
function segmentPattern(segment: string): string {
  return segment
    .split(/(\d+)/)
    .map((part, i) => (i % 2 ? '\\d+' : escape(part)))
    .join('');
}

/**
 * One regex for a group of URLs: segments that agree stay literal (numbers generalised), the
 * last segment keeps its extension, others that differ become "any segment".
 */
export function generaliseUrls(urls: string[]): string {
  const parsed = urls.map((u) => new URL(u));
  const hosts = new Set(parsed.map((u) => u.host));
  const host = hosts.size === 1 ? escape([...hosts][0]!) : `(?:[\\w-]+\\.)*${escape(siteOf(parsed[0]!.hostname))}`;
  const paths = parsed.map((u) => u.pathname.split('/').map(segmentPattern));
  const depth = Math.max(...paths.map((p) => p.length));
  const segments: string[] = [];
  for (let i = 0; i < depth; i += 1) {
    const values = new Set(paths.map((p) => p[i] ?? ''));
    if (values.size === 1) segments.push([...values][0]!);
    else if (i === depth - 1) {
      const ext = new Set([...values].map((v) => /\\\.[A-Za-z]+$/.exec(v)?.[0] ?? ''));
      const numbered = [...values].every((v) => v.includes('\\d+'));
      segments.push(`[^/]*${numbered ? '\\d+[^/]*' : ''}${ext.size === 1 ? [...ext][0]! : ''}`);
    } else segments.push('[^/]+');
  }
  const query = parsed.some((u) => u.search) ? '(?:\\?.*)?' : '';
  return `^https?://${host}${segments.join('/')}${query}$`;
}

interface Candidate {
  a: Element;
  url: string;
  title: string;
}

/** A selector for `el` that selects it first: its own step, led by ancestors' steps until it is. */
function selectorFor($: CheerioAPI, el: Element, within?: Element): string {
  let sel = step(el);
  const scope: Cheerio<AnyNode> = within ? $(within) : $.root();
  for (const up of ancestors(el)) {
    if (up === within) break;
    const found = scope.find(sel);
    if (found.length === 1 && found[0] === el) return sel;
    if (up.name === 'body' || up.name === 'html') break;
    sel = `${step(up)} > ${sel}`;
  }
  return sel;
}

/** Of a group of links, the element that repeats once per link: the highest ancestor holding only one of them. */
function itemOf(a: Element, container: Element): Element {
  let item = a;
  for (let p = a.parent as Element | null; p && p !== container; p = p.parent as Element | null) item = p;
  return item;
}

function lowestCommonAncestor(elements: Element[]): Element | null {
  const first = [elements[0]!, ...ancestors(elements[0]!)];
  const others = elements.slice(1).map((e) => new Set([e, ...ancestors(e)]));
  return first.find((el) => others.every((set) => set.has(el))) ?? null;
}

/** A short date-looking text inside a row (2026-11-26, 2026年11月26日, 11-26). */
const DATE_TEXT = /^[[(（]?\s*(?:20\d\d[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}日?|\d{1,2}[-/月]\d{1,2}日?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])）]?$/;

function dateSelector($: CheerioAPI, itemSel: string): string | undefined {
  const rows = $(itemSel).toArray() as Element[];
  const counts = new Map<string, number>();
  for (const row of rows) {
    const seen = new Set<string>();
    $(row)
      .find('*')
      .not('a')
      .each((_, node) => {
        const el = node as Element;
        if ($(el).find('a').length || !DATE_TEXT.test(cleanInline($(el).text()))) return;
        const sel = step(el, false);
        if (!seen.has(sel)) counts.set(sel, (counts.get(sel) ?? 0) + 1);
        seen.add(sel);
      });
  }
  const best = [...counts].sort((x, y) => y[1] - x[1])[0];
  return best && best[1] >= rows.length / 2 ? best[0] : undefined;
}

/** The repeating list of article links on a list page, as a list spec and a match pattern. */
export function proposeList(html: string, pageUrl: string): ProposeResult {
  const $ = loadHtml(html);
  const site = siteOf(new URL(pageUrl).hostname);
  const groups = new Map<string, Candidate[]>();
  let links = 0;
  $('a[href]').each((_, node) => {
    const a = node as Element;
    links += 1;
    const absolute = absoluteUrl(a.attribs.href, pageUrl);
    if (!absolute || !/^https?:/.test(absolute) || siteOf(new URL(absolute).hostname) !== site) return;
    const url = canonicalUrl(absolute);
    if (url.replace(/#.*$/, '') === canonicalUrl(pageUrl) || new URL(url).pathname === '/') return;
    if ($(a).closest(FURNITURE).length) return;
    const title = linkText($(a));
    if (!looksLikeTitle(title)) return;
    const key = signature(a);
    const group = groups.get(key) ?? [];
    group.push({ a, url, title });
    groups.set(key, group);
  });

  // Within each placement, the links of the commonest URL shape (by path depth): the list's own articles.
  let best: Candidate[] = [];
  for (const group of groups.values()) {
    const byDepth = new Map<string, Candidate[]>();
    for (const c of group) {
      const u = new URL(c.url);
      const key = `${u.pathname.split('/').length}|${/\.[a-z]+$/i.exec(u.pathname)?.[0] ?? ''}`;
      byDepth.set(key, [...(byDepth.get(key) ?? []), c]);
    }
    for (const members of byDepth.values()) {
      const unique = [...new Map(members.map((m) => [m.url, m])).values()];
      if (score(unique) > score(best) || (score(unique) === score(best) && avgLength(unique) > avgLength(best))) best = unique;
    }
  }
  best = dropOutliers(best);
  if (best.length < 1) return { ok: false, reason: `no list of article links found on ${pageUrl} (${links} links; none is a same-site link with title-like text outside navigation, header, footer or pager)` };

  // A column with one item so far: its row is the item, the row's parent the list.
  const single = best.length === 1 ? (($(best[0]!.a).closest('li, tr, dd, dt')[0] as Element | undefined) ?? (best[0]!.a.parent as Element)) : undefined;
  const container = single ? (single.parent as Element | null) : lowestCommonAncestor(best.map((c) => c.a));
  if (!container) return { ok: false, reason: `the article links on ${pageUrl} share no container` };
  const first = best[0]!;
  const item = itemOf(first.a, container);
  const containerSel = selectorFor($, container);
  const chain: string[] = [];
  for (let el: Element | null = item; el && el !== container; el = el.parent as Element | null) chain.unshift(step(el, false).split('.')[0]!);
  const itemSel = `${containerSel} > ${chain.join(' > ')}`;
  const linkClasses = classes(first.a);
  const link = item === first.a ? 'a' : $(item).find('a[href]').length === 1 ? 'a' : linkClasses.length ? `a.${linkClasses.join('.')}` : selectorFor($, first.a, item).replace(/#[\w-]+/g, '');
  const list: HtmlListSpec = { item: itemSel, link };
  const date = dateSelector($, itemSel);
  if (date) list.date = date;
  const match = generaliseUrls(best.map((c) => c.url));
  const urls = readHtmlList(html, pageUrl, list, match).items.map((i) => i.url);
  const wanted = new Set(best.map((c) => c.url));
  if (!best.every((c) => urls.includes(c.url))) return { ok: false, reason: `found ${wanted.size} article links on ${pageUrl} but no selector that picks exactly them` };
  const pageTitle = cleanInline($('title').first().text());
  return { ok: true, proposal: { list, match, urls: [...new Set(urls)], pageTitle } };
}

/**
 * A list whose links agree on a path segment but for a stray one or two (a link into another
 * column among 广州 news) keeps the agreeing ones: three in four or more make the pattern.
 */
function dropOutliers(cs: Candidate[]): Candidate[] {
  if (cs.length < 3) return cs;
  let kept = cs;
  const depth = Math.max(...cs.map((c) => new URL(c.url).pathname.split('/').length));
  for (let i = 0; i < depth; i += 1) {
    const value = (c: Candidate) => segmentPattern(new URL(c.url).pathname.split('/')[i] ?? '');
    const counts = new Map<string, number>();
    for (const c of kept) counts.set(value(c), (counts.get(value(c)) ?? 0) + 1);
    const [top, n] = [...counts].sort((x, y) => y[1] - x[1])[0]!;
    if (counts.size > 1 && n / kept.length >= 0.75) kept = kept.filter((c) => value(c) === top);
  }
  return kept;
}

/** Without `match`, a link looks like an article when its page is numbered (post_10579876.html). */
const ARTICLE_LIKE = /\d{3,}[^/]*\.(s?html?)$/i;

/** More links count most; numbered article pages weigh double over section links. */
function score(cs: Candidate[]): number {
  if (!cs.length) return 0;
  const articleLike = cs.filter((c) => ARTICLE_LIKE.test(new URL(c.url).pathname)).length;
  return cs.length * (articleLike * 2 >= cs.length ? 2 : 1);
}

function avgLength(cs: Candidate[]): number {
  return cs.length ? cs.reduce((n, c) => n + c.title.length, 0) / cs.length : 0;
}

// ---- article pages ----

export interface SamplePage {
  html: string;
  url: string;
  /** The title the list gave the link: the article's own title is the element that says it. */
  listTitle?: string;
}

const BODY_TAGS = 'div, article, section, td';
const TITLE_TAGS = 'h1, h2, h3, .title, [class*="title"], [id*="title"]';

/** The element whose text is the article's title (the list's title, or the generic extractor's). */
function titleElement($: CheerioAPI, want: string): Element | undefined {
  const norm = (t: string) => t.replace(/\s|…|\.{3}/g, '');
  const w = norm(want);
  if (!w) return undefined;
  return ($(TITLE_TAGS).toArray() as Element[]).find((el) => {
    if (el.name === 'title' || $(el).closest('head, a').length) return false;
    const t = norm($(el).text());
    return t.length >= 4 && t.length <= w.length + 10 && (w.includes(t) || t.includes(w));
  });
}

/** The container holding the most paragraph text: what a reader calls the article. */
function bodyElement($: CheerioAPI): Element | undefined {
  let best: { el: Element; score: number } | undefined;
  for (const el of $(BODY_TAGS).toArray() as Element[]) {
    if ($(el).closest(FURNITURE).length) continue;
    const own = $(el)
      .children('p, font, section')
      .toArray()
      .reduce((n, child) => n + ($(child).find('a').length ? 0 : cleanInline($(child).text()).length), 0);
    if (!best || own > best.score) best = { el, score: own };
  }
  return best && best.score >= 40 ? best.el : undefined;
}

const ARTICLE_DATE = /20\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}/;

function dateElement($: CheerioAPI, body: Element | undefined): Element | undefined {
  return ($('span, div, p, em, i, time, td, li').toArray() as Element[]).find((el) => {
    if (body && (el === body || $(el).closest(body).length || $(body).closest(el).length)) return false;
    if ($(el).closest(FURNITURE).length) return false;
    const t = cleanInline($(el).text());
    return t.length <= 60 && ARTICLE_DATE.test(t) && $(el).children('div, p, ul, table').length === 0;
  });
}

/** A selector that finds the same thing on every sample, or nothing to propose. */
function agreed(pages: { $: CheerioAPI; el: Element | undefined }[]): string | undefined {
  const tried = new Set<string>();
  for (const { $, el } of pages) {
    if (!el) continue;
    const sel = selectorFor($, el).replace(/^.* > (?=[^>]*[#.])/, '');
    if (tried.has(sel)) continue;
    tried.add(sel);
    if (pages.every((p) => p.el && p.$(sel).first()[0] === p.el)) return sel;
  }
  return undefined;
}

/** Title, date and body selectors that hold on every sample article. */
export function proposeArticleSelectors(samples: SamplePage[]): ArticleSelectors {
  const pages = samples.map((s) => {
    const $ = loadHtml(s.html);
    const want = s.listTitle ?? findTitle($) ?? '';
    const body = bodyElement($);
    return { $, title: titleElement($, want), body, date: dateElement($, body) };
  });
  const selectors: ArticleSelectors = {};
  const title = agreed(pages.map((p) => ({ $: p.$, el: p.title })));
  if (title) selectors.title = title;
  const date = agreed(pages.map((p) => ({ $: p.$, el: p.date })));
  if (date) selectors.date = date;
  const body = agreed(pages.map((p) => ({ $: p.$, el: p.body })));
  if (body) selectors.body = body;
  return selectors;
}

