import { escapeHtml } from '../digest/escape-html';
import { words, type Lang } from './i18n';

export interface PageFrame {
  lang: Lang;
  title: string;
  /** Path prefix of the public URL ("" or "/prefix"). */
  basePath: string;
  /** The same page in the other language. */
  switchHref: string;
  body: string;
}

/** Every page: one stylesheet from this origin, no script, a skip link, nav and the language switch. */
export function page(frame: PageFrame): string {
  const w = words(frame.lang);
  const b = frame.basePath;
  const other = frame.lang === 'zh' ? 'en' : 'zh-CN';
  return (
    `<!doctype html><html lang="${frame.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(frame.title)} · gzwatch</title><link rel="stylesheet" href="${b}/static/site.css"></head><body>` +
    `<header><nav aria-label="gzwatch"><a class="brand" href="${b}/${frame.lang === 'en' ? '?lang=en' : ''}">${escapeHtml(w.site)}</a> ` +
    `<a href="${b}/${frame.lang === 'en' ? '?lang=en' : ''}">${escapeHtml(w.navSubscribe)}</a> ` +
    `<a href="${b}/entities${frame.lang === 'en' ? '?lang=en' : ''}">${escapeHtml(w.navEntities)}</a> ` +
    `<a class="lang" lang="${other}" hreflang="${other}" href="${escapeHtml(frame.switchHref)}">${escapeHtml(w.other)}</a></nav></header>` +
    `<main id="main"><h1>${escapeHtml(frame.title)}</h1>${frame.body}</main>` +
    `<footer><p>gzwatch</p></footer></body></html>`
  );
}

/** Query string for a link in `lang` ("" for Chinese, the default). */
export function langQuery(lang: Lang, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (lang === 'en') params.set('lang', 'en');
  const q = params.toString();
  return q ? `?${q}` : '';
}

/**
 * Readable on a phone and a desktop, contrast above WCAG AA everywhere (text #111827 and links
 * #1d4ed8 on white), focus visible, no web fonts: the system's CJK fonts.
 */
export const SITE_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#111827;background:#fff;line-height:1.6}
header{border-bottom:1px solid #d1d5db;background:#f9fafb}
nav{max-width:60rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center}
nav .brand{font-weight:700;color:#111827;text-decoration:none}
nav .lang{margin-left:auto}
main{max-width:60rem;margin:0 auto;padding:1rem}
footer{max-width:60rem;margin:2rem auto;padding:0 1rem;color:#4b5563;font-size:.875rem}
a{color:#1d4ed8}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #f59e0b;outline-offset:2px}
h1{font-size:1.5rem;line-height:1.3}
h2{font-size:1.2rem;margin-top:2rem}
form.stack label{display:block;margin-top:1rem;font-weight:600}
form.stack .hint{color:#4b5563;font-size:.875rem;margin:.1rem 0}
input[type=email],input[type=text],input[type=search],select{font:inherit;padding:.4rem .5rem;border:1px solid #6b7280;border-radius:4px;width:100%;max-width:32rem}
fieldset{border:1px solid #d1d5db;border-radius:4px;margin-top:1rem;max-width:32rem}
form.stack fieldset label{font-weight:400;display:inline-block;margin:.25rem 1rem .25rem 0}
form.stack label.check{font-weight:400;display:inline}
button{font:inherit;margin-top:1rem;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#1d4ed8;color:#fff;cursor:pointer}
.notice{padding:.75rem 1rem;border-left:4px solid #1d4ed8;background:#eff6ff}
.error{padding:.75rem 1rem;border-left:4px solid #b91c1c;background:#fef2f2;color:#7f1d1d}
ol.mentions{list-style:none;padding:0}
ol.mentions li{border-bottom:1px solid #e5e7eb;padding:.75rem 0}
.meta{color:#4b5563;font-size:.875rem}
mark{background:#fde68a;color:#111827}
table{border-collapse:collapse;width:100%;max-width:40rem}
th,td{text-align:left;padding:.2rem .5rem;border-bottom:1px solid #e5e7eb;font-size:.9rem}
td.n{text-align:right;font-variant-numeric:tabular-nums}
meter{width:100%;min-width:4rem}
.scroll{overflow-x:auto}
ul.entities{padding-left:1.2rem}
`;
