/**
 * Where the article text is. Known containers of the templates we read come first; otherwise a
 * small text-density finder (the idea of Readability's candidate scoring, reduced to what these
 * pages need). @mozilla/readability was not used: it needs a full DOM (jsdom), far too heavy for
 * a Lambda bundle, and cheerio already holds the tree.
 */
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { dropNoiseLines, removeBoilerplate } from './boilerplate';
import { cleanInline, nodesToText } from './text';

/** Body containers of the CMSs behind our sources, most specific first. */
export const KNOWN_BODY = [
  '#zoomcon',
  '#zoom',
  '.TRS_Editor',
  '.TRS_UEDITOR',
  '#UCAP-CONTENT',
  '#zhengwen',
  '.article-content',
  '.article_content',
  '.articleDetailContent',
  '.main_article',
  '.main_content',
  '.txtContent',
  '#text_content',
  '#content',
  '.content_article',
  '.article',
  'article',
];

/** Shorter than this and a container is a placeholder (gkmlpt's empty #zoomcon), not a body. */
const MIN_BODY_CHARS = 20;

function textOf($: CheerioAPI, el: Cheerio<AnyNode>, remove?: string[]): string {
  const copy = el.clone();
  if (remove?.length) copy.find(remove.join(', ')).remove();
  removeBoilerplate($, copy);
  return dropNoiseLines(nodesToText(copy.toArray()));
}

/** Text of the element matching `selector` with the most text, or '' when none. */
export function bodyFromSelector($: CheerioAPI, selector: string, remove?: string[]): string {
  let best = '';
  for (const el of $(selector).toArray()) {
    const text = textOf($, $(el), remove);
    if (text.length > best.length) best = text;
  }
  return best;
}

export function isSubstantial(text: string): boolean {
  return text.replace(/\s/g, '').length >= MIN_BODY_CHARS;
}

/** The first known container with a substantial text; else the first non-empty one when `anyLength`. */
export function bodyFromKnownContainers($: CheerioAPI, remove?: string[], anyLength = false): string {
  let short = '';
  if (!$(KNOWN_BODY.join(', ')).length) return '';
  for (const selector of KNOWN_BODY) {
    const text = bodyFromSelector($, selector, remove);
    if (isSubstantial(text)) return text;
    if (!short && text) short = text;
  }
  return anyLength ? short : '';
}

const INLINE = new Set(['a', 'span', 'strong', 'b', 'em', 'i', 'u', 'font', 'sup', 'sub', 'small', 'big', 'img', 'br', 'label', 'abbr', 'code', 'mark', 'q', 's', 'time']);
const CANDIDATE = new Set(['div', 'section', 'article', 'main', 'td', 'body', 'blockquote', 'center']);

/** Text directly in an element or its inline children, not in nested blocks. */
function ownText(el: Element): string {
  let text = '';
  for (const child of el.children) {
    if (child.type === 'text') text += child.data;
    else if (child.type === 'tag' && INLINE.has(child.name)) text += ownText(child);
  }
  return text;
}

function linkTextLength($: CheerioAPI, el: Element): number {
  let n = 0;
  $(el)
    .find('a')
    .each((_, a) => {
      n += cleanInline($(a).text()).length;
    });
  return n;
}

/**
 * Scores every text block (a <p>, or a div holding text directly) by length and punctuation,
 * credits its container fully and the containers above it less, then discounts link-heavy
 * containers. The best container's text is the body.
 */
export function bodyByDensity($: CheerioAPI): string {
  const page = $.root().clone();
  // Work on a copy: furniture is removed from the whole page so no list can win.
  removeBoilerplate($, page, KNOWN_BODY.join(', '));
  const scores = new Map<Element, number>();
  const credit = (el: Element | null, points: number): void => {
    if (!el || el.type !== 'tag') return;
    scores.set(el, (scores.get(el) ?? 0) + points);
  };
  page.find('p, div, td, pre, blockquote, section, li').each((_, node) => {
    const el = node as Element;
    const text = cleanInline(ownText(el));
    if (text.length < 10) return;
    const points = 1 + (text.match(/[，。,；;、！？]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 50), 3);
    // A div or td with its own text is itself a container (pages that use <br> for paragraphs).
    const first = CANDIDATE.has(el.name) ? el : (el.parent as Element | null);
    const second = first?.parent as Element | null;
    const third = second?.parent as Element | null;
    credit(first, points);
    credit(second, points / 2);
    credit(third, points / 3);
  });
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, score] of scores) {
    if (!CANDIDATE.has(el.name) && el.name !== 'li') continue;
    const total = cleanInline($(el).text()).length || 1;
    const adjusted = score * (1 - Math.min(linkTextLength($, el) / total, 1));
    if (adjusted > bestScore) {
      best = el;
      bestScore = adjusted;
    }
  }
  if (!best) return '';
  return dropNoiseLines(nodesToText([best]));
}
