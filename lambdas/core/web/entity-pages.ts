import { escapeHtml, safeHref } from '../digest/escape-html';
import type { MentionRecord } from '../ports';
import { addDays, formatShanghai, shanghaiDate, shanghaiDayOfIso } from '../time';
import type { Entity } from '../types';
import { fill, words } from './i18n';
import { langQuery, page } from './layout';
import type { PageContext } from './subscription-pages';

export const TREND_DAYS = 90;

const switchTo = (ctx: PageContext, extra: Record<string, string> = {}) => `${ctx.path}${langQuery(ctx.lang === 'zh' ? 'en' : 'zh', extra)}`;

/** GET /entities: the watchlist by kind, with a search by any name. */
export function entitiesPage(ctx: PageContext, entities: Entity[], query: string): string {
  const w = words(ctx.lang);
  const groups = (['policy', 'company', 'institution', 'person'] as const)
    .map((kind) => {
      const list = entities.filter((e) => e.kind === kind);
      if (!list.length) return '';
      const items = list
        .map((e) => {
          const aka = e.aliases.filter((a) => a.length <= 20).slice(0, 3);
          return `<li><a href="${ctx.basePath}/entities/${encodeURIComponent(e.id)}${langQuery(ctx.lang)}">${escapeHtml(e.name)}</a>${aka.length ? ` <span class="meta">${escapeHtml(aka.join(' · '))}</span>` : ''}</li>`;
        })
        .join('');
      const feed = (ext: string, label: string) => `<a href="${ctx.basePath}/feeds/kind/${kind}.${ext}">${label}</a>`;
      return `<h2>${escapeHtml(w.kinds[kind])}</h2><p class="meta">${escapeHtml(w.feeds)}: ${feed('xml', 'Atom')} · ${feed('rss', 'RSS')} · ${feed('json', 'JSON Feed')}</p><ul class="entities">${items}</ul>`;
    })
    .join('');
  const body =
    `<form method="get" action="${ctx.basePath}/entities" role="search">${ctx.lang === 'en' ? '<input type="hidden" name="lang" value="en">' : ''}` +
    `<label for="q">${escapeHtml(w.search)}</label><br><input id="q" name="q" type="search" value="${escapeHtml(query)}"> <button type="submit">${escapeHtml(w.searchButton)}</button></form>` +
    (groups || `<p>${escapeHtml(w.noMatch)}</p>`);
  return page({ lang: ctx.lang, title: w.entities, basePath: ctx.basePath, switchHref: switchTo(ctx, query ? { q: query } : {}), body });
}

/** Mentions per Asia/Shanghai day over the last TREND_DAYS days, oldest first, zeros included. */
export function dailyCounts(records: MentionRecord[], now: Date): { day: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    const day = shanghaiDayOfIso(r.firstSeenAt);
    if (day === null) continue;
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  const today = shanghaiDate(now);
  const out: { day: string; count: number }[] = [];
  for (let i = TREND_DAYS - 1; i >= 0; i--) {
    const day = addDays(today, -i);
    out.push({ day, count: counts.get(day) ?? 0 });
  }
  return out;
}

/** The sentence with the matched words marked, escaped first so nothing from a source becomes markup. */
function markedSnippet(snippet: string, matched: string[]): string {
  let out = escapeHtml(snippet);
  for (const m of [...new Set(matched)].sort((a, b) => b.length - a.length)) {
    const e = escapeHtml(m);
    if (e) out = out.split(e).join(`<mark>${e}</mark>`);
  }
  return out;
}

export interface EntityView {
  entity: Entity;
  /** Newest first, the last TREND_DAYS days. */
  records: MentionRecord[];
  now: Date;
  feeds: { atom: string; rss: string; json: string };
}

/**
 * GET /entities/{id}: what the sources published about it (title, source, date, the sentence,
 * which words matched where), a 90-day trend as a table with the numbers (no image), and feeds.
 */
export function entityPage(ctx: PageContext, view: EntityView): string {
  const w = words(ctx.lang);
  const { entity, records } = view;
  const days = dailyCounts(records, view.now);
  const total = days.reduce((n, d) => n + d.count, 0);
  const max = Math.max(0, ...days.map((d) => d.count));
  const sources = new Map<string, number>();
  for (const r of records) sources.set(r.source, (sources.get(r.source) ?? 0) + 1);
  const list = records
    .slice(0, 100)
    .map((r) => {
      const href = safeHref(r.url);
      const title = href ? `<a href="${escapeHtml(href)}">${escapeHtml(r.title)}</a>` : escapeHtml(r.title);
      const first = r.mentions.find((m) => m.field === 'body') ?? r.mentions[0];
      const why = [...new Set(r.mentions.map((m) => `「${m.text}」${m.field === 'title' ? w.inTitle : w.inBody}`))].join('，');
      return (
        `<li><h3>${title}</h3><p class="meta">${escapeHtml(r.source)} · <time datetime="${escapeHtml(r.publishedAt ?? r.firstSeenAt)}">${escapeHtml(formatShanghai(r.publishedAt ?? r.firstSeenAt, false))}</time></p>` +
        (first ? `<blockquote>${markedSnippet(first.snippet, r.mentions.map((m) => m.text))}</blockquote>` : '') +
        `<p class="meta">${escapeHtml(w.why)}: ${escapeHtml(why)}</p></li>`
      );
    })
    .join('');
  const rows = days
    .filter((d) => d.count > 0)
    .reverse()
    .map((d) => `<tr><td>${d.day}</td><td class="n">${d.count}</td><td><meter min="0" max="${max}" value="${d.count}" aria-hidden="true"></meter></td></tr>`)
    .join('');
  const trend =
    `<h2 id="trend">${escapeHtml(w.trend)}</h2><p>${escapeHtml(fill(w.trendSummary, { n: total, max }))}</p>` +
    (rows ? `<div class="scroll"><table aria-labelledby="trend"><thead><tr><th scope="col">${escapeHtml(w.day)}</th><th scope="col">${escapeHtml(w.count)}</th><th scope="col"><span class="meta">▮</span></th></tr></thead><tbody>${rows}</tbody></table></div>` : '');
  const sourceList = [...sources].sort((a, b) => b[1] - a[1]).map(([s, n]) => `<li>${escapeHtml(s)} (${n})</li>`).join('');
  const body =
    `<p class="meta">${escapeHtml(w.kinds[entity.kind])}${entity.aliases.length ? ` · ${escapeHtml(w.aliases)}: ${escapeHtml(entity.aliases.join('、'))}` : ''}</p>` +
    `<p>${escapeHtml(w.feeds)}: <a href="${escapeHtml(view.feeds.atom)}">Atom</a> · <a href="${escapeHtml(view.feeds.rss)}">RSS</a> · <a href="${escapeHtml(view.feeds.json)}">JSON Feed</a></p>` +
    trend +
    `<h2>${escapeHtml(w.sources)}</h2>${sourceList ? `<ul>${sourceList}</ul>` : `<p>${escapeHtml(w.noMentions)}</p>`}` +
    `<h2>${escapeHtml(w.mentions)}</h2>${list ? `<ol class="mentions">${list}</ol>` : `<p>${escapeHtml(w.noMentions)}</p>`}`;
  return page({ lang: ctx.lang, title: entity.name, basePath: ctx.basePath, switchHref: switchTo(ctx), body });
}
