/**
 * The word segmenter for the matcher (MatcherOptions.words): jieba's dictionary, without its HMM
 * guesses, so an unknown name falls apart into characters while dictionary words stay whole. That
 * is what tells 梁/俊杰 from 梁/俊/表示. The dictionary (~5 MB) loads on first use, about a quarter
 * of a second; a sentence then takes some microseconds.
 */
import type { Jieba } from '@node-rs/jieba';

let jieba: Jieba | undefined;

export function jiebaWords(sentence: string): string[] {
  if (!jieba) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dict } = require('@node-rs/jieba/dict') as typeof import('@node-rs/jieba/dict');
    jieba = JiebaClass.withDict(dict);
  }
  return jieba.cut(sentence, false);
}
