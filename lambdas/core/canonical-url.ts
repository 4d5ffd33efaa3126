/**
 * One spelling per article URL, so the same story listed twice (a feed link with ?f=rss, a
 * share link with utm_ tags) is stored and matched once.
 */

/** Query parameters that track the reader rather than name the page. */
const TRACKING = /^(utm_.*|spm|spm_id_from|from|from_source|isappinstalled|scene|clicktime|enterid|share_token|sharer_.*|wxfrom|wechatshare|_wv)$/i;

/**
 * Absolute, fragment-free, tracking-free URL with lower-case host, no default port and the
 * remaining query parameters in a stable order. Invalid URLs come back trimmed but unchanged.
 */
export function canonicalUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim();
  }
  u.hash = '';
  // Work on the raw "name=value" pieces: re-serialising through URLSearchParams would re-encode
  // values (%20 → +) and make two spellings of one page.
  const kept = u.search
    .replace(/^\?/, '')
    .split('&')
    .filter((piece) => {
      if (!piece) return false;
      const [rawName = '', rawValue = ''] = piece.split('=');
      const name = safeDecode(rawName);
      if (TRACKING.test(name)) return false;
      // 36kr feed links carry ?f=rss; "f" elsewhere may be meaningful, so only that value goes.
      return !(name === 'f' && /^rss$/i.test(safeDecode(rawValue)));
    });
  kept.sort((a, b) => {
    const na = a.split('=')[0]!;
    const nb = b.split('=')[0]!;
    return na === nb ? 0 : na < nb ? -1 : 1;
  });
  u.search = kept.length ? `?${kept.join('&')}` : '';
  return u.toString();
}

/** Resolves `href` against `base`; null for javascript:, mailto:, bare fragments and junk. */
export function absoluteUrl(href: string | undefined, base: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (!h || h.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
