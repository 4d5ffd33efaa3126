import type { PolicyDocumentDiff } from '../policy-diff';
import { formatShanghai } from '../time';
import type { Mention, StoredArticle } from '../types';
import { escapeHtml, safeHref } from './escape-html';
import { mentionSentence } from './mention-sentence';

export type PolicyEvent =
  | { kind: 'new'; article: StoredArticle }
  | { kind: 'changed'; article: StoredArticle; diff: PolicyDocumentDiff; previousHash: string };

export interface RenderedAlert {
  subject: string;
  html: string;
  text: string;
}

const FIELD_NAMES: Record<string, string> = { title: '标题 title', status: '状态 status' };

/**
 * A policy alert: what is new (the document, what it names, the sentence naming it), or what
 * changed (each field before and after, sentences added and removed). Every string is escaped.
 */
export function renderPolicyAlert(event: PolicyEvent, mentions: Mention[], unsubscribeUrl: string, preferencesUrl?: string): RenderedAlert {
  const a = event.article;
  const href = safeHref(a.url);
  const names = [...new Set(mentions.map((m) => m.name))];
  const statusChange = event.kind === 'changed' ? event.diff.fields.find((f) => f.kind === 'status') : undefined;
  const subject = (
    event.kind === 'new'
      ? `gzwatch policy alert: ${a.title}`
      : `gzwatch policy change: ${a.title}${statusChange ? ` (${statusChange.before ?? '—'} → ${statusChange.after ?? '—'})` : ''}`
  ).replace(/[\r\n]+/g, ' ');
  const head =
    `<h1 style="font-size:18px;line-height:1.4;margin:0 0 6px 0">${href ? `<a href="${escapeHtml(href)}" style="color:#0b57d0;text-decoration:none">${escapeHtml(a.title)}</a>` : escapeHtml(a.title)}</h1>` +
    `<div style="font-size:12px;color:#6b7280">${escapeHtml(a.sourceName)} · ${escapeHtml(formatShanghai(a.publishedAt) || 'date unknown')}${names.length ? ` · ${escapeHtml(names.join('、'))}` : ''}</div>`;
  const text: string[] = [a.title, a.url, `${a.sourceName} · ${formatShanghai(a.publishedAt) || 'date unknown'}${names.length ? ` · ${names.join('、')}` : ''}`, ''];
  let body: string;
  if (event.kind === 'new') {
    const first = mentions.find((m) => m.field === 'body') ?? mentions[0];
    const s = first ? mentionSentence(first.field === 'title' ? a.title : a.body, first) : undefined;
    body =
      `<p style="font-size:14px;margin:14px 0 6px 0">A new policy document names what you follow.</p>` +
      (s ? `<p style="font-size:14px;line-height:1.6">${escapeHtml(s.before)}<mark style="background:#fde68a">${escapeHtml(s.match)}</mark>${escapeHtml(s.after)}</p>` : '');
    text.push('A new policy document names what you follow.', ...(s ? [`“${s.before}[${s.match}]${s.after}”`] : []));
  } else {
    const d = event.diff;
    const rows = d.fields.map(
      (f) =>
        `<tr><td style="padding:4px 8px;border-bottom:1px solid #e5e7eb;color:#374151">${escapeHtml(FIELD_NAMES[f.name] ?? f.name)}</td><td style="padding:4px 8px;border-bottom:1px solid #e5e7eb;color:#991b1b;word-break:break-word">${escapeHtml(f.before ?? '—')}</td><td style="padding:4px 8px;border-bottom:1px solid #e5e7eb;color:#166534;word-break:break-word">${escapeHtml(f.after ?? '—')}</td></tr>`,
    );
    body =
      `<p style="font-size:14px;margin:14px 0 6px 0">This policy document changed since gzwatch last read it.</p>` +
      (rows.length ? `<table style="border-collapse:collapse;font-size:13px;width:100%"><tr><th align="left" style="padding:4px 8px">field</th><th align="left" style="padding:4px 8px">before</th><th align="left" style="padding:4px 8px">after</th></tr>${rows.join('')}</table>` : '') +
      (d.addedSentences.length ? `<h2 style="font-size:14px;margin:14px 0 4px 0">Added</h2>${d.addedSentences.map((x) => `<p style="font-size:14px;line-height:1.6;margin:4px 0;background:#f0fdf4">+ ${escapeHtml(x)}</p>`).join('')}` : '') +
      (d.removedSentences.length ? `<h2 style="font-size:14px;margin:14px 0 4px 0">Removed</h2>${d.removedSentences.map((x) => `<p style="font-size:14px;line-height:1.6;margin:4px 0;background:#fef2f2;text-decoration:line-through">− ${escapeHtml(x)}</p>`).join('')}` : '');
    text.push('This policy document changed since gzwatch last read it.');
    for (const f of d.fields) text.push(`${f.name}: ${f.before ?? '—'} → ${f.after ?? '—'}`);
    for (const x of d.addedSentences) text.push(`+ ${x}`);
    for (const x of d.removedSentences) text.push(`- ${x}`);
  }
  const html =
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Helvetica,Arial,sans-serif"><div style="max-width:640px;margin:0 auto;padding:16px;box-sizing:border-box">` +
    head + body +
    `<p style="font-size:12px;color:#9ca3af;margin:24px 0 0 0">You receive this because you follow these names on gzwatch. ${preferencesUrl ? `<a href="${escapeHtml(preferencesUrl)}" style="color:#6b7280">Preferences 偏好设置</a> · ` : ''}<a href="${escapeHtml(unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a></p></div></body></html>`;
  text.push('', `--\n${preferencesUrl ? `Preferences: ${preferencesUrl}\n` : ''}Unsubscribe: ${unsubscribeUrl}`);
  return { subject, html, text: `${text.join('\n')}\n` };
}
