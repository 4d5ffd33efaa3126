/**
 * A hostile or broken page can nest elements a hundred thousand levels deep; every tree walk over
 * it (text, density scoring) is then slow or overflows the stack. Before parsing, one linear scan
 * drops the tags nested deeper than real pages ever go, and stops keeping tags after a count no
 * article page reaches; their text stays, so nothing a reader would see is lost.
 */
export const MAX_DEPTH = 200;
export const MAX_TAGS = 60_000;

const TAG = /<(\/?)([a-zA-Z][\w:-]*)\b[^>]*?(\/?)>/g;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

export function boundHtml(html: string): string {
  // Most pages are shallow: a cheap count of tags decides whether the scan is needed at all.
  let tags = 0;
  for (let i = html.indexOf('<'); i !== -1 && tags <= 2 * MAX_DEPTH; i = html.indexOf('<', i + 1)) tags++;
  if (tags <= 2 * MAX_DEPTH) return html;
  const out: string[] = [];
  let depth = 0;
  let dropped = 0;
  let kept = 0;
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    const [whole, closing, rawName, selfClosing] = m;
    const name = rawName!.toLowerCase();
    const at = m.index;
    out.push(html.slice(last, at));
    last = at + whole.length;
    if (VOID.has(name) || selfClosing) {
      if (kept < MAX_TAGS) {
        out.push(whole);
        kept++;
      }
      continue;
    }
    if (!closing) {
      if (depth >= MAX_DEPTH || kept >= MAX_TAGS) {
        dropped++;
      } else {
        out.push(whole);
        depth++;
        kept++;
      }
    } else if (dropped > 0) {
      dropped--;
    } else if (depth > 0) {
      out.push(whole);
      depth--;
    }
  }
  out.push(html.slice(last));
  return out.join('');
}
