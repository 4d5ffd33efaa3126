import fixtures from '../fixtures/stories/stories.json';
import { clusterStories, DEFAULT_STORY_THRESHOLD, storySimilarities } from '../../lambdas/core/digest/story-clusters';

interface Story {
  id: string;
  title: string;
  body: string;
  sourceName: string;
  publishedAt: string | null;
}

const groups: Story[][] = fixtures.reposts.map((g) => g.articles);
const byId = new Map<string, Story>(groups.flat().map((a) => [a.id, a]));
const pairs: [Story, Story, string][] = fixtures.different.map((p) => [byId.get(p.a)!, p.b, p.topic]);
const everything: Story[] = [...groups.flat(), ...pairs.map(([, b]) => b)];

function partition(clusters: { members: Story[] }[]): string[][] {
  return clusters.map((c) => c.members.map((m) => m.id).sort()).sort((x, y) => x[0]!.localeCompare(y[0]!));
}

describe('clusterStories on the fixture corpus', () => {
  test('the fixtures hold at least 8 repost groups and 8 different-story pairs', () => {
    expect(groups.length).toBeGreaterThanOrEqual(8);
    expect(groups.every((g) => g.length >= 2)).toBe(true);
    expect(pairs.length).toBeGreaterThanOrEqual(8);
    expect(pairs.every(([a, b]) => a !== undefined && b.id !== a.id)).toBe(true);
  });

  test('every repost group becomes exactly one cluster and nothing else joins it', () => {
    const clusters = clusterStories(everything);
    const expected = [...groups.map((g) => g.map((a) => a.id).sort()), ...pairs.map(([, b]) => [b.id])].sort((x, y) =>
      x[0]!.localeCompare(y[0]!),
    );
    expect(partition(clusters)).toEqual(expected);
  });

  test.each(pairs.map(([a, b, topic]) => [topic, a, b] as const))('different stories stay apart: %s', (_topic, a, b) => {
    const clusters = clusterStories([a, b]);
    expect(clusters).toHaveLength(2);
    expect(clusters.map((c) => c.sources)).toEqual([[a.sourceName], [b.sourceName]]);
  });

  test('the threshold sits well inside the gap between reposts and different stories', () => {
    const group = new Map<string, number>();
    groups.forEach((g, i) => g.forEach((a) => group.set(a.id, i)));
    const matrix = storySimilarities(everything);
    let minWithin = 1;
    let maxAcross = 0;
    for (let i = 0; i < everything.length; i += 1) {
      for (let j = i + 1; j < everything.length; j += 1) {
        const a = everything[i]!;
        const b = everything[j]!;
        const s = matrix[i]![j]!;
        const same = group.has(a.id) && group.get(a.id) === group.get(b.id);
        if (same) minWithin = Math.min(minWithin, s);
        else maxAcross = Math.max(maxAcross, s);
      }
    }
    // Every pair inside a group passes on its own (no group relies on a chain), with room to spare.
    expect(minWithin).toBeGreaterThan(DEFAULT_STORY_THRESHOLD + 0.05);
    expect(maxAcross).toBeLessThan(DEFAULT_STORY_THRESHOLD - 0.05);
  });

  test('a repost group is shown once: the earliest article leads and every outlet is named', () => {
    const clusters = clusterStories(groups[0]!.slice().reverse());
    expect(clusters).toHaveLength(1);
    const [cluster] = clusters;
    expect(cluster!.lead.id).toBe('g1-southcn');
    expect(cluster!.members.map((m) => m.id)).toEqual(['g1-southcn', 'g1-gzdaily', 'g1-36kr']);
    expect(cluster!.sources).toEqual(['南方网', '广州日报', '36氪']);
  });

  test('a repost in Traditional Chinese joins its Simplified original', () => {
    const hk = byId.get('g4-hk')!;
    expect(hk.title).toContain('鈦動科技');
    expect(clusterStories([byId.get('g4-36kr')!, hk])).toHaveLength(1);
  });

  test('the result does not depend on input order', () => {
    const shuffled = everything.map((a, i) => [(i * 7919) % everything.length, a] as const).sort((x, y) => x[0] - y[0]).map(([, a]) => a);
    expect(partition(clusterStories(shuffled))).toEqual(partition(clusterStories(everything)));
  });

  test('clusters keep the input order of their first member', () => {
    const input = [pairs[1]![1], ...groups[1]!, pairs[0]![1]];
    expect(clusterStories(input).map((c) => c.members.length)).toEqual([1, groups[1]!.length, 1]);
  });
});

describe('clusterStories leads and edge cases', () => {
  const base = byId.get('g7-gzgov')!;

  test('same publication time: the longest body leads; an unknown date never leads', () => {
    const short: Story = { ...base, id: 'short', sourceName: 'A', body: base.body.split('\n').slice(0, 3).join('\n') };
    const long: Story = { ...base, id: 'long', sourceName: 'B' };
    const undated: Story = { ...base, id: 'undated', sourceName: 'C', publishedAt: null, body: base.body + '\n（转载）' };
    const [cluster] = clusterStories([undated, short, long]);
    expect(cluster!.members.map((m) => m.id)).toEqual(['long', 'short', 'undated']);
    expect(cluster!.sources).toEqual(['B', 'A', 'C']);
  });

  test('one outlet carrying a story twice is counted as one source', () => {
    const again: Story = { ...base, id: 'again', publishedAt: '2025-11-17T05:00:00Z' };
    const [cluster] = clusterStories([base, again]);
    expect(cluster!.members).toHaveLength(2);
    expect(cluster!.sources).toEqual([base.sourceName]);
  });

  test('an empty list gives no clusters; articles with no text stay on their own', () => {
    expect(clusterStories([])).toEqual([]);
    const blank = (id: string): Story => ({ id, title: '', body: '', sourceName: id, publishedAt: null });
    expect(clusterStories([blank('x'), blank('y')])).toHaveLength(2);
  });

  test('a stricter threshold splits what the default joins', () => {
    const group = groups[4]!;
    expect(clusterStories(group)).toHaveLength(1);
    expect(clusterStories(group, { threshold: 0.99 }).length).toBeGreaterThan(1);
  });
});
