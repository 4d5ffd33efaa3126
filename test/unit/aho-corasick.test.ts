import { AhoCorasick } from '../../lambdas/core/aho-corasick';
import { seededRandom } from '../../scripts/bench/generate-sites';

/** Every occurrence of every pattern by brute force, ordered as the automaton reports them. */
function bruteForce(patterns: readonly string[], text: string): string[] {
  const first = new Map<string, number>();
  patterns.forEach((p, i) => { if (!first.has(p)) first.set(p, i); });
  const hits: Array<[number, number, number]> = [];
  for (const [p, index] of first) for (let at = text.indexOf(p); at >= 0; at = text.indexOf(p, at + 1)) hits.push([index, at, at + p.length]);
  // By end, then longest first (the automaton follows output links from the longest match down).
  hits.sort((a, b) => a[2] - b[2] || b[2] - b[1] - (a[2] - a[1]));
  return hits.map((h) => h.join(','));
}

function scanned(automaton: AhoCorasick, text: string): string[] {
  const hits: string[] = [];
  automaton.scan(text, (pattern, start, end) => hits.push(`${pattern},${start},${end}`));
  return hits;
}

describe('AhoCorasick', () => {
  it('finds every occurrence, overlapping and nested ones too, in order of end', () => {
    const automaton = new AhoCorasick(['云从科技', '云从', '从科', '科技集团', '技', 'he', 'she', 'his', 'hers']);
    expect(scanned(automaton, '云从科技集团ushers')).toEqual(bruteForce(['云从科技', '云从', '从科', '科技集团', '技', 'he', 'she', 'his', 'hers'], '云从科技集团ushers'));
    expect(scanned(automaton, '')).toEqual([]);
  });

  it('agrees with brute force on random patterns and texts over small alphabets', () => {
    const rand = seededRandom(7);
    for (let round = 0; round < 300; round += 1) {
      // Few letters, so that patterns overlap, share prefixes and suffixes, and fail often; some
      // letters occur in no pattern and must send the automaton home.
      const alphabet = [...'ab云从科技x'].slice(0, 2 + Math.floor(rand() * 6));
      const word = (max: number) => Array.from({ length: 1 + Math.floor(rand() * max) }, () => alphabet[Math.floor(rand() * alphabet.length)]!).join('');
      const patterns = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => word(5));
      const text = Array.from({ length: Math.floor(rand() * 80) }, () => (rand() < 0.1 ? 'z' : alphabet[Math.floor(rand() * alphabet.length)]!)).join('');
      expect([patterns, text, scanned(new AhoCorasick(patterns), text)]).toEqual([patterns, text, bruteForce(patterns, text)]);
    }
  });
});
