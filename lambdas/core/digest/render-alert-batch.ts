/**
 * One alert message for everything a run found that a subscriber follows: new documents, revised
 * ones with what changed, repealed or expired ones; each with its 文号, 发文机关, dates, validity
 * and attachments. Every string from a page is escaped.
 */
import { ALERT_GROUPS, type AlertGroup, type RecipientAlert } from '../alerts/alert-batch';
import { messages, type Messages } from '../i18n/messages';
import { formatShanghai } from '../time';
import type { Mention, StoredArticle } from '../types';
import { escapeHtml, safeHref } from './escape-html';
import { mentionSentence } from './mention-sentence';
import { factsLine, policyFacts } from './policy-facts';

export interface RenderedAlert {
  subject: string;
  html: string;
  text: string;
}

const MUTED = '#4b5563';
const CELL = 'padding:4px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top;word-break:break-word';

/** The sentence around the first body mention (else the title's), highlighted. */
function sentenceOf(a: StoredArticle, mentions: Mention[]) {
  const first = mentions.find((m) => m.field === 'body') ?? mentions[0];
  return first ? mentionSentence(first.field === 'title' ? a.title : a.body, first) : undefined;
}

export function factsHtml(a: StoredArticle, m: Messages): string {
  const facts = policyFacts(a);
  const rows = facts.fields.map((f) => `<tr><th scope="row" align="left" style="${CELL};color:${MUTED};font-weight:normal;white-space:nowrap">${escapeHtml(m.facts[f.name])}</th><td style="${CELL}">${escapeHtml(f.value)}</td></tr>`);
  const files = facts.attachments
    .map((x) => ({ x, href: safeHref(x.url) }))
    .filter((y) => y.href)
    .map((y) => `<a href="${escapeHtml(y.href!)}" style="color:#0b57d0">${escapeHtml(y.x.name)}</a>`);
  if (files.length) rows.push(`<tr><th scope="row" align="left" style="${CELL};color:${MUTED};font-weight:normal">${escapeHtml(m.facts.attachments)}</th><td style="${CELL}">${files.join('<br>')}</td></tr>`);
  return rows.length ? `<table role="presentation" style="border-collapse:collapse;font-size:13px;margin:6px 0;width:100%">${rows.join('')}</table>` : '';
}

export function factsText(a: StoredArticle, m: Messages): string[] {
  const facts = policyFacts(a);
  const out: string[] = [];
  const line = factsLine(facts, m);
  if (line) out.push(line);
  for (const x of facts.attachments) out.push(m.labelled(m.facts.attachments, `${x.name} ${x.url}`));
  return out;
}

function documentBlock(entry: RecipientAlert['events'][number], m: Messages): { html: string; text: string[] } {
  const a = entry.event.article;
  const href = safeHref(a.url);
  const names = [...new Set(entry.mentions.map((x) => x.name))];
  const when = formatShanghai(a.publishedAt) || m.dateUnknown;
  let html =
    `<h3 style="font-size:16px;line-height:1.4;margin:0 0 4px 0">${href ? `<a href="${escapeHtml(href)}" style="color:#0b57d0;text-decoration:none">${escapeHtml(a.title)}</a>` : escapeHtml(a.title)}</h3>` +
    `<div style="font-size:12px;color:${MUTED}">${escapeHtml(a.sourceName)} · ${escapeHtml(when)}${names.length ? ` · ${escapeHtml(names.join(m.listSeparator))}` : ''}</div>` +
    factsHtml(a, m);
  const text = [a.title, a.url, `${a.sourceName} · ${when}${names.length ? ` · ${names.join(m.listSeparator)}` : ''}`, ...factsText(a, m)];
  if (entry.event.kind === 'new') {
    const s = sentenceOf(a, entry.mentions);
    if (s) {
      html += `<p style="font-size:14px;line-height:1.6;margin:6px 0">${escapeHtml(s.before)}<mark style="background:#fde68a;color:#111827">${escapeHtml(s.match)}</mark>${escapeHtml(s.after)}</p>`;
      text.push(`“${s.before}[${s.match}]${s.after}”`);
    }
  } else {
    const d = entry.event.diff;
    const rows = d.fields.map(
      (f) =>
        `<tr><td style="${CELL}">${escapeHtml(m.fieldNames[f.name] ?? f.name)}</td><td style="${CELL};color:#991b1b">${escapeHtml(f.before ?? '—')}</td><td style="${CELL};color:#166534">${escapeHtml(f.after ?? '—')}</td></tr>`,
    );
    if (rows.length) {
      html += `<table style="border-collapse:collapse;font-size:13px;width:100%;margin:6px 0"><tr><th align="left" style="${CELL}">${m.diffField}</th><th align="left" style="${CELL}">${m.diffBefore}</th><th align="left" style="${CELL}">${m.diffAfter}</th></tr>${rows.join('')}</table>`;
    }
    if (d.addedSentences.length) html += `<h4 style="font-size:13px;margin:8px 0 4px 0">${m.added}</h4>${d.addedSentences.map((x) => `<p style="font-size:14px;line-height:1.6;margin:4px 0;background:#f0fdf4">+ ${escapeHtml(x)}</p>`).join('')}`;
    if (d.removedSentences.length) html += `<h4 style="font-size:13px;margin:8px 0 4px 0">${m.removed}</h4>${d.removedSentences.map((x) => `<p style="font-size:14px;line-height:1.6;margin:4px 0;background:#fef2f2"><del>− ${escapeHtml(x)}</del></p>`).join('')}`;
    for (const f of d.fields) text.push(m.labelled(m.fieldNames[f.name] ?? f.name, `${f.before ?? '—'} → ${f.after ?? '—'}`));
    for (const x of d.addedSentences) text.push(`+ ${x}`);
    for (const x of d.removedSentences) text.push(`- ${x}`);
  }
  return { html: `<div style="margin:0 0 16px 0;padding:0 0 12px 0;border-bottom:1px solid #e5e7eb">${html}</div>`, text };
}

/** The one message of a run for one subscriber, in their language. */
export function renderAlertBatch(alert: RecipientAlert, unsubscribeUrl: string, preferencesUrl?: string): RenderedAlert {
  const m = messages(alert.subscriber.lang);
  const counts: Record<AlertGroup, number> = { new: 0, revised: 0, repealed: 0 };
  for (const e of alert.events) counts[e.group]++;
  const one = alert.events.length === 1 ? alert.events[0]!.event : undefined;
  const status = one?.kind === 'changed' ? one.diff.fields.find((f) => f.kind === 'status') : undefined;
  const subject = m
    .alertSubject(counts, one ? { title: one.article.title, status: status ? `${status.before ?? '—'} → ${status.after ?? '—'}` : undefined } : undefined)
    .replace(/[\r\n]+/g, ' ');
  const htmlParts: string[] = [];
  const textParts: string[] = [m.alertIntro];
  for (const group of ALERT_GROUPS) {
    const entries = alert.events.filter((e) => e.group === group);
    if (!entries.length) continue;
    const heading = m.counted(m.alertGroups[group], entries.length);
    htmlParts.push(`<h2 style="font-size:17px;margin:18px 0 8px 0">${escapeHtml(heading)}</h2>`);
    textParts.push('', `== ${heading} ==`);
    for (const entry of entries) {
      const block = documentBlock(entry, m);
      htmlParts.push(block.html);
      textParts.push('', ...block.text);
    }
  }
  const html =
    `<!doctype html><html lang="${m.htmlLang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;color:#111827;font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Helvetica,Arial,sans-serif"><main style="max-width:640px;margin:0 auto;padding:16px;box-sizing:border-box">` +
    `<h1 style="font-size:18px;margin:0 0 6px 0">${escapeHtml(subject)}</h1><p style="font-size:14px;margin:0 0 8px 0">${m.alertIntro}</p>` +
    htmlParts.join('') +
    `<p style="font-size:12px;color:${MUTED};margin:24px 0 0 0">${m.footerAlert} ${preferencesUrl && safeHref(preferencesUrl) ? `<a href="${escapeHtml(preferencesUrl)}" style="color:${MUTED}">${m.preferences}</a> · ` : ''}<a href="${escapeHtml(unsubscribeUrl)}" style="color:${MUTED}">${m.unsubscribe}</a></p></main></body></html>`;
  textParts.push('', `--\n${preferencesUrl ? `${m.labelled(m.preferences, preferencesUrl)}\n` : ''}${m.labelled(m.unsubscribe, unsubscribeUrl)}`);
  return { subject, html, text: `${textParts.join('\n')}\n` };
}
