/**
 * What is on an article page but not part of the article: navigation, share bars, related and
 * ranked lists, comments, footers. Removed before reading body text, so a company named in a
 * "related news" box does not count as a mention in this article.
 */
import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';

const NOISE_TAGS = 'script, style, noscript, iframe, template, nav, header, footer, aside, form, select, button, textarea, object, embed, svg';

/**
 * Class or id words (between "-", "_" or spaces) that mark page furniture. Matched as whole
 * words so `.TRS_Editor` or `.article-content` survive while `.share-bar` and `#xgwz` go.
 */
const NOISE_WORD =
  /(^|[-_\s])(share|shares|bdshare|bdsharebuttonbox|jiathis|fenxiang|related|relate|relative|xgwz|xgxw|xgxx|recommend|tuijian|rank|ranking|ranklist|paihang|top10|hot|hotnews|comment|comments|pinglun|copyright|banquan|breadcrumb|breadcrumbs|crumb|crumbs|curmb|nav|navbar|menu|footer|foot|header|topbar|sidebar|side|toolbar|print|qrcode|erweima|ewm|ad|ads|advert|banner|pager|pagination|page-nav|pagenav|prev-next|font_change|fontsize|zihao|subscribe|login|search|audio|tts|listen)([-_\s]|$)/i;

/** Whole lines that are controls, not text. */
const NOISE_LINE =
  /^(分享到[:：]?.*|扫一扫.*|.*在手机(上)?打开.*|字号[:：]?\s*[大中小\s]*|字号(减小|增大)|听全文|上一篇[:：].*|下一篇[:：].*|相关(新闻|阅读|文章|链接)[:：]?|责任编辑[:：].*|编辑[:：].{0,12})$/;

/** Page controls that often share one line: "【打印】 【关闭】", "[收藏] [纠错]". */
const CONTROL = /[【[]?\s*(打印|打印本页|关闭|关闭窗口|返回顶部|收藏|纠错|我要纠错|分享|字体[:：]?\s*[大中小]|[大中小])\s*[】\]]?/g;

function isNoiseLine(line: string): boolean {
  return NOISE_LINE.test(line) || (/(打印|关闭|纠错|收藏|返回顶部)/.test(line) && line.replace(CONTROL, '').replace(/[\s|｜/]/g, '') === '');
}

function looksLikeNoise(el: Element): boolean {
  const cls = el.attribs?.class ?? '';
  const id = el.attribs?.id ?? '';
  return NOISE_WORD.test(` ${cls} `) || NOISE_WORD.test(` ${id} `);
}

/**
 * Removes furniture below `scope` (the whole document when omitted). Elements holding one of
 * `keep` (a body container) are spared, so a sloppy wrapper class never takes the article with it.
 */
export function removeBoilerplate($: CheerioAPI, scope?: Cheerio<AnyNode>, keep?: string): void {
  const root = scope ?? $.root();
  root.find(NOISE_TAGS).remove();
  root.find('[class], [id]').each((_, node) => {
    const el = node as Element;
    if (!el.parent || !looksLikeNoise(el)) return;
    if (el.name === 'body' || el.name === 'html') return;
    if (keep && $(el).find(keep).length > 0) return;
    $(el).remove();
  });
}

/** Drops whole lines that are page controls ("分享到", "【打印】", "字号: 大 中 小"). */
export function dropNoiseLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !isNoiseLine(line))
    .join('\n');
}
