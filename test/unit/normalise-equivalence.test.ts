/**
 * The single-pass table normaliser gives exactly what the per-character one before it gave (kept in
 * test/helpers/normalise-reference.ts): the same text and the same map back to the original, on
 * every BMP code unit alone and before a combining mark, and on a large generated corpus mixing
 * Simplified, Traditional, full-width, Latin, blanks, marks, surrogates and compatibility forms;
 * and its list of blanks holds every whitespace unit of the original.
 */
import { normalise } from '../../lambdas/core/normalise';
import { seededRandom } from '../../scripts/bench/generate-sites';
import { referenceNormalise } from '../helpers/normalise-reference';

function expectSame(original: string): void {
  const got = normalise(original);
  const want = referenceNormalise(original);
  if (got.text !== want.text) expect({ original, text: got.text }).toEqual({ original, text: want.text });
  if (got.toOriginal.length !== want.toOriginal.length || got.toOriginal.some((v, i) => v !== want.toOriginal[i])) {
    expect({ original, map: [...got.toOriginal] }).toEqual({ original, map: [...want.toOriginal] });
  }
  // `blanks`, which the reference does not have: in order, and holding every whitespace unit.
  const listed = new Set(got.blanks);
  const missing = [...original.matchAll(/\s/g)].map((m) => m.index).filter((at) => !listed.has(at));
  const ordered = got.blanks.every((at, k) => k === 0 || got.blanks[k - 1]! < at);
  if (missing.length > 0 || !ordered) expect({ original, missing, ordered }).toEqual({ original, missing: [], ordered: true });
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));

const POOLS: string[][] = [
  [...'广州市人工智能科技有限公司发布新一代大模型在南沙黄埔天河签约落户项目一坏百坏出台政策'],
  [...'廣州雲從科技與香港科技大學發佈計劃綫衞關於會議體驗數據機構發展區塊鏈臺灣'],
  ['㗲', '一則㗲消息'],
  range(0xff01, 0xff5e),
  range(0x00, 0x7f),
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
  [' ', '\t', '\r', '\n', '\v', '\f', '\u0085', '\u3000', '\u00a0', ...range(0x2000, 0x200b), '\u202f', '\u205f', '\ufeff', '\u1680', '\u2028', '\u2029'],
  [...range(0x300, 0x36f), '\u20d0', '\u3099', '\u0e31', '\ufe20', '\u0301\u0301'],
  range(0xc0, 0x24f),
  ['İ', 'ẞ', 'ß', 'ǅ', 'Σ', 'ς', 'Å', 'Ω', 'K'],
  [...'㈱①ﬁ㍿™¼½²ｶﾞﾟ¨´﹏︰ℌ㎏⑴⒈'],
  [...'，。、：；！？（）《》“”‘’【】「」『』〖〗〔〕—–−‐‑…·﹢„‟〝〞〟″«»‚‛′'],
  ['😀', '𠀀', '𝐀', '𝟘', '👍🏽', '\ud800', '\udc00', '\udbff', '\udfff'],
  [...'한국어가나다각'],
  [...'0123456789零〇一二三四五六七八九十百千两'],
];

describe('normalise: single pass with a table, same result as the per-character normaliser', () => {
  it('agrees on every BMP code unit alone, after text, and before a combining mark', () => {
    const all = range(0, 0xffff);
    for (let from = 0; from < all.length; from += 2048) {
      const chunk = all.slice(from, from + 2048);
      expectSame(chunk.join('x'));
      expectSame(chunk.map((c) => `${c}\u0301`).join('y'));
      expectSame(chunk.map((c) => `中${c}\n`).join(''));
    }
  });

  it('agrees on a large generated corpus of mixed text', () => {
    const rand = seededRandom(16_3);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    let units = 0;
    for (let doc = 0; doc < 1500; doc += 1) {
      // Mostly runs from one pool (words, blanks, a Traditional phrase), sometimes any unit at all.
      let text = '';
      const length = 1 + Math.floor(rand() * 600);
      while (text.length < length) {
        if (rand() < 0.05) text += String.fromCharCode(Math.floor(rand() * 0x10000));
        else {
          const pool = pick(POOLS);
          for (let run = 1 + Math.floor(rand() * 8); run > 0; run -= 1) text += pick(pool);
        }
      }
      units += text.length;
      expectSame(text);
    }
    expect(units).toBeGreaterThan(400_000);
  });

  it('agrees on the empty string, on blanks only and on marks only', () => {
    for (const text of ['', ' ', '\n', ' \n ', '\u0301', '\u0301\u0301a', 'a\n\u0301', ' \u0301', '\ud800\u0301']) expectSame(text);
  });
});
