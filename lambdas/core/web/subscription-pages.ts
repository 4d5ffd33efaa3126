import { escapeHtml } from '../digest/escape-html';
import type { Entity, Subscriber } from '../types';
import { fill, words, type Lang } from './i18n';
import { langQuery, page } from './layout';
import { followLabel } from './watchlist-names';

export interface PageContext {
  lang: Lang;
  basePath: string;
  /** The request path, for the language switch. */
  path: string;
}

const other = (ctx: PageContext, extra: Record<string, string> = {}) => `${ctx.path}${langQuery(ctx.lang === 'zh' ? 'en' : 'zh', extra)}`;

function hourOptions(selected: number): string {
  let out = '';
  for (let h = 0; h < 24; h++) out += `<option value="${h}"${h === selected ? ' selected' : ''}>${String(h).padStart(2, '0')}:00</option>`;
  return out;
}

function frequencyField(ctx: PageContext, selected: 'daily' | 'weekly'): string {
  const w = words(ctx.lang);
  const radio = (v: 'daily' | 'weekly', label: string) => `<label><input type="radio" name="frequency" value="${v}"${selected === v ? ' checked' : ''}> ${escapeHtml(label)}</label>`;
  return `<fieldset><legend>${escapeHtml(w.frequency)}</legend>${radio('daily', w.daily)}${radio('weekly', w.weekly)}</fieldset>`;
}

function alertsField(ctx: PageContext, on: boolean): string {
  return `<p><label class="check"><input type="checkbox" name="alerts" value="on"${on ? ' checked' : ''}> ${escapeHtml(words(ctx.lang).alerts)}</label></p>`;
}

const errorBox = (message?: string) => (message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '');

export interface SubscribeValues {
  email?: string;
  follow?: string;
  hour?: number;
  frequency?: 'daily' | 'weekly';
  alerts?: boolean;
}

/** GET /: the subscription form; works without JavaScript, every field labelled. */
export function subscribePage(ctx: PageContext, entities: Entity[], values: SubscribeValues = {}, error?: string): string {
  const w = words(ctx.lang);
  const list = entities.map((e) => `<option value="${escapeHtml(e.name)}"></option>`).join('');
  const body =
    `<p>${escapeHtml(w.tagline)}</p>${errorBox(error)}` +
    `<form class="stack" method="post" action="${ctx.basePath}/subscribe"><input type="hidden" name="lang" value="${ctx.lang}">` +
    `<label for="email">${escapeHtml(w.email)}</label><input id="email" name="email" type="email" required autocomplete="email" value="${escapeHtml(values.email ?? '')}">` +
    `<label for="follow">${escapeHtml(w.follow)}</label><p class="hint" id="follow-hint">${escapeHtml(w.followHint)}</p>` +
    `<input id="follow" name="follow" type="text" list="watchlist-names" aria-describedby="follow-hint" value="${escapeHtml(values.follow ?? '')}"><datalist id="watchlist-names">${list}</datalist>` +
    `<label for="hour">${escapeHtml(w.hour)}</label><select id="hour" name="hour">${hourOptions(values.hour ?? 8)}</select>` +
    frequencyField(ctx, values.frequency ?? 'daily') +
    alertsField(ctx, values.alerts ?? true) +
    `<button type="submit">${escapeHtml(w.subscribeButton)}</button></form>` +
    `<p><a href="${ctx.basePath}/entities${langQuery(ctx.lang)}">${escapeHtml(w.navEntities)}</a></p>`;
  return page({ lang: ctx.lang, title: w.navSubscribe, basePath: ctx.basePath, switchHref: other(ctx), body });
}

export function messagePage(ctx: PageContext, title: string, message: string, kind: 'notice' | 'error' = 'notice', extra = ''): string {
  return page({ lang: ctx.lang, title, basePath: ctx.basePath, switchHref: other(ctx), body: `<p class="${kind}"${kind === 'error' ? ' role="alert"' : ''}>${escapeHtml(message)}</p>${extra}` });
}

/** The page a link in a mail opens: what will happen, and one button that posts to this same URL. */
export function oneButtonPage(ctx: PageContext, title: string, message: string, button: string): string {
  const body = `<p>${escapeHtml(message)}</p><form method="post" action="${escapeHtml(`${ctx.basePath}${ctx.path}`)}"><input type="hidden" name="lang" value="${ctx.lang}"><button type="submit">${escapeHtml(button)}</button></form>`;
  return page({ lang: ctx.lang, title, basePath: ctx.basePath, switchHref: other(ctx), body });
}

export interface PreferencesView {
  subscriber: Subscriber;
  entities: Map<string, Entity>;
  feedXml: string;
  feedJson: string;
  digests: { date: string; url: string }[];
  saved?: boolean;
  error?: string;
  add?: string;
}

export function preferencesPage(ctx: PageContext, view: PreferencesView): string {
  const w = words(ctx.lang);
  const s = view.subscriber;
  const following = s.follows.length
    ? `<fieldset><legend>${escapeHtml(w.following)}</legend>` +
      s.follows.map((f, i) => `<label><input type="checkbox" name="keep" value="${escapeHtml(f)}" id="keep-${i}" checked> ${escapeHtml(followLabel(view.entities, f))}</label>`).join('') +
      `</fieldset>`
    : `<p>${escapeHtml(w.followingAll)}</p>`;
  const langRadio = (v: Lang, label: string) => `<label><input type="radio" name="language" value="${v}"${(s.lang === 'en' ? 'en' : 'zh') === v ? ' checked' : ''}> ${label}</label>`;
  const digests = view.digests.length
    ? `<ul>${view.digests.map((d) => `<li><a href="${escapeHtml(d.url)}">${escapeHtml(d.date)} · ${escapeHtml(w.viewDigest)}</a></li>`).join('')}</ul>`
    : `<p>${escapeHtml(w.noDigests)}</p>`;
  const body =
    (view.saved ? `<p class="notice" role="status">${escapeHtml(w.saved)}</p>` : '') +
    errorBox(view.error) +
    `<p>${escapeHtml(s.email)} · ${escapeHtml(w.status)}: ${escapeHtml(w.statusNames[s.status])}</p>` +
    `<form class="stack" method="post" action="${escapeHtml(`${ctx.basePath}${ctx.path}`)}"><input type="hidden" name="lang" value="${ctx.lang}">` +
    following +
    `<label for="add">${escapeHtml(w.add)}</label><input id="add" name="add" type="text" list="watchlist-names" value="${escapeHtml(view.add ?? '')}">` +
    `<datalist id="watchlist-names">${[...view.entities.values()].map((e) => `<option value="${escapeHtml(e.name)}"></option>`).join('')}</datalist>` +
    `<label for="hour">${escapeHtml(w.hour)}</label><select id="hour" name="hour">${hourOptions(s.digestHour)}</select>` +
    frequencyField(ctx, s.frequency ?? 'daily') +
    `<fieldset><legend>${escapeHtml(w.language)}</legend>${langRadio('zh', '中文')}${langRadio('en', '<span lang="en">English</span>')}</fieldset>` +
    alertsField(ctx, s.alerts ?? true) +
    `<button type="submit">${escapeHtml(w.save)}</button></form>` +
    `<h2>${escapeHtml(w.pastDigests)}</h2>${digests}` +
    `<h2>${escapeHtml(w.privateFeed)}</h2><ul><li><a href="${escapeHtml(view.feedXml)}">Atom</a></li><li><a href="${escapeHtml(view.feedJson)}">JSON Feed</a></li></ul>`;
  return page({ lang: ctx.lang, title: w.preferences, basePath: ctx.basePath, switchHref: other(ctx), body });
}

export { fill };
