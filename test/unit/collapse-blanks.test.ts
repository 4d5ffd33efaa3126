import { collapseBlanks, isJsBlank } from '../../lambdas/core/collapse-blanks';
import { normalise } from '../../lambdas/core/normalise';
import { seededRandom } from '../../scripts/bench/generate-sites';

const byRegex = (text: string, from: number, to: number): string => text.slice(from, to).replace(/\s+/g, ' ').trim();

describe('collapseBlanks', () => {
  it('takes exactly the code units that \\s takes', () => {
    const wrong: number[] = [];
    for (let c = 0; c <= 0xffff; c += 1) if (isJsBlank(c) !== /\s/.test(String.fromCharCode(c))) wrong.push(c);
    expect(wrong).toEqual([]);
  });

  it('gives what slice, replace(/\\s+/g) and trim give, on generated text and any range of it', () => {
    const rand = seededRandom(40);
    const pool = [...'广州人工智能ab Z.，。', ' ', '  ', '\n', '\r\n', '\t', '\u3000', '\u00a0', '\u2028', '\ufeff', '\u200b', '\u0085', '\ud83d\ude00', '\ud800'];
    for (let n = 0; n < 5000; n += 1) {
      let text = '';
      for (let k = Math.floor(rand() * 40); k > 0; k -= 1) text += pool[Math.floor(rand() * pool.length)];
      const from = Math.floor(rand() * (text.length + 1));
      const to = from + Math.floor(rand() * (text.length - from + 1));
      // Both the exact whitespace offsets with a few others among them, and the normaliser's list.
      const exact = [...text.matchAll(/\s/g)].map((m) => m.index);
      const extra = [...new Set([...exact, ...exact.map((at) => at + 1), Math.floor(rand() * text.length)])].sort((a, b) => a - b);
      const want = byRegex(text, from, to);
      expect([text, from, to, collapseBlanks(text, extra, from, to)]).toEqual([text, from, to, want]);
      expect([text, from, to, collapseBlanks(text, normalise(text).blanks, from, to)]).toEqual([text, from, to, want]);
    }
  });

  it('folds runs, drops blanks at either end, and leaves a span without blanks as it is', () => {
    const text = '  甲 \n 乙  丙';
    const blanks = [...text.matchAll(/\s/g)].map((m) => m.index);
    expect(collapseBlanks(text, blanks, 0, 9)).toBe('甲 乙');
    expect(collapseBlanks(text, blanks, 0, text.length)).toBe('甲 乙 丙');
    expect(collapseBlanks(text, blanks, 2, 3)).toBe('甲');
    expect(collapseBlanks(' \n ', [0, 1, 2], 0, 3)).toBe('');
  });
});
