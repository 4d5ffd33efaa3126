/**
 * The digest a busy analyst reads in one screen: a summary first (counts, the most-mentioned
 * followed names against the period before, new policy documents one line each), then what they
 * follow explicitly, then the rest; newest first in each section, a few items per section with
 * the count of the others. The trend is small charts on one scale with labelled axes, and a table
 * of the same numbers for readers whose mail client blocks images. All fixed text comes from the
 * subscriber's message table (i18n/messages.ts).
 */
import type { EntityKind, Mention, SourceHealth, StoredArticle, Lang } from '../types';
import { cutText } from '../cut-text';
import { formatShanghai } from '../time';
import { messages, type Messages } from '../i18n/messages';
import { escapeHtml, safeHref } from './escape-html';
import { mentionSentence } from './mention-sentence';
import { factsHtml, factsText } from './render-alert-batch';
import { policyFacts } from './policy-facts';

/**
 * Sections in the order people read them: documents from policy sources first, then news by what it
 * names (companies, institutions, people), and last news that only touches a followed policy topic.
 */
export type DigestSection = 'policy' | 'company' | 'institution' | 'person' | 'topic';
export const SECTION_ORDER: readonly DigestSection[] = ['policy', 'company', 'institution', 'person', 'topic'];

export interface DigestItem {
  article: StoredArticle;
  /** The mentions of what the subscriber follows, in text order. */
  mentions: Mention[];
  /** Other outlets that carried the same story (near-duplicates folded into this item). */
  alsoIn?: { sourceName: string; url: string }[];
  /** The mention whose sentence is shown (the followed name); defaults to the first body mention. */
  highlight?: Mention;
  /** Entity ids the subscriber names explicitly (not through "everything"): the item goes first. */
  followedIds?: string[];
  /** Already sent to this subscriber as a policy alert: one compact line. */
  alerted?: boolean;
}

export interface SummaryName {
  name: string;
  kind: EntityKind;
  count: number;
  /** The count in the period of the same length before. */
  previous: number;
}

/** Small multiples: one PNG per company on a shared scale, sent inline (cid:) or embedded for a preview. */
export interface DigestTrend {
  days: string[];
  /** The count at the top of every chart. */
  max: number;
  width: number;
  height: number;
  series: { name: string; counts: number[]; cid: string; pngBase64: string }[];
}

/** Gmail clips messages at about 102 KB of HTML; stay under this. */
export const MAX_DIGEST_HTML_BYTES = 100_000;

export interface DigestInput {
  date: string;
  lang?: Lang;
  weekly?: boolean;
  recipientName?: string;
  items: DigestItem[];
  problems: SourceHealth[];
  unsubscribeUrl: string;
  /** The web service's pages for this subscriber and digest, when GZWATCH_PUBLIC_URL is set. */
  preferencesUrl?: string;
  viewUrl?: string;
  /** Items shown at most over all sections; the rest are counted. */
  maxItems?: number;
  /** Items shown at most per section (default 5); the rest are counted as "N more". */
  perSection?: number;
  trend?: DigestTrend;
  /** 'cid' for mail (the PNGs travel as inline attachments), 'data' for a file opened in a browser. */
  imageMode?: 'cid' | 'data';
  summaryNames?: SummaryName[];
  /** Backfill documents of the window naming what the subscriber follows: one line, no items. */
  older?: number;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
  counts: Record<DigestSection, number>;
  itemCount: number;
}

const INK = '#111827';
const MUTED = '#4b5563';
const LINK = '#0b57d0';
const RULE = '#e5e7eb';

function sectionOf(item: DigestItem): DigestSection {
  if (item.article.sourceKind === 'policy') return 'policy';
  const kinds: EntityKind[] = ['company', 'institution', 'person'];
  return kinds.find((kind) => item.mentions.some((m) => m.kind === kind)) ?? 'topic';
}

function when(a: StoredArticle): string {
  return a.publishedAt && a.publishedAt <= a.firstSeenAt ? a.publishedAt : a.firstSeenAt;
}

/** Newest first: by publication (or first sight when undated), then title for a stable order. */
function newestFirst(items: DigestItem[]): DigestItem[] {
  return [...items].sort((x, y) => when(y.article).localeCompare(when(x.article)) || x.article.title.localeCompare(y.article.title));
}

function sentenceOf(item: DigestItem) {
  const mention = item.highlight ?? item.mentions.find((m) => m.field === 'body') ?? item.mentions[0];
  if (!mention) return undefined;
  const sentence = mentionSentence(mention.field === 'title' ? item.article.title : item.article.body, mention);
  // Why the highlighted words count: on hover in HTML, after the sentence in the text part.
  return sentence && { ...sentence, reason: mention.reason };
}

/** "View in browser · Preferences · " before the unsubscribe link, when the web service is there. */
function footerLinks(input: DigestInput, m: Messages): string {
  const link = (href: string | undefined, text: string) => (href && safeHref(href) ? `<a href="${escapeHtml(href)}" style="color:${MUTED}">${escapeHtml(text)}</a> · ` : '');
  return link(input.viewUrl, m.viewInBrowser) + link(input.preferencesUrl, m.preferences);
}

/** Failing sources listed by name in a digest; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 10;
const MAX_PROBLEM_ERROR_CHARS = 200;

/** The MAX_PROBLEMS_SHOWN sources failing longest, kept in the order given (ties: the earlier first). */
function topProblems(problems: SourceHealth[]): SourceHealth[] {
  if (problems.length <= MAX_PROBLEMS_SHOWN) return problems;
  const keep = new Set(
    problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) => b.p.consecutiveFailures - a.p.consecutiveFailures || a.i - b.i)
      .slice(0, MAX_PROBLEMS_SHOWN)
      .map((x) => x.p),
  );
  return problems.filter((p) => keep.has(p));
}

function link(url: string, text: string, style = `color:${LINK};text-decoration:none`): string {
  const href = safeHref(url);
  return href ? `<a href="${escapeHtml(href)}" style="${style}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** Each name once, the ones the subscriber follows first. */
function names(item: DigestItem): Mention[] {
  const followed = new Set(item.followedIds ?? []);
  const unique = [...new Map(item.mentions.map((x) => [x.entityId, x])).values()];
  return [...unique.filter((x) => followed.has(x.entityId)), ...unique.filter((x) => !followed.has(x.entityId))];
}

/** One chip per name: its kind in words, followed names dark and marked, so no colour is needed to tell. */
function chips(item: DigestItem, m: Messages): string {
  const followed = new Set(item.followedIds ?? []);
  return names(item)
    .map((x) =>
      followed.has(x.entityId)
        ? `<span style="display:inline-block;background:#1e3a8a;color:#ffffff;border-radius:10px;padding:1px 8px;margin:2px 4px 2px 0">★ ${escapeHtml(x.name)} · ${m.kinds[x.kind]} · ${m.followedMark}</span>`
        : `<span style="display:inline-block;background:#eef2ff;color:#3730a3;border-radius:10px;padding:1px 8px;margin:2px 4px 2px 0">${escapeHtml(x.name)} · ${m.kinds[x.kind]}</span>`,
    )
    .join('');
}

function itemHtml(item: DigestItem, m: Messages): string {
  const a = item.article;
  const published = formatShanghai(a.publishedAt) || m.dateUnknown;
  if (item.alerted) {
    return `<p style="font-size:14px;line-height:1.5;margin:0 0 10px 0;word-break:break-word"><span style="font-size:12px;border:1px solid ${MUTED};color:${MUTED};border-radius:4px;padding:0 4px">${m.alreadyAlerted}</span> ${link(a.url, a.title)} <span style="font-size:12px;color:${MUTED}">${escapeHtml(a.sourceName)} · ${escapeHtml(published)}</span></p>`;
  }
  const sentence = sentenceOf(item);
  return (
    `<div style="margin:0 0 16px 0;padding:0 0 12px 0;border-bottom:1px solid ${RULE}">` +
    `<h4 style="font-size:16px;line-height:1.4;font-weight:600;margin:0;word-break:break-word">${link(a.url, a.title)}</h4>` +
    `<div style="font-size:12px;color:${MUTED};margin:4px 0">${escapeHtml(a.sourceName)} · ${escapeHtml(published)}${item.alsoIn?.length ? ` · <b style="color:${INK}">${m.sourcesCount(item.alsoIn.length + 1)}</b>` : ''}</div>` +
    `<div style="font-size:12px;margin:4px 0">${chips(item, m)}</div>` +
    (a.sourceKind === 'policy' ? factsHtml(a, m) : '') +
    (sentence
      ? `<div style="font-size:14px;line-height:1.6;color:${INK};word-break:break-word">${escapeHtml(sentence.before)}<mark style="background:#fde68a;color:${INK};padding:0 1px"${sentence.reason ? ` title="${escapeHtml(sentence.reason)}"` : ''}>${escapeHtml(sentence.match)}</mark>${escapeHtml(sentence.after)}</div>`
      : '') +
    (item.alsoIn?.length
      ? `<div style="font-size:12px;color:${MUTED};margin:6px 0 0 0;word-break:break-word">${m.alsoReportedBy}${item.alsoIn.map((o) => link(o.url, o.sourceName, `color:${MUTED}`)).join(m.listSeparator)}</div>`
      : '') +
    `</div>`
  );
}

function itemText(item: DigestItem, m: Messages): string {
  const a = item.article;
  const published = formatShanghai(a.publishedAt) || m.dateUnknown;
  if (item.alerted) return `- [${m.alreadyAlerted}] ${a.title} ${a.url}`;
  const sentence = sentenceOf(item);
  const followed = new Set(item.followedIds ?? []);
  const labels = names(item).map((x) => `${followed.has(x.entityId) ? '★' : ''}${m.bracketed(x.name, m.kinds[x.kind])}`);
  return (
    `- ${a.title}\n  ${a.url}\n  ${a.sourceName} · ${published} · ${labels.join(m.listSeparator)}` +
    (a.sourceKind === 'policy' ? factsText(a, m).map((l) => `\n  ${l}`).join('') : '') +
    (sentence ? `\n  “${sentence.before}[${sentence.match}]${sentence.after}”${sentence.reason ? ` (${sentence.reason})` : ''}` : '') +
    (item.alsoIn?.length ? `\n  ${m.alsoReportedBy}${item.alsoIn.map((o) => `${o.sourceName} ${o.url}`).join('; ')}` : '')
  );
}

function shortDay(day: string): string {
  return day.slice(5);
}

function trendHtml(trend: DigestTrend, mode: 'cid' | 'data', m: Messages): string {
  const days = trend.days;
  const axis =
    `<tr><td></td><td><table role="presentation" width="100%" style="border-collapse:collapse;font-size:11px;color:${MUTED}"><tr>` +
    `<td align="left">${shortDay(days[0]!)}</td><td align="center">${shortDay(days[Math.floor((days.length - 1) / 2)]!)}</td><td align="right">${shortDay(days[days.length - 1]!)}</td></tr></table></td></tr>`;
  const charts = trend.series
    .map((s) => {
      const src = mode === 'cid' ? `cid:${s.cid}` : `data:image/png;base64,${s.pngBase64}`;
      const total = s.counts.reduce((x, y) => x + y, 0);
      return (
        `<table role="presentation" width="100%" style="border-collapse:collapse;margin:0 0 10px 0">` +
        `<tr><td colspan="2" style="font-size:13px;font-weight:600;color:${INK};padding:0 0 2px 0">${escapeHtml(s.name)} <span style="font-weight:normal;color:${MUTED}">· ${m.trendTotal} ${total}</span></td></tr>` +
        `<tr><td style="width:28px;font-size:11px;color:${MUTED};text-align:right;vertical-align:top;padding:0 4px 0 0">${trend.max}</td>` +
        `<td rowspan="2" style="vertical-align:top"><img src="${src}" width="${trend.width}" height="${trend.height}" alt="${escapeHtml(m.trendAlt(s.name))}" style="display:block;width:100%;max-width:${trend.width}px;height:auto;border:1px solid ${RULE}"></td></tr>` +
        `<tr><td style="font-size:11px;color:${MUTED};text-align:right;vertical-align:bottom;padding:0 4px 0 0">0</td></tr>` +
        axis +
        `</table>`
      );
    })
    .join('');
  const cell = `padding:2px 6px;border-bottom:1px solid ${RULE};text-align:right`;
  const head = `<tr><th scope="col" style="${cell};text-align:left">${m.trendDay}</th>${trend.series.map((s) => `<th scope="col" style="${cell}">${escapeHtml(s.name)}</th>`).join('')}</tr>`;
  const rows = days.map((d, i) => `<tr><th scope="row" style="${cell};text-align:left;font-weight:normal">${shortDay(d)}</th>${trend.series.map((s) => `<td style="${cell}">${s.counts[i] ?? 0}</td>`).join('')}</tr>`).join('');
  const totals = `<tr><th scope="row" style="${cell};text-align:left">${m.trendTotal}</th>${trend.series.map((s) => `<td style="${cell};font-weight:600">${s.counts.reduce((x, y) => x + y, 0)}</td>`).join('')}</tr>`;
  return (
    `<h2 style="font-size:16px;margin:24px 0 4px 0;color:${INK}">${escapeHtml(m.trendHeading(days[0]!, days[days.length - 1]!))}</h2>` +
    `<p style="font-size:12px;color:${MUTED};margin:0 0 8px 0">↑ ${m.trendAxis.y} 0–${trend.max} · → ${m.trendAxis.x} ${shortDay(days[0]!)} – ${shortDay(days[days.length - 1]!)}</p>` +
    charts +
    `<table style="border-collapse:collapse;font-size:12px;color:${INK};margin:8px 0 0 0"><caption style="text-align:left;font-size:12px;color:${MUTED};padding:0 0 4px 0">${m.trendTableCaption}</caption><thead>${head}</thead><tbody>${rows}</tbody><tfoot>${totals}</tfoot></table>`
  );
}

function trendText(trend: DigestTrend, m: Messages): string {
  const lines = [`${m.trendHeading(trend.days[0]!, trend.days[trend.days.length - 1]!)}`, `${m.trendDay}\t${trend.series.map((s) => s.name).join('\t')}`];
  trend.days.forEach((d, i) => lines.push(`${shortDay(d)}\t${trend.series.map((s) => s.counts[i] ?? 0).join('\t')}`));
  lines.push(`${m.trendTotal}\t${trend.series.map((s) => s.counts.reduce((x, y) => x + y, 0)).join('\t')}`);
  return lines.join('\n');
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

function summary(input: DigestInput, counts: Record<DigestSection, number>, m: Messages): { html: string; text: string } {
  const alerted = input.items.filter((i) => i.alerted).length;
  const news = input.items.length - counts.policy;
  const line = m.summaryCounts({ policy: counts.policy, news, alerted, problems: input.problems.length });
  const html: string[] = [`<p style="font-size:14px;margin:0 0 6px 0;color:${INK}"><b>${line}</b></p>`];
  const text: string[] = [m.labelled(m.summaryHeading, line)];
  const names = input.summaryNames ?? [];
  if (names.length) {
    const parts = names.map((n) => m.nameCount(n.name, n.count, m.summaryChange(n.count, n.previous))).join(m.listSeparator);
    html.push(`<p style="font-size:14px;margin:0 0 6px 0;color:${INK}">${escapeHtml(m.labelled(m.summaryTopNames, parts))}</p>`);
    text.push(m.labelled(m.summaryTopNames, parts));
  }
  const policies = newestFirst(input.items.filter((i) => i.article.sourceKind === 'policy'));
  if (policies.length) {
    const shown = policies.slice(0, 3);
    const lines = shown.map((p) => {
      const number = policyFacts(p.article).fields.find((f) => f.name === 'number')?.value;
      return { html: `${link(p.article.url, p.article.title)}${number ? ` <span style="color:${MUTED}">${escapeHtml(number)}</span>` : ''}`, text: `${p.article.title}${number ? ` ${number}` : ''}` };
    });
    if (policies.length > shown.length) lines.push({ html: escapeHtml(m.more(policies.length - shown.length)), text: m.more(policies.length - shown.length) });
    html.push(`<p style="font-size:13px;margin:6px 0 2px 0;color:${MUTED}">${m.summaryNewPolicies}</p><ul style="font-size:14px;line-height:1.5;margin:0;padding-left:18px;word-break:break-word">${lines.map((l) => `<li>${l.html}</li>`).join('')}</ul>`);
    text.push(m.labelled(m.summaryNewPolicies, ''), ...lines.map((l) => `  • ${l.text}`));
  }
  if (input.older) {
    html.push(`<p style="font-size:13px;margin:6px 0 0 0;color:${MUTED}">${m.olderFound(input.older)}</p>`);
    text.push(m.olderFound(input.older));
  }
  return {
    html: `<section aria-label="${m.summaryHeading}" style="background:#f9fafb;border:1px solid ${RULE};border-radius:8px;padding:10px 12px;margin:8px 0 12px 0"><h2 style="font-size:15px;margin:0 0 6px 0;color:${INK}">${m.summaryHeading}</h2>${html.join('')}</section>`,
    text: text.join('\n'),
  };
}

function renderDigestOnce(input: DigestInput): RenderedDigest {
  const m = messages(input.lang);
  const maxItems = input.maxItems ?? 60;
  const perSection = input.perSection ?? 5;
  const counts: Record<DigestSection, number> = { policy: 0, company: 0, institution: 0, person: 0, topic: 0 };
  for (const item of input.items) counts[sectionOf(item)]++;
  const breakdown = SECTION_ORDER.filter((k) => counts[k] > 0)
    .map((k) => `${m.sections[k]} ${counts[k]}`)
    .join(' · ');
  const subject = m.digestSubject(input.date, input.items.length, breakdown, input.problems.length, input.weekly === true);

  let shown = 0;
  const htmlParts: string[] = [];
  const textParts: string[] = [];
  const groups: [string, DigestItem[]][] = [
    [m.followedHeading, input.items.filter((i) => i.followedIds?.length)],
    [m.restHeading, input.items.filter((i) => !i.followedIds?.length)],
  ];
  // One group only (a subscriber who follows everything, or only named things): no group heading.
  const nonEmpty = groups.filter(([, items]) => items.length);
  for (const [heading, items] of nonEmpty) {
    if (nonEmpty.length > 1) {
      htmlParts.push(`<h2 style="font-size:18px;margin:22px 0 4px 0;color:${INK};border-bottom:2px solid ${INK};padding-bottom:2px">${escapeHtml(heading)}</h2>`);
      textParts.push(`== ${heading} ==`);
    }
    for (const kind of SECTION_ORDER) {
      const inSection = newestFirst(items.filter((i) => sectionOf(i) === kind));
      if (!inSection.length) continue;
      const room = Math.max(0, Math.min(perSection, maxItems - shown));
      const visible = inSection.slice(0, room);
      shown += visible.length;
      const label = m.counted(m.sections[kind], inSection.length);
      const rest = inSection.length - visible.length;
      htmlParts.push(
        `<h3 style="font-size:16px;margin:16px 0 10px 0;color:${INK}">${escapeHtml(label)}</h3>` +
          visible.map((i) => itemHtml(i, m)).join('') +
          (rest ? `<p style="font-size:13px;color:${MUTED};margin:0 0 12px 0">${m.more(rest)}</p>` : ''),
      );
      textParts.push(`${label}\n\n${visible.map((i) => itemText(i, m)).join('\n\n')}${rest ? `\n  (${m.more(rest)})` : ''}`);
    }
  }
  if (input.items.length === 0) {
    const why = input.problems.length ? m.nothingNewIncomplete : m.nothingNew;
    htmlParts.push(`<p style="font-size:14px;color:${MUTED}">${why}</p>`);
    textParts.push(why);
  }
  if (input.trend) {
    htmlParts.push(trendHtml(input.trend, input.imageMode ?? 'cid', m));
    textParts.push(trendText(input.trend, m));
  }
  if (input.problems.length) {
    const heading = m.problemsHeading(input.problems.length);
    // A thousand failing sources must not make a thousand-line digest: the longest failing ones
    // (in the order given) and a count of the rest, which `gzwatch sources` lists in full.
    const shown = topProblems(input.problems);
    const more = input.problems.length - shown.length;
    const what = (p: SourceHealth) => (p.failureClass ? `${p.failureClass} — ${cutText(p.lastError ?? '', { maxChars: MAX_PROBLEM_ERROR_CHARS })}` : `${m.layoutWarning} — ${cutText(p.warning ?? '', { maxChars: MAX_PROBLEM_ERROR_CHARS })}`);
    const line = (p: SourceHealth) => (p.failureClass ? m.problemLine(p.consecutiveFailures, p.lastSuccessAt ? formatShanghai(p.lastSuccessAt) : undefined) : m.warningLine);
    const rows = shown.map((p) => `<li style="margin:4px 0">${escapeHtml(m.labelled(p.sourceName, what(p)))} · ${escapeHtml(line(p))}</li>`);
    htmlParts.push(
      `<h2 style="font-size:16px;margin:24px 0 8px 0;color:#991b1b">${heading}</h2><ul style="font-size:13px;color:${MUTED};padding-left:18px;word-break:break-word">${rows.join('')}</ul>` +
        (more ? `<p style="font-size:13px;color:${MUTED}">${escapeHtml(m.moreProblems(more))}</p>` : ''),
    );
    textParts.push(`${heading}\n` + shown.map((p) => `- ${p.sourceName}: ${what(p)} (${line(p)})`).join('\n') + (more ? `\n${m.moreProblems(more)}` : ''));
  }
  const top = summary(input, counts, m);
  const heading = m.digestHeading(input.date, input.weekly === true);
  const html =
    `<!doctype html><html lang="${m.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f3f4f6;color:${INK};font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Helvetica,Arial,sans-serif">` +
    `<main style="display:block;max-width:640px;margin:0 auto;padding:12px 16px;background:#ffffff;box-sizing:border-box">` +
    `<h1 style="font-size:19px;margin:0 0 2px 0;color:${INK}">${escapeHtml(heading)}</h1>` +
    `<p style="font-size:13px;color:${MUTED};margin:0">${escapeHtml(m.digestIntro(input.recipientName, input.weekly === true))}</p>` +
    top.html +
    htmlParts.join('') +
    `<p style="font-size:12px;color:${MUTED};margin:24px 0 0 0">${m.footerDigest} ${footerLinks(input, m)}<a href="${escapeHtml(input.unsubscribeUrl)}" style="color:${MUTED}">${m.unsubscribe}</a></p>` +
    `</main></body></html>`;
  const text =
    `${heading}\n\n${top.text}\n\n` +
    textParts.join('\n\n') +
    `\n\n--\n${input.viewUrl ? `${m.labelled(m.viewInBrowser, input.viewUrl)}\n` : ''}${input.preferencesUrl ? `${m.labelled(m.preferences, input.preferencesUrl)}\n` : ''}${m.labelled(m.unsubscribe, input.unsubscribeUrl)}\n`;
  return { subject: subject.replace(/[\r\n]+/g, ' '), html, text, counts, itemCount: input.items.length };
}
