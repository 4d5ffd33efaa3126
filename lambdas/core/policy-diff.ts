/**
 * What changed in a policy document between two fetches, in terms a subscriber cares about: its
 * title, its status (有效 → 废止), its metadata (失效日期, 文号) and the sentences added to or
 * removed from its text. Re-wrapped lines, full-width spaces and other formatting never count,
 * so an unchanged document never alerts twice.
 */
import { createHash } from 'node:crypto';

export interface PolicySnapshot {
  title: string;
  body: string;
  /** 有效, 废止, 失效, 修订… (see policyStatus). */
  status?: string;
  /** 文号, 失效日期, 文件状态, gkmlpt flags… as the extractor found them. */
  meta?: Record<string, string>;
}

export interface PolicyFieldChange {
  kind: 'title' | 'status' | 'meta';
  /** 'title', 'status', or the meta key (失效日期). */
  name: string;
  /** null when the field was absent on that side. */
  before: string | null;
  after: string | null;
}

export interface PolicyDocumentDiff {
  /** Title first, then status, then meta keys in sorted order. */
  fields: PolicyFieldChange[];
  /** Sentences of the new text that the old one did not have, in document order. */
  addedSentences: string[];
  /** Sentences of the old text that the new one no longer has, in document order. */
  removedSentences: string[];
}

/**
 * Meta keys that record bookkeeping, not content: a republished page gets a new lastmodifiedtime
 * with nothing changed for a reader; post_url and manuscriptId identify rather than describe.
 */
const IGNORED_META = new Set(['lastmodifiedtime', 'manuscriptId', 'post_url', 'display_publish_time']);

/** Meta keys that policyStatus reads. When a snapshot carries a status, they are reported through it. */
const STATUS_KEYS = ['文件状态', '效力状态', '时效性', '有效性', '状态', 'EXT_sx', 'is_abolished', 'is_expired'];
const STATUS_KEY_SET = new Set(STATUS_KEYS);

/** Whitespace of every kind, including U+3000 and the zero-width ones pages sprinkle in. */
const SPACES = /[\s\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff]+/g;

/** The comparable form of a short field: NFKC (full-width → half-width) without any whitespace. */
function key(text: string): string {
  return text.normalize('NFKC').replace(SPACES, '');
}

/** A sentence as people read it: spaces collapsed, full-width padding gone. */
function display(text: string): string {
  return text.replace(SPACES, ' ').trim();
}

/** Splits after 。！？；!?; and at line ends; the terminator stays with its sentence. */
export function policySentences(body: string): string[] {
  const out: string[] = [];
  for (const line of body.split(/\r\n|[\n\r\u2028\u2029]/)) {
    for (const piece of line.split(/(?<=[。！？；!?;])/)) {
      const sentence = display(piece);
      // A lone terminator or a decorative line (—— ＊＊＊) is not a sentence.
      if (sentence && /[\p{L}\p{N}]/u.test(sentence)) out.push(sentence);
    }
  }
  return out;
}

/** Sentence identity: NFKC, no whitespace, no final punctuation (。 replaced by ； is not news). */
function sentenceKey(sentence: string): string {
  return key(sentence).replace(/[。.！!？?；;，,、：:]+$/u, '');
}

const STATUS_WORDS: [RegExp, string][] = [
  [/^(已|被)?废止$|^作废$/, '废止'],
  [/^(已|被)?失效$|^无效$|^(已)?过期$|^已过有效期$/, '失效'],
  [/^(已|被)?(修订|修改|修正)$/, '修订'],
  [/^(现行)?有效$|^生效$|^现行$/, '有效'],
];

/** Folds the many spellings of a status into 有效, 失效, 废止, 修订; other values are kept as written. */
export function normaliseStatus(value: string): string | undefined {
  const v = key(value).replace(/[【】[\]()（）]/g, '');
  if (!v) return undefined;
  for (const [pattern, word] of STATUS_WORDS) if (pattern.test(v)) return word;
  return v;
}

function truthy(flag: string | undefined): boolean | undefined {
  if (flag === undefined) return undefined;
  const v = flag.trim().toLowerCase();
  if (['true', '1', 'yes', 'y', '是'].includes(v)) return true;
  if (['false', '0', 'no', 'n', '否', ''].includes(v)) return false;
  return undefined;
}

/**
 * A marker line at the head or foot of the text: "（已废止）", "此件已失效", "本文件已被修订".
 * Only a line that is nothing but the marker counts: a notice that abolishes another document
 * ("《……》同时废止") must not read as abolished itself.
 */
const BODY_MARKER = /^[（(【[]?(?:本文件|该文件|此文件|本件|此件|该件|本规定|本办法|本通知)?(?:已被|已经|已|被)(废止|失效|修订|修改)[）)】\]]?[。.]?$/u;

function bodyMarker(body: string): string | undefined {
  const lines = body
    .split(/\r\n|[\n\r]/)
    .map((line) => key(line))
    .filter(Boolean);
  for (const line of [...lines.slice(0, 5), ...lines.slice(-3)]) {
    const m = BODY_MARKER.exec(line);
    if (m) return normaliseStatus(m[1]!);
  }
  return undefined;
}

/**
 * The document's status from what the extractor found: the 规范性文件 block's 文件状态 (or a
 * 有效性/时效性 field a source maps in, NFCMS EXT_sx), else gkmlpt's is_abolished / is_expired
 * flags, else a marker line in the text; gkmlpt flags that are both false mean 有效.
 * Undefined when nothing says (an empty 文件状态 cell is common).
 */
export function policyStatus(meta: Record<string, string> | undefined, body: string): string | undefined {
  const m = meta ?? {};
  for (const name of STATUS_KEYS.slice(0, 6)) {
    const value = m[name];
    if (value !== undefined) {
      const status = normaliseStatus(value);
      if (status) return status;
    }
  }
  const abolished = truthy(m.is_abolished);
  const expired = truthy(m.is_expired);
  if (abolished) return '废止';
  if (expired) return '失效';
  const marker = bodyMarker(body);
  if (marker) return marker;
  if (abolished === false || expired === false) return '有效';
  return undefined;
}

interface Sentence {
  key: string;
  text: string;
  /** Whether the sentence lies in a clause (terminator to terminator, line breaks ignored) that the other side lacks. */
  inChangedClause?: boolean;
}

interface Comparable {
  title: string;
  status: string | undefined;
  /** Comparable meta: ignored and status-carrying keys left out, values keyed. */
  meta: Map<string, { key: string; value: string }>;
  sentences: Sentence[];
  /** Keys of the clauses: the text split on terminators only, so a line re-wrapped mid-sentence reads the same. */
  clauses: { key: string; start: number; end: number }[];
  /** Where each sentence starts and ends in the clause stream. */
  spans: { start: number; end: number }[];
}

const TERMINATOR = /[。！？；!?;]/u;

function comparable(snapshot: PolicySnapshot, statusCarried: boolean): Comparable {
  const meta = new Map<string, { key: string; value: string }>();
  for (const [name, value] of Object.entries(snapshot.meta ?? {})) {
    if (IGNORED_META.has(name) || (statusCarried && STATUS_KEY_SET.has(name))) continue;
    const k = key(value);
    if (k) meta.set(name, { key: k, value: display(value) });
  }
  const status = snapshot.status === undefined ? undefined : normaliseStatus(snapshot.status);
  const texts = policySentences(snapshot.body);
  const sentences: Sentence[] = texts.map((text) => ({ key: sentenceKey(text), text }));
  // The clause stream: every sentence's whitespace-free text, back to back.
  let stream = '';
  const spans = texts.map((text) => {
    const start = stream.length;
    stream += key(text);
    return { start, end: stream.length };
  });
  const clauses: Comparable['clauses'] = [];
  let from = 0;
  for (let i = 0; i < stream.length; i += 1) {
    if (TERMINATOR.test(stream[i]!) && !TERMINATOR.test(stream[i + 1] ?? '')) {
      clauses.push({ key: sentenceKey(stream.slice(from, i + 1)), start: from, end: i + 1 });
      from = i + 1;
    }
  }
  if (from < stream.length) clauses.push({ key: sentenceKey(stream.slice(from)), start: from, end: stream.length });
  return { title: key(snapshot.title), status, meta, sentences, clauses, spans };
}

/** Marks the sentences of `a` that touch a clause `b` does not have (clauses compared as multisets). */
function markChangedClauses(a: Comparable, b: Comparable): void {
  const left = new Map<string, number>();
  for (const c of b.clauses) left.set(c.key, (left.get(c.key) ?? 0) + 1);
  const changed = a.clauses.filter((c) => {
    const n = left.get(c.key) ?? 0;
    if (n > 0) left.set(c.key, n - 1);
    return n === 0;
  });
  a.sentences.forEach((sentence, i) => {
    const span = a.spans[i]!;
    sentence.inChangedClause = changed.some((c) => c.start < span.end && span.start < c.end);
  });
}

/**
 * Sentences of `a` that `b` lacks (as multisets: a sentence said twice must go twice), leaving out
 * those whose whole clause `b` still has: they were only re-wrapped across lines.
 */
function missingFrom(a: Sentence[], b: Sentence[]): string[] {
  const left = new Map<string, number>();
  for (const s of b) left.set(s.key, (left.get(s.key) ?? 0) + 1);
  const out: string[] = [];
  for (const s of a) {
    const n = left.get(s.key) ?? 0;
    if (n > 0) left.set(s.key, n - 1);
    else if (s.inChangedClause) out.push(s.text);
  }
  return out;
}

/**
 * The meaningful changes from `before` to `after`, or null when there are none.
 *
 * Sentences (split at terminators and line ends, as people read them) are compared as multisets
 * rather than aligned (LCS): a sentence that moved is no news to a reader, and an edited sentence
 * shows as the old one removed and the new one added, which is how an alert should put it. A
 * sentence is only reported when its clause (terminator to terminator, line breaks ignored) also
 * changed, so a sentence re-wrapped over two lines is not a change.
 */
export function diffPolicyDocument(before: PolicySnapshot, after: PolicySnapshot): PolicyDocumentDiff | null {
  const statusCarried = before.status !== undefined || after.status !== undefined;
  const a = comparable(before, statusCarried);
  const b = comparable(after, statusCarried);
  markChangedClauses(a, b);
  markChangedClauses(b, a);
  const fields: PolicyFieldChange[] = [];
  if (a.title !== b.title) fields.push({ kind: 'title', name: 'title', before: display(before.title), after: display(after.title) });
  if (a.status !== b.status) fields.push({ kind: 'status', name: 'status', before: a.status ?? null, after: b.status ?? null });
  const names = [...new Set([...a.meta.keys(), ...b.meta.keys()])].sort();
  for (const name of names) {
    const x = a.meta.get(name);
    const y = b.meta.get(name);
    if (x?.key !== y?.key) fields.push({ kind: 'meta', name, before: x?.value ?? null, after: y?.value ?? null });
  }
  const addedSentences = missingFrom(b.sentences, a.sentences);
  const removedSentences = missingFrom(a.sentences, b.sentences);
  if (fields.length === 0 && addedSentences.length === 0 && removedSentences.length === 0) return null;
  return { fields, addedSentences, removedSentences };
}

/**
 * A fingerprint of what diffPolicyDocument compares (normalised title, status, meta and the clause
 * sequence), so a store can skip unchanged documents without keeping their text. Two snapshots
 * with equal hashes never diff; a hash change with a null diff means only the sentence order moved.
 */
export function snapshotHash(snapshot: PolicySnapshot): string {
  const c = comparable(snapshot, snapshot.status !== undefined);
  const meta = [...c.meta.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([name, v]) => [name, v.key]);
  const canonical = JSON.stringify({ t: c.title, s: c.status ?? null, m: meta, b: c.clauses.map((x) => x.key) });
  return createHash('sha256').update(canonical).digest('hex');
}
