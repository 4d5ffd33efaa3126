/**
 * The facts an analyst reads off a policy document before its text: 文号, 发文机关, the dates it
 * was written, published and takes effect, whether it is still valid, and its attachments. Pages
 * label them differently (发文字号 / 文号, 发布机关 / 发文机关 / 发布机构); the first label found wins.
 */
import { policyStatus } from '../policy-diff';
import type { StoredArticle } from '../types';
import { formatShanghai } from '../time';
import type { Messages } from '../i18n/messages';

const LABELS = {
  number: ['文号', '发文字号', '文件编号'],
  issuer: ['发文机关', '发布机关', '发文单位', '发布机构', '发布单位'],
  written: ['成文日期', '成文时间'],
  published: ['发布日期', '发文日期', '发布时间'],
  effective: ['施行日期', '实施日期', '生效日期'],
} as const;

export type FactName = keyof typeof LABELS | 'validity';

export interface PolicyFacts {
  fields: { name: FactName; value: string }[];
  attachments: { name: string; url: string }[];
}

export function policyFacts(article: Pick<StoredArticle, 'meta' | 'body' | 'publishedAt' | 'attachments'>): PolicyFacts {
  const meta = article.meta ?? {};
  const fields: PolicyFacts['fields'] = [];
  for (const [name, labels] of Object.entries(LABELS) as [keyof typeof LABELS, readonly string[]][]) {
    const label = labels.find((l) => meta[l]?.trim());
    if (label) fields.push({ name, value: meta[label]!.trim() });
    else if (name === 'published' && article.publishedAt) fields.push({ name, value: formatShanghai(article.publishedAt, false) });
  }
  const status = policyStatus(article.meta, article.body);
  if (status) fields.push({ name: 'validity', value: status });
  return { fields, attachments: article.attachments ?? [] };
}

/** "文号 穗工信规〔2026〕3号 · 发文机关 …" for plain text. */
export function factsLine(facts: PolicyFacts, m: Messages): string {
  return facts.fields.map((f) => `${m.facts[f.name]} ${f.value}`).join(' · ');
}
