import { normalise, originalSpan } from '../../lambdas/core/normalise';

/** The original text behind a normalised substring, found by its first occurrence. */
function originalOf(original: string, normalisedPart: string): string {
  const norm = normalise(original);
  const at = norm.text.indexOf(normalisedPart);
  if (at < 0) throw new Error(`"${normalisedPart}" not in "${norm.text}"`);
  const span = originalSpan(norm, at, at + normalisedPart.length);
  return original.slice(span.start, span.end);
}

describe('normalise', () => {
  it('turns Traditional characters into Simplified ones', () => {
    expect(normalise('香港科技大學（廣州）與雲從科技').text).toBe('香港科技大学(广州)与云从科技');
  });

  it('folds Hong Kong variant characters too', () => {
    expect(normalise('綫上').text).toBe('线上');
  });

  it('leaves Simplified text as it is, even where OpenCC phrase tables would rewrite it', () => {
    expect(normalise('出台政策。一坏百坏').text).toBe('出台政策。一坏百坏');
  });

  it('turns full-width letters, digits and signs into ASCII and folds Latin case', () => {
    expect(normalise('ＡＩ＋教育 ＨＫＵＳＴ（ＧＺ） Kimi ２０２４').text).toBe('ai+教育 hkust(gz) kimi 2024');
  });

  it('unifies quotes and brackets', () => {
    expect(normalise('【公告】「人工智能+」“四化”‘赋能’').text).toBe('[公告]"人工智能+""四化"\'赋能\'');
  });

  it('turns ideographic spaces and no-break spaces into one space, keeping line breaks', () => {
    expect(normalise('  广州\u3000\u3000人工智能\u00a0 大会 \n 开幕  ').text).toBe('广州 人工智能 大会\n开幕');
  });

  it('composes a letter with its combining accent', () => {
    expect(normalise('Cafe\u0301 AI').text).toBe('caf\u00e9 ai');
  });

  it('maps every normalised span back to the original characters', () => {
    const original = '　関於：香港科技大學（廣州）的ＡＩ＋計劃';
    expect(originalOf(original, '香港科技大学(广州)')).toBe('香港科技大學（廣州）');
    expect(originalOf(original, 'ai+')).toBe('ＡＩ＋');
  });

  it('keeps offsets right after collapsed blanks and expanded characters', () => {
    const original = '㈱  Kimi';
    const norm = normalise(original);
    expect(norm.text).toBe('(株) kimi');
    expect(originalOf(original, 'kimi')).toBe('Kimi');
    expect(originalOf(original, '株')).toBe('㈱');
    expect(norm.toOriginal[norm.text.length]).toBe(original.length);
  });

  it('keeps the map exact where OpenCC turns one character into an astral one', () => {
    const original = '一則㗲消息：雲從科技';
    const norm = normalise(original);
    expect(norm.text.endsWith('云从科技')).toBe(true);
    expect(originalOf(original, '云从科技')).toBe('雲從科技');
  });
});
