import { PNG } from 'pngjs';
import {
  renderTrendChart,
  TREND_CHART_MAX_BYTES,
  TREND_CHART_SIZE,
  TREND_COLOURS,
  trendChartLayout,
  trendChartScale,
  trendSeries,
} from '../../lambdas/core/digest/trend-chart';

const days = Array.from({ length: 14 }, (_, i) => `2025-11-${String(i + 10).padStart(2, '0')}`);

interface Pixel {
  x: number;
  y: number;
}

/** Every pixel painted exactly in `hex`. */
function pixelsOf(png: PNG, hex: string): Pixel[] {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const out: Pixel[] = [];
  for (let y = 0; y < png.height; y += 1) {
    for (let x = 0; x < png.width; x += 1) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) out.push({ x, y });
    }
  }
  return out;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('renderTrendChart', () => {
  const series = [
    { name: '云从科技', counts: [1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10] },
    { name: '钛动科技', counts: [9, 9, 8, 7, 7, 6, 5, 5, 4, 3, 3, 2, 1, 1] },
    { name: '数说故事', counts: [2, 5, 1, 6, 2, 5, 1, 6, 2, 5, 1, 6, 2, 5] },
    { name: '超讯通信', counts: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4] },
    { name: '暗物智能', counts: Array<number>(14).fill(0) },
  ];
  const buffer = renderTrendChart(series, { days });
  const png = PNG.sync.read(buffer);
  const layout = trendChartLayout(png.width, png.height);

  test('is a PNG of the stated default size, light enough for a mail', () => {
    expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.width, png.height]).toEqual([TREND_CHART_SIZE.width, TREND_CHART_SIZE.height]);
    expect(buffer.length).toBeLessThanOrEqual(TREND_CHART_MAX_BYTES);
  });

  test('honours a requested size', () => {
    const small = PNG.sync.read(renderTrendChart(series.slice(0, 2), { width: 600, height: 200, days }));
    expect([small.width, small.height]).toEqual([600, 200]);
    expect(pixelsOf(small, TREND_COLOURS[0]!).length).toBeGreaterThan(0);
  });

  test('every series shows in its own palette colour, across the whole width', () => {
    for (let s = 0; s < series.length; s += 1) {
      const pixels = pixelsOf(png, TREND_COLOURS[s]!);
      expect(pixels.length).toBeGreaterThan(200);
      const xs = pixels.map((p) => p.x);
      expect(Math.min(...xs)).toBeLessThan(layout.left + 20);
      expect(Math.max(...xs)).toBeGreaterThan(layout.right - 20);
    }
  });

  test('a rising count sits higher on the right than on the left; a falling one lower', () => {
    const third = png.width / 3;
    const rising = pixelsOf(png, TREND_COLOURS[0]!);
    const falling = pixelsOf(png, TREND_COLOURS[1]!);
    const meanY = (pixels: Pixel[], side: 'left' | 'right') =>
      mean(pixels.filter((p) => (side === 'left' ? p.x < third : p.x > 2 * third)).map((p) => p.y));
    // Smaller y is higher in the picture.
    expect(meanY(rising, 'right')).toBeLessThan(meanY(rising, 'left') - 50);
    expect(meanY(falling, 'right')).toBeGreaterThan(meanY(falling, 'left') + 50);
  });

  test('an all-zero series lies flat on the baseline, below every other line', () => {
    const zero = pixelsOf(png, TREND_COLOURS[4]!);
    const ys = zero.map((p) => p.y);
    const dotRadius = 3 * layout.unit;
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(layout.bottom - dotRadius - 1);
    expect(Math.max(...ys)).toBeLessThanOrEqual(layout.bottom + dotRadius + 1);
    // The constant series (4 a day) is a flat line too, but well above the baseline.
    const flat = pixelsOf(png, TREND_COLOURS[3]!).map((p) => p.y);
    expect(Math.max(...flat) - Math.min(...flat)).toBeLessThanOrEqual(2 * dotRadius + 2);
    expect(Math.max(...flat)).toBeLessThan(layout.bottom - 40);
  });

  test('the top count reaches the top of the plot; the background stays mostly white', () => {
    const rising = pixelsOf(png, TREND_COLOURS[0]!);
    const highest = Math.min(...rising.map((p) => p.y));
    expect(Math.abs(highest - (layout.top - 3 * layout.unit))).toBeLessThanOrEqual(2);
    expect(pixelsOf(png, '#ffffff').length).toBeGreaterThan(png.width * png.height * 0.6);
  });

  test('only the first five series are drawn; no series means an empty grid', () => {
    const six = [...series, { name: 'sixth', counts: Array<number>(14).fill(3) }];
    expect(renderTrendChart(six, { days }).equals(buffer)).toBe(true);
    const empty = PNG.sync.read(renderTrendChart([], { days }));
    for (const colour of TREND_COLOURS) expect(pixelsOf(empty, colour)).toHaveLength(0);
  });

  test('a crowded chart still fits the byte budget', () => {
    const zigzag = TREND_COLOURS.map((_, s) => ({ name: String(s), counts: days.map((_, i) => ((i * 7 + s * 13) % 11) * (s + 1)) }));
    const crowded = renderTrendChart(zigzag, { days });
    expect(crowded.length).toBeLessThanOrEqual(TREND_CHART_MAX_BYTES);
    expect(pixelsOf(PNG.sync.read(crowded), TREND_COLOURS[4]!).length).toBeGreaterThan(0);
  });

  test('the palette holds five distinct #rrggbb colours', () => {
    expect(TREND_COLOURS).toHaveLength(5);
    expect(new Set(TREND_COLOURS).size).toBe(5);
    for (const c of TREND_COLOURS) expect(c).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('trendChartScale', () => {
  test('rounds the top up to whole grid steps', () => {
    expect(trendChartScale([{ counts: [0, 0] }])).toEqual({ max: 1, step: 1 });
    expect(trendChartScale([{ counts: [1] }])).toEqual({ max: 1, step: 1 });
    expect(trendChartScale([{ counts: [3, 7] }])).toEqual({ max: 8, step: 2 });
    expect(trendChartScale([{ counts: [13] }, { counts: [2] }])).toEqual({ max: 15, step: 5 });
    expect(trendChartScale([{ counts: [96] }])).toEqual({ max: 100, step: 50 });
  });
});

describe('trendSeries', () => {
  const byDay = new Map<string, Map<string, number>>([
    [days[0]!, new Map([['cloudwalk', 4], ['tecdo', 1]])],
    [days[5]!, new Map([['cloudwalk', 1], ['datastory', 2], ['pixeldata', 1]])],
    [days[13]!, new Map([['tecdo', 3], ['datastory', 2], ['dmai', 0]])],
    ['2025-10-01', new Map([['pixeldata', 50]])],
  ]);

  test('picks the most-mentioned entities over the window, with one count per day', () => {
    const top = trendSeries(byDay, days, 3);
    // datastory and tecdo both have 4: the one mentioned more on the last day comes first.
    expect(top.map((s) => s.entityId)).toEqual(['cloudwalk', 'tecdo', 'datastory']);
    const cloudwalk = top.find((s) => s.entityId === 'cloudwalk')!;
    expect(cloudwalk.counts).toHaveLength(14);
    expect(cloudwalk.counts[0]).toBe(4);
    expect(cloudwalk.counts[5]).toBe(1);
    expect(cloudwalk.counts.reduce((a, b) => a + b, 0)).toBe(5);
  });

  test('days outside the window and zero counts do not count', () => {
    const all = trendSeries(byDay, days, 10).map((s) => s.entityId);
    expect(all).toEqual(['cloudwalk', 'tecdo', 'datastory', 'pixeldata']);
    expect(all).not.toContain('dmai');
    expect(trendSeries(byDay, days, 0)).toEqual([]);
    expect(trendSeries(new Map(), days, 5)).toEqual([]);
  });
});
