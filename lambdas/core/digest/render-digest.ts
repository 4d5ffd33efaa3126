import type { EntityKind, Mention, SourceHealth, StoredArticle } from '../types';
import { formatShanghai } from '../time';
import { escapeHtml, safeHref } from './escape-html';
import { mentionSentence } from './mention-sentence';

/**
 * Sections in the order people read them: documents from policy sources first, then news by what it
 * names (companies, institutions, people), and last news that only touches a followed policy topic.
 */
export type DigestSection = 'policy' | 'company' | 'institution' | 'person' | 'topic';
export const SECTION_ORDER: readonly DigestSection[] = ['policy', 'company', 'institution', 'person', 'topic'];
const SECTION_TITLES: Record<DigestSection, string> = {
  policy: 'Policy updates · 政策文件',
  company: 'Companies · 企业',
  institution: 'Institutions · 机构',
  person: 'People · 人物',
  topic: 'Policy topics in the news · 政策热点',
};
const COUNT_WORDS: Record<DigestSection, [string, string]> = {
  policy: ['policy update', 'policy updates'],
  company: ['company story', 'company stories'],
  institution: ['institution story', 'institution stories'],
  person: ['people story', 'people stories'],
  topic: ['topic story', 'topic stories'],
};

export interface DigestItem {
  article: StoredArticle;
  /** The mentions of what the subscriber follows, in text order. */
  mentions: Mention[];
  /** Other outlets that carried the same story (near-duplicates folded into this item). */
  alsoIn?: { sourceName: string; url: string }[];
}

/** The trend picture: a PNG sent as an inline (cid:) attachment, or embedded for a browser preview. */
export interface DigestTrend {
  pngBase64: string;
  cid: string;
  width: number;
  height: number;
  from: string;
  to: string;
  legend: { name: string; colour: string; total: number }[];
}

/** Gmail clips messages at about 102 KB of HTML; stay under this. */
export const MAX_DIGEST_HTML_BYTES = 100_000;

export interface DigestInput {
  date: string;
  recipientName?: string;
  items: DigestItem[];
  problems: SourceHealth[];
  unsubscribeUrl: string;
  /** The web service's pages for this subscriber and digest, when GZWATCH_PUBLIC_URL is set. */
  preferencesUrl?: string;
  viewUrl?: string;
  /** Items shown at most; the rest are counted as "and N more". */
  maxItems?: number;
  trend?: DigestTrend;
  /** 'cid' for mail (the PNG travels as an inline attachment), 'data' for a file opened in a browser. */
  imageMode?: 'cid' | 'data';
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
  counts: Record<DigestSection, number>;
  itemCount: number;
}

function sectionOf(item: DigestItem): DigestSection {
  if (item.article.sourceKind === 'policy') return 'policy';
  const kinds: EntityKind[] = ['company', 'institution', 'person'];
  return kinds.find((kind) => item.mentions.some((m) => m.kind === kind)) ?? 'topic';
}

function uniqueNames(mentions: Mention[]): string[] {
  return [...new Set(mentions.map((m) => m.name))];
}

/** The first mention in the body (else the title) gives the sentence shown under the title. */
function bestSentence(item: DigestItem) {
  const mention = item.mentions.find((m) => m.field === 'body') ?? item.mentions[0];
  if (!mention) return undefined;
  const text = mention.field === 'title' ? item.article.title : item.article.body;
  return mentionSentence(text, mention);
}

function trendHtml(trend: DigestTrend, mode: 'cid' | 'data'): string {
  const src = mode === 'cid' ? `cid:${trend.cid}` : `data:image/png;base64,${trend.pngBase64}`;
  const legend = trend.legend
    .map((l) => `<span style="display:inline-block;margin:2px 12px 2px 0;white-space:nowrap"><span style="display:inline-block;width:10px;height:10px;border-radius:2px;background:${l.colour};margin-right:4px"></span>${escapeHtml(l.name)} (${l.total})</span>`)
    .join('');
  return (
    `<h2 style="font-size:16px;margin:20px 0 8px 0;color:#111827">Most-mentioned companies, ${escapeHtml(trend.from)} – ${escapeHtml(trend.to)}</h2>` +
    `<img src="${src}" width="${trend.width}" height="${trend.height}" alt="Daily articles naming ${escapeHtml(trend.legend.map((l) => l.name).join(', '))} over 14 days" style="display:block;width:100%;max-width:${trend.width}px;height:auto;border:0">` +
    `<div style="font-size:12px;color:#374151;margin:6px 0 0 0">${legend}</div>`
  );
}

/** Renders the digest; when the HTML would pass Gmail's clipping size, fewer items are shown. */
export function renderDigest(input: DigestInput): RenderedDigest {
  let maxItems = input.maxItems ?? 60;
  for (;;) {
    const rendered = renderDigestOnce({ ...input, maxItems });
    if (Buffer.byteLength(rendered.html) <= MAX_DIGEST_HTML_BYTES || maxItems <= 1) return rendered;
    maxItems = Math.floor(maxItems * 0.8);
  }
}

function renderDigestOnce(input: DigestInput): RenderedDigest {
  const maxItems = input.maxItems ?? 60;
  const counts: Record<DigestSection, number> = { policy: 0, company: 0, institution: 0, person: 0, topic: 0 };
  const sections = new Map<DigestSection, DigestItem[]>(SECTION_ORDER.map((k) => [k, []]));
  for (const item of input.items) {
    const kind = sectionOf(item);
    sections.get(kind)!.push(item);
    counts[kind]++;
  }
  const countText = SECTION_ORDER.filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${COUNT_WORDS[k][counts[k] === 1 ? 0 : 1]}`)
    .join(', ');
  const subject = `gzwatch digest ${input.date}: ${input.items.length === 0 ? 'no new mentions' : `${input.items.length} ${input.items.length === 1 ? 'article' : 'articles'} (${countText})`}${input.problems.length ? `, ${input.problems.length} source${input.problems.length === 1 ? '' : 's'} failing` : ''}`;

  let shown = 0;
  const htmlSections: string[] = [];
  const textSections: string[] = [];
  for (const kind of SECTION_ORDER) {
    const items = sections.get(kind)!;
    if (items.length === 0) continue;
    const htmlItems: string[] = [];
    const textItems: string[] = [];
    for (const item of items) {
      if (shown >= maxItems) break;
      shown++;
      const a = item.article;
      const href = safeHref(a.url);
      const title = escapeHtml(a.title);
      const sentence = bestSentence(item);
      const names = uniqueNames(item.mentions);
      const published = formatShanghai(a.publishedAt) || 'date unknown';
      htmlItems.push(
        `<div style="margin:0 0 18px 0;padding:0 0 14px 0;border-bottom:1px solid #e5e7eb">` +
          `<div style="font-size:16px;line-height:1.4;font-weight:600;word-break:break-word">${href ? `<a href="${escapeHtml(href)}" style="color:#0b57d0;text-decoration:none">${title}</a>` : title}</div>` +
          `<div style="font-size:12px;color:#6b7280;margin:4px 0">${escapeHtml(a.sourceName)} · ${escapeHtml(published)}${item.alsoIn?.length ? ` · <b style="color:#374151">${item.alsoIn.length + 1} sources</b>` : ''}</div>` +
          `<div style="font-size:12px;margin:4px 0">${names.map((n) => `<span style="display:inline-block;background:#eef2ff;color:#3730a3;border-radius:10px;padding:1px 8px;margin:2px 4px 2px 0">${escapeHtml(n)}</span>`).join('')}</div>` +
          (sentence
            ? `<div style="font-size:14px;line-height:1.6;color:#111827;word-break:break-word">${escapeHtml(sentence.before)}<mark style="background:#fde68a;color:#111827;padding:0 1px">${escapeHtml(sentence.match)}</mark>${escapeHtml(sentence.after)}</div>`
            : '') +
          (item.alsoIn?.length
            ? `<div style="font-size:12px;color:#6b7280;margin:6px 0 0 0;word-break:break-word">Also reported by ${item.alsoIn
                .map((o) => {
                  const h = safeHref(o.url);
                  return h ? `<a href="${escapeHtml(h)}" style="color:#6b7280">${escapeHtml(o.sourceName)}</a>` : escapeHtml(o.sourceName);
                })
                .join(', ')}</div>`
            : '') +
          `</div>`,
      );
      textItems.push(
        `- ${a.title}\n  ${a.url}\n  ${a.sourceName} · ${published} · ${names.join(', ')}` +
          (sentence ? `\n  “${sentence.before}[${sentence.match}]${sentence.after}”` : '') +
          (item.alsoIn?.length ? `\n  Also reported by: ${item.alsoIn.map((o) => `${o.sourceName} ${o.url}`).join('; ')}` : ''),
      );
    }
    if (htmlItems.length === 0) continue;
    htmlSections.push(`<h2 style="font-size:18px;margin:24px 0 12px 0;color:#111827">${SECTION_TITLES[kind]} (${items.length})</h2>${htmlItems.join('')}`);
    textSections.push(`${SECTION_TITLES[kind]} (${items.length})\n\n${textItems.join('\n\n')}`);
  }
  const hidden = input.items.length - shown;
  if (hidden > 0) {
    htmlSections.push(`<p style="font-size:14px;color:#374151">…and ${hidden} more ${hidden === 1 ? 'article' : 'articles'} not shown.</p>`);
    textSections.push(`…and ${hidden} more not shown.`);
  }
  if (input.items.length === 0) {
    const why = input.problems.length
      ? 'No new mentions: some sources could not be read (see below), so this digest may be incomplete.'
      : 'No new mentions of what you follow since your last digest.';
    htmlSections.push(`<p style="font-size:14px;color:#374151">${why}</p>`);
    textSections.push(why);
  }
  if (input.problems.length) {
    const rows = input.problems.map(
      (p) =>
        `<li style="margin:4px 0">${escapeHtml(p.sourceName)}: ${escapeHtml(p.failureClass ?? 'failed')} — ${escapeHtml(p.lastError ?? '')} (${p.consecutiveFailures} failed ${p.consecutiveFailures === 1 ? 'run' : 'runs'} in a row${p.lastSuccessAt ? `, last success ${escapeHtml(formatShanghai(p.lastSuccessAt))}` : ', never succeeded'})</li>`,
    );
    htmlSections.push(
      `<h2 style="font-size:16px;margin:24px 0 8px 0;color:#991b1b">Sources with problems (${input.problems.length})</h2><ul style="font-size:13px;color:#374151;padding-left:18px;word-break:break-word">${rows.join('')}</ul>`,
    );
    textSections.push(
      `Sources with problems (${input.problems.length})\n` +
        input.problems.map((p) => `- ${p.sourceName}: ${p.failureClass ?? 'failed'} — ${p.lastError ?? ''} (${p.consecutiveFailures} in a row)`).join('\n'),
    );
  }
  const greeting = input.recipientName ? `${escapeHtml(input.recipientName)}, here` : 'Here';
  const html =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Helvetica,Arial,sans-serif">` +
    `<div style="max-width:640px;margin:0 auto;padding:16px;background:#ffffff;box-sizing:border-box">` +
    `<h1 style="font-size:20px;margin:0 0 4px 0;color:#111827">gzwatch · ${escapeHtml(input.date)}</h1>` +
    `<p style="font-size:13px;color:#6b7280;margin:0 0 8px 0">${greeting} is what Guangzhou's AI news and policy said about what you follow since your last digest.</p>` +
    (input.trend ? trendHtml(input.trend, input.imageMode ?? 'cid') : '') +
    htmlSections.join('') +
    `<p style="font-size:12px;color:#9ca3af;margin:24px 0 0 0">You receive this because you subscribed to gzwatch. ${input.viewUrl ? `<a href="${escapeHtml(input.viewUrl)}" style="color:#6b7280">View in browser 在浏览器中查看</a> · ` : ''}${input.preferencesUrl ? `<a href="${escapeHtml(input.preferencesUrl)}" style="color:#6b7280">Preferences 偏好设置</a> · ` : ''}<a href="${escapeHtml(input.unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a></p>` +
    `</div></body></html>`;
  const text =
    `gzwatch · ${input.date}\n\n` + textSections.join('\n\n') + `\n\n--\n${input.viewUrl ? `View in browser: ${input.viewUrl}\n` : ''}${input.preferencesUrl ? `Preferences: ${input.preferencesUrl}\n` : ''}Unsubscribe: ${input.unsubscribeUrl}\n`;
  return { subject: subject.replace(/[\r\n]+/g, ' '), html, text, counts, itemCount: input.items.length };
}
