import type { Mention } from '../types';

const SENTENCE_END = /[。！？!?；;\n]/;
const MAX_SIDE = 120;

export interface SentenceHighlight {
  before: string;
  match: string;
  after: string;
}

/**
 * The sentence around a mention, split so the matched text can be highlighted. Long sentences
 * are cut to about 120 characters either side with an ellipsis.
 */
export function mentionSentence(text: string, mention: Pick<Mention, 'start' | 'end'>): SentenceHighlight | undefined {
  if (mention.start < 0 || mention.end > text.length || mention.start >= mention.end) return undefined;
  let from = mention.start;
  while (from > 0 && !SENTENCE_END.test(text[from - 1]!) && mention.start - from < MAX_SIDE) from--;
  let to = mention.end;
  while (to < text.length && !SENTENCE_END.test(text[to]!) && to - mention.end < MAX_SIDE) to++;
  if (to < text.length && SENTENCE_END.test(text[to]!) && text[to] !== '\n') to++;
  const clean = (s: string) => s.replace(/\s+/g, ' ');
  const before = clean(text.slice(from, mention.start)).trimStart();
  const after = clean(text.slice(mention.end, to)).trimEnd();
  return {
    before: (from > 0 && !SENTENCE_END.test(text[from - 1]!) ? '…' : '') + before,
    match: text.slice(mention.start, mention.end),
    after: after + (to < text.length && !SENTENCE_END.test(text[to - 1]!) ? '…' : ''),
  };
}
