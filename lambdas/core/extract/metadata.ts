/**
 * Structured facts government pages print next to the text: the 规范性文件 block, gov.cn's
 * table.bd1, the gkmlpt DETAIL object, and a few meta tags that change-detection keys on.
 */
import type { CheerioAPI } from 'cheerio/slim';
import { cleanInline } from './text';

/** "索\u3000引\u3000号：" → "索引号": labels are padded with full-width spaces (U+3000) and end in a colon. */
export function normaliseLabel(label: string): string {
  return label.replace(/[\s\u3000\u00a0：:]/g, '');
}

/** `#zoomsubtitl li`: `<span>文号：</span>穗埔府规〔2021〕18号`, the label padded with U+3000. */
function regulationBlock($: CheerioAPI, meta: Record<string, string>): void {
  $('#zoomsubtitl li').each((_, li) => {
    const span = $(li).find('span').first();
    const whole = cleanInline($(li).text());
    let label: string;
    let value: string;
    if (span.length) {
      label = normaliseLabel(span.text());
      value = cleanInline(whole.slice(cleanInline(span.text()).length));
    } else {
      const m = /^([^:：]{1,12})[:：](.*)$/.exec(whole);
      if (!m) return;
      label = normaliseLabel(m[1]!);
      value = m[2]!;
    }
    value = value.replace(/^[:：]\s*/, '').trim();
    if (label && value) meta[label] = value;
  });
}

/** gov.cn template A: label cells (`<td><b>发文字号：</b></td>`) each followed by a value cell. */
function govcnTable($: CheerioAPI, meta: Record<string, string>): void {
  $('table.bd1').each((_, table) => {
    const cells = $(table).find('td').toArray();
    for (let i = 0; i < cells.length - 1; i += 1) {
      const cell = $(cells[i]);
      // A label cell holds a <b> and nothing else; nested tables repeat cells, so skip those.
      if (cell.find('table').length || !cell.find('b').length) continue;
      const label = normaliseLabel(cell.text());
      const next = $(cells[i + 1]);
      if (!label || label.length > 8 || next.find('b').length) continue;
      const value = cleanInline(next.text());
      if (value && !(label in meta)) meta[label] = value;
      i += 1;
    }
  });
}

/** Labels a policy page prints in a plain table (gz.gov.cn: 索引号 / 发文机关 / 成文日期 / 发文字号). */
const TABLE_LABELS = new Set(['索引号', '发文机关', '发布机关', '发文单位', '成文日期', '发文字号', '文号', '发布日期', '施行日期', '实施日期', '生效日期', '失效日期', '有效性', '时效性', '主题分类']);

/** Any table whose label cells (td or th, with or without <b>) carry one of TABLE_LABELS. */
function labelledCells($: CheerioAPI, meta: Record<string, string>): void {
  $('table td, table th').each((_, el) => {
    const cell = $(el);
    if (cell.find('table').length) return;
    const label = normaliseLabel(cell.text());
    if (!TABLE_LABELS.has(label) || label in meta) return;
    const next = cell.next('td, th');
    if (!next.length) return;
    const value = cleanInline(next.text());
    if (value && !TABLE_LABELS.has(normaliseLabel(value))) meta[label] = value;
  });
}

/** File types people open from a policy page: PDF, Word, WPS, OFD, spreadsheets. */
const ATTACHMENT = /\.(pdf|docx?|wps|ofd|xlsx?|et)$/i;

/** Links to attached documents, absolute, named by their link text (else the file name); at most 20. */
export function readAttachments($: CheerioAPI, pageUrl: string): { name: string; url: string }[] {
  const out: { name: string; url: string }[] = [];
  const seen = new Set<string>();
  $('a[href]').each((_, el) => {
    if (out.length >= 20) return;
    let url: URL;
    try {
      url = new URL($(el).attr('href')!, pageUrl);
    } catch {
      return;
    }
    if (!/^https?:$/.test(url.protocol) || !ATTACHMENT.test(url.pathname) || seen.has(url.href)) return;
    seen.add(url.href);
    const file = decodeURIComponent(url.pathname.split('/').pop() ?? url.pathname);
    out.push({ name: cleanInline($(el).text()) || file, url: url.href });
  });
  return out;
}

/** Extracts the object literal starting at `start` (a "{"), honouring strings and escapes. */
function balancedObject(text: string, start: number): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

export type GkmlptDetail = Record<string, unknown>;

/**
 * gkmlpt detail pages fill the body from `window._CONFIG.DETAIL = {...}` (or a `DETAIL: {...}`
 * key of `window._CONFIG`) in script; the static #zoomcon is empty. Null when absent or not JSON.
 */
export function readGkmlptDetail(html: string): GkmlptDetail | null {
  const pattern = /_CONFIG\.DETAIL\s*=\s*\{|\bDETAIL\s*:\s*\{/g;
  for (let m = pattern.exec(html); m; m = pattern.exec(html)) {
    const json = balancedObject(html, m.index + m[0].length - 1);
    if (!json) continue;
    try {
      const parsed = JSON.parse(json) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as GkmlptDetail;
    } catch {
      // Not strict JSON (an object literal with code in it): try the next occurrence.
    }
  }
  return null;
}

function str(value: unknown): string | null {
  if (typeof value === 'string') return cleanInline(value) || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The gkmlpt fields people read (文号, 索引号...) under their Chinese labels. */
export function gkmlptMeta(detail: GkmlptDetail): Record<string, string> {
  const meta: Record<string, string> = {};
  const pairs: [string, string][] = [
    ['document_number', '文号'],
    ['identifier', '索引号'],
    ['publisher', '发布机构'],
    ['classify_main_name', '分类'],
    ['keywords', '关键词'],
  ];
  for (const [field, label] of pairs) {
    const value = str(detail[field]);
    if (value) meta[label] = value;
  }
  for (const flag of ['is_expired', 'is_abolished']) {
    if (detail[flag] !== undefined && detail[flag] !== null) meta[flag] = String(detail[flag]);
  }
  return meta;
}

/** Every metadata block the page carries, merged. Later blocks do not overwrite earlier ones. */
export function readPageMeta($: CheerioAPI): Record<string, string> {
  const meta: Record<string, string> = {};
  regulationBlock($, meta);
  govcnTable($, meta);
  labelledCells($, meta);
  const tags: [string, string][] = [
    ['manuscriptId', 'manuscriptId'],
    ['lastmodifiedtime', 'lastmodifiedtime'],
    ['ContentSource', '来源'],
  ];
  for (const [name, key] of tags) {
    const value = cleanInline($(`meta[name="${name}"]`).first().attr('content') ?? '');
    if (value && !(key in meta)) meta[key] = value;
  }
  return meta;
}
