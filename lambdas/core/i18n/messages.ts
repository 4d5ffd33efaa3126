/**
 * Every fixed text a reader sees in digests and alerts, one table per language. Chinese is the
 * default: gzwatch is read in Guangzhou. Functions take counts and names so that plural forms and
 * word order stay with the language.
 */
import type { Lang } from '../types';

export interface Messages {
  htmlLang: string;
  listSeparator: string;
  /** A heading with its count: 新发布（2） / New (2). */
  counted(label: string, n: number): string;
  /** A note in brackets after a text: 云从科技（企业） / 云从科技 (company). */
  bracketed(text: string, note: string): string;
  /** "label：value" / "label: value". */
  labelled(label: string, value: string): string;
  /** A name, its count and the change: 云从科技 5（↑2）. */
  nameCount(name: string, count: number, change: string): string;
  dateUnknown: string;
  // ---- digest ----
  /** `breakdown`: "政策文件 1 · 企业 2", the section counts. */
  digestSubject(date: string, items: number, breakdown: string, problems: number, weekly: boolean): string;
  digestHeading(date: string, weekly: boolean): string;
  digestIntro(name: string | undefined, weekly: boolean): string;
  summaryHeading: string;
  summaryCounts(counts: { policy: number; news: number; alerted: number; problems: number }): string;
  summaryTopNames: string;
  summaryChange(now: number, before: number): string;
  summaryNewPolicies: string;
  olderFound(n: number): string;
  followedHeading: string;
  restHeading: string;
  sections: Record<'policy' | 'company' | 'institution' | 'person' | 'topic', string>;
  more(n: number): string;
  alsoReportedBy: string;
  sourcesCount(n: number): string;
  alreadyAlerted: string;
  nothingNew: string;
  nothingNewIncomplete: string;
  problemsHeading(n: number): string;
  problemLine(failures: number, lastSuccess: string | undefined): string;
  /** More failing sources than the digest names. */
  moreProblems(n: number): string;
  /** A source read this time, but not the way its definition says (layout-changed). */
  layoutWarning: string;
  warningLine: string;
  kinds: Record<'company' | 'institution' | 'person' | 'policy', string>;
  followedMark: string;
  trendHeading(from: string, to: string): string;
  trendAlt(names: string): string;
  trendTableCaption: string;
  trendDay: string;
  trendTotal: string;
  trendAxis: { x: string; y: string };
  footerDigest: string;
  unsubscribe: string;
  preferences: string;
  viewInBrowser: string;
  // ---- alerts ----
  /** `only`: the one document when there is one, with its status change ("有效 → 废止") if any. */
  alertSubject(counts: Record<'new' | 'revised' | 'repealed', number>, only: { title: string; status?: string } | undefined): string;
  alertIntro: string;
  alertGroups: Record<'new' | 'revised' | 'repealed', string>;
  diffField: string;
  diffBefore: string;
  diffAfter: string;
  added: string;
  removed: string;
  fieldNames: Record<string, string>;
  facts: Record<'number' | 'issuer' | 'written' | 'published' | 'effective' | 'validity' | 'attachments', string>;
  footerAlert: string;
}

const zh: Messages = {
  htmlLang: 'zh-CN',
  listSeparator: '、',
  counted: (label, n) => `${label}（${n}）`,
  labelled: (label, value) => `${label}：${value}`,
  bracketed: (text, note) => `${text}（${note}）`,
  nameCount: (name, count, change) => `${name} ${count}（${change}）`,
  dateUnknown: '日期不详',
  digestSubject: (date, items, breakdown, problems, weekly) =>
    `gzwatch ${weekly ? '周报' : '日报'} ${date}：${items ? `${items} 条新动态（${breakdown}）` : '暂无新动态'}${problems ? `，${problems} 个来源异常` : ''}`,
  digestHeading: (date, weekly) => `gzwatch ${weekly ? '周报' : '日报'} · ${date}`,
  digestIntro: (name, weekly) => `${name ? `${name}，` : ''}以下是${weekly ? '本周' : '自上期以来'}广州人工智能新闻与政策中与你关注对象有关的内容。`,
  summaryHeading: '摘要',
  summaryCounts: (c) => `政策文件 ${c.policy} 份 · 新闻 ${c.news} 条${c.alerted ? `（其中 ${c.alerted} 份已提醒）` : ''}${c.problems ? ` · ${c.problems} 个来源异常` : ''}`,
  summaryTopNames: '提及最多',
  summaryChange: (now, before) => (now === before ? '持平' : now > before ? `↑${now - before}` : `↓${before - now}`),
  summaryNewPolicies: '新政策文件',
  olderFound: (n) => `另发现 ${n} 份较早发布的文件（已收录，不作为新动态）。`,
  followedHeading: '你关注的',
  restHeading: '其他动态',
  sections: { policy: '政策文件', company: '企业', institution: '机构', person: '人物', topic: '政策热点' },
  more: (n) => `还有 ${n} 条未显示`,
  alsoReportedBy: '同时报道：',
  sourcesCount: (n) => `${n} 家来源`,
  alreadyAlerted: '已提醒',
  nothingNew: '自上期以来，你关注的对象没有新动态。',
  nothingNewIncomplete: '暂无新动态：部分来源无法读取（见下文），本期可能不完整。',
  problemsHeading: (n) => `异常来源（${n}）`,
  problemLine: (failures, lastSuccess) => `连续失败 ${failures} 次，${lastSuccess ? `上次成功 ${lastSuccess}` : '从未成功'}`,
  moreProblems: (n) => `……另有 ${n} 个来源异常（gzwatch sources 可查看全部）。`,
  layoutWarning: '页面可能已改版',
  warningLine: '本次仍已读取，请检查该来源的选择器',
  kinds: { company: '企业', institution: '机构', person: '人物', policy: '政策' },
  followedMark: '关注',
  trendHeading: (from, to) => `关注企业每日提及（${from} 至 ${to}）`,
  trendAlt: (names) => `${names} 每日报道数折线图，数字见下表`,
  trendTableCaption: '每日提及数',
  trendDay: '日期',
  trendTotal: '合计',
  trendAxis: { x: '日期', y: '篇数' },
  footerDigest: '你收到此邮件是因为订阅了 gzwatch。',
  unsubscribe: '退订',
  preferences: '偏好设置',
  viewInBrowser: '在浏览器中查看',
  alertSubject: (c, only) => {
    const total = c.new + c.revised + c.repealed;
    if (total === 1 && only) return `gzwatch 政策提醒：${c.new ? '' : c.repealed ? '【废止】' : '【修订】'}${only.title}${only.status ? `（${only.status}）` : ''}`;
    const parts = [c.new && `新发布 ${c.new}`, c.revised && `修订 ${c.revised}`, c.repealed && `废止 ${c.repealed}`].filter(Boolean);
    return `gzwatch 政策提醒：${total} 份文件（${parts.join(' · ')}）`;
  },
  alertIntro: '以下政策文件提到了你关注的对象。',
  alertGroups: { new: '新发布', revised: '已修订', repealed: '已废止或失效' },
  diffField: '字段',
  diffBefore: '原为',
  diffAfter: '现为',
  added: '新增内容',
  removed: '删除内容',
  fieldNames: { title: '标题', status: '状态' },
  facts: { number: '文号', issuer: '发文机关', written: '成文日期', published: '发布日期', effective: '施行日期', validity: '有效性', attachments: '附件' },
  footerAlert: '你收到此提醒是因为在 gzwatch 关注了这些对象。',
};

const en: Messages = {
  htmlLang: 'en',
  listSeparator: ', ',
  counted: (label, n) => `${label} (${n})`,
  labelled: (label, value) => `${label}: ${value}`,
  bracketed: (text, note) => `${text} (${note})`,
  nameCount: (name, count, change) => `${name} ${count} (${change})`,
  dateUnknown: 'date unknown',
  digestSubject: (date, items, breakdown, problems, weekly) =>
    `gzwatch ${weekly ? 'weekly' : 'daily'} digest ${date}: ${items ? `${items} new ${items === 1 ? 'item' : 'items'} (${breakdown})` : 'nothing new'}${problems ? `, ${problems} ${problems === 1 ? 'source' : 'sources'} failing` : ''}`,
  digestHeading: (date, weekly) => `gzwatch ${weekly ? 'weekly' : 'daily'} · ${date}`,
  digestIntro: (name, weekly) => `${name ? `${name}, here` : 'Here'} is what Guangzhou's AI news and policy said about what you follow ${weekly ? 'this week' : 'since your last digest'}.`,
  summaryHeading: 'Summary',
  summaryCounts: (c) =>
    `${c.policy} policy ${c.policy === 1 ? 'document' : 'documents'} · ${c.news} news ${c.news === 1 ? 'item' : 'items'}${c.alerted ? ` (${c.alerted} already alerted)` : ''}${c.problems ? ` · ${c.problems} ${c.problems === 1 ? 'source' : 'sources'} failing` : ''}`,
  summaryTopNames: 'Most mentioned',
  summaryChange: (now, before) => (now === before ? 'same' : now > before ? `↑${now - before}` : `↓${before - now}`),
  summaryNewPolicies: 'New policy documents',
  olderFound: (n) => `Also found ${n} older ${n === 1 ? 'document' : 'documents'} (stored, not news).`,
  followedHeading: 'What you follow',
  restHeading: 'Everything else',
  sections: { policy: 'Policy documents', company: 'Companies', institution: 'Institutions', person: 'People', topic: 'Policy topics in the news' },
  more: (n) => `${n} more not shown`,
  alsoReportedBy: 'Also reported by ',
  sourcesCount: (n) => `${n} sources`,
  alreadyAlerted: 'alerted',
  nothingNew: 'No new mentions of what you follow since your last digest.',
  nothingNewIncomplete: 'No new mentions: some sources could not be read (see below), so this digest may be incomplete.',
  problemsHeading: (n) => `Sources with problems (${n})`,
  problemLine: (failures, lastSuccess) => `${failures} failed ${failures === 1 ? 'run' : 'runs'} in a row, ${lastSuccess ? `last success ${lastSuccess}` : 'never succeeded'}`,
  moreProblems: (n) => `…and ${n} more failing ${n === 1 ? 'source' : 'sources'} (gzwatch sources lists them all).`,
  layoutWarning: 'layout may have changed',
  warningLine: 'read this time; check the source’s selectors',
  kinds: { company: 'company', institution: 'institution', person: 'person', policy: 'policy' },
  followedMark: 'followed',
  trendHeading: (from, to) => `Daily mentions of followed companies, ${from} – ${to}`,
  trendAlt: (names) => `Line chart of daily articles naming ${names}; the numbers are in the table below`,
  trendTableCaption: 'Daily mentions',
  trendDay: 'Day',
  trendTotal: 'Total',
  trendAxis: { x: 'day', y: 'articles' },
  footerDigest: 'You receive this because you subscribed to gzwatch.',
  unsubscribe: 'Unsubscribe',
  preferences: 'Preferences',
  viewInBrowser: 'View in browser',
  alertSubject: (c, only) => {
    const total = c.new + c.revised + c.repealed;
    if (total === 1 && only) return `gzwatch policy ${c.new ? 'alert' : c.repealed ? 'repealed' : 'change'}: ${only.title}${only.status ? ` (${only.status})` : ''}`;
    const parts = [c.new && `${c.new} new`, c.revised && `${c.revised} revised`, c.repealed && `${c.repealed} repealed`].filter(Boolean);
    return `gzwatch policy alert: ${total} documents (${parts.join(' · ')})`;
  },
  alertIntro: 'These policy documents name what you follow.',
  alertGroups: { new: 'New', revised: 'Revised', repealed: 'Repealed or expired' },
  diffField: 'field',
  diffBefore: 'before',
  diffAfter: 'after',
  added: 'Added',
  removed: 'Removed',
  fieldNames: { title: 'title', status: 'status' },
  facts: { number: 'Document no.', issuer: 'Issued by', written: 'Written', published: 'Published', effective: 'In force from', validity: 'Validity', attachments: 'Attachments' },
  footerAlert: 'You receive this because you follow these names on gzwatch.',
};

const TABLES: Record<Lang, Messages> = { 'zh-CN': zh, en };

export function messages(lang: Lang | undefined): Messages {
  return TABLES[lang ?? 'zh-CN'] ?? zh;
}
