/**
 * The digest's trend picture: daily mention counts of a few companies over the last days, one
 * coloured line each. It is a PNG because mail clients (Gmail, Outlook) drop SVG and never run
 * script; it carries no text, since the digest prints the legend and the day range in HTML next
 * to it, where it stays selectable and readable by screen readers.
 */

/**
 * Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), yellow left out
 * because it vanishes on white. Series i is drawn in TREND_COLOURS[i]; the legend must use the same.
 */
export const TREND_COLOURS: string[] = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7'];

/** The default image is drawn at twice its display size (show it as 560×160) so it stays sharp on phones. */
export const TREND_CHART_SIZE = { width: 1120, height: 320, displayWidth: 560, displayHeight: 160 } as const;

const BACKGROUND: Rgb = [0xff, 0xff, 0xff];
const GRID: Rgb = [0xe5, 0xe7, 0xeb];
const DAY_LINE: Rgb = [0xf3, 0xf4, 0xf6];
const BASELINE: Rgb = [0x9c, 0xa3, 0xaf];

type Rgb = [number, number, number];

export interface TrendChartOptions {
  /** Pixel width of the PNG (default 1120). */
  width?: number;
  /** Pixel height of the PNG (default 320). */
  height?: number;
  /** The days the counts belong to, oldest first; sets the number of points on every line. */
  days: string[];
  /** Draw against this top count instead of the series' own (small multiples share one scale). */
  scale?: TrendScale;
}

export interface TrendScale {
  /** The count at the top of the plot. */
  max: number;
  /** The count between two horizontal grid lines. */
  step: number;
}

/** A round top for the y axis with at most four grid steps (1, 2, 5 × 10^k), so lines fall on whole counts. */
export function trendChartScale(series: { counts: number[] }[]): TrendScale {
  const peak = Math.max(0, ...series.flatMap((s) => s.counts.filter((c) => Number.isFinite(c))));
  if (peak <= 0) return { max: 1, step: 1 };
  const rough = peak / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  let step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  step = Math.ceil(step);
  return { max: Math.ceil(peak / step) * step, step };
}

function parseColour(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return Math.sqrt(cx * cx + cy * cy);
}

/**
 * Anti-aliased drawing by coverage: a pixel whose centre lies within `radius` of the shape is
 * covered fully, with a one-pixel soft edge. Each series collects the maximum coverage of its
 * segments and dots before it is blended once, so joints do not darken where segments overlap.
 */
class Coverage {
  readonly data: Float32Array;
  constructor(
    readonly width: number,
    readonly height: number,
    /** Coverage steps kept (4: 0, ¼, ½, ¾, 1): fewer distinct colours compress far better. */
    readonly levels: number,
  ) {
    this.data = new Float32Array(width * height);
  }

  segment(ax: number, ay: number, bx: number, by: number, radius: number): void {
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx) - radius - 1));
    const x1 = Math.min(this.width - 1, Math.ceil(Math.max(ax, bx) + radius + 1));
    const y0 = Math.max(0, Math.floor(Math.min(ay, by) - radius - 1));
    const y1 = Math.min(this.height - 1, Math.ceil(Math.max(ay, by) + radius + 1));
    const dx = bx - ax;
    const dy = by - ay;
    const length = Math.sqrt(dx * dx + dy * dy);
    // A pixel near a steep segment is near the line's crossing of its row: visit only that span,
    // not the whole bounding box (a 14-day chart has long, steep segments).
    const spread = Math.abs(dy) > 1e-6 ? ((radius + 1) * length) / Math.abs(dy) : Infinity;
    for (let y = y0; y <= y1; y += 1) {
      let from = x0;
      let to = x1;
      if (spread !== Infinity) {
        const crossing = ax + ((y + 0.5 - ay) * dx) / dy;
        from = Math.max(x0, Math.floor(crossing - spread));
        to = Math.min(x1, Math.ceil(crossing + spread));
      }
      for (let x = from; x <= to; x += 1) {
        const cover = radius + 0.5 - segmentDistance(x + 0.5, y + 0.5, ax, ay, bx, by);
        if (cover <= 0) continue;
        const i = y * this.width + x;
        const c = Math.min(1, Math.ceil(cover * this.levels - 0.5) / this.levels);
        if (c > this.data[i]!) this.data[i] = c;
      }
    }
  }

  dot(cx: number, cy: number, radius: number): void {
    this.segment(cx, cy, cx, cy, radius);
  }
}

/** An RGB raster (3 bytes a pixel), in the layout PNG colour type 2 stores, so pngjs copies it as is. */
class Raster {
  readonly data: Buffer<ArrayBuffer>;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.data = Buffer.alloc(width * height * 3);
    for (let i = 0; i < this.data.length; i += 3) this.set(i, background);
  }

  set(i: number, colour: Rgb): void {
    this.data[i] = colour[0];
    this.data[i + 1] = colour[1];
    this.data[i + 2] = colour[2];
  }

  /** Fills the inclusive box (x0, y0)–(x1, y1): grid lines sit on whole pixels and need no smoothing. */
  rect(x0: number, y0: number, x1: number, y1: number, colour: Rgb): void {
    for (let y = Math.max(0, y0); y <= Math.min(this.height - 1, y1); y += 1) {
      for (let x = Math.max(0, x0); x <= Math.min(this.width - 1, x1); x += 1) this.set((y * this.width + x) * 3, colour);
    }
  }

  blend(coverage: Coverage, colour: Rgb): void {
    const data = this.data;
    for (let p = 0; p < coverage.data.length; p += 1) {
      const a = coverage.data[p]!;
      if (a <= 0) continue;
      const i = p * 3;
      // Full coverage writes the exact colour, so the series colour is what a reader (and a test) finds.
      if (a >= 1) this.set(i, colour);
      else for (let k = 0; k < 3; k += 1) data[i + k] = Math.round(data[i + k]! * (1 - a) + colour[k]! * a);
    }
  }
}

/** Where the plot sits inside the image: the baseline (count 0) is at `bottom`, the scale's max at `top`. */
export function trendChartLayout(width: number, height: number): { left: number; right: number; top: number; bottom: number; unit: number } {
  // Line widths and margins grow with the picture; `unit` is one display pixel at the default 2×.
  const unit = Math.max(1, height / TREND_CHART_SIZE.displayHeight);
  const margin = Math.ceil(8 * unit);
  return { left: margin, right: width - 1 - margin, top: margin, bottom: height - 1 - margin, unit };
}

/** Gmail and Outlook show inline images of any size, but a digest should stay light: the PNG's budget. */
export const TREND_CHART_MAX_BYTES = 30 * 1024;

/**
 * Renders up to TREND_COLOURS.length series (more are ignored: the legend has no colour for them)
 * as a PNG. Counts missing for a day are drawn as 0; negative or non-finite counts as 0.
 * Edges are smoothed with 4 coverage levels; should a crowded chart still exceed the byte budget,
 * it is drawn again with 2, then without smoothing.
 */
export function renderTrendChart(series: { name: string; counts: number[] }[], options?: TrendChartOptions): Buffer {
  let png: Buffer = Buffer.alloc(0);
  for (const levels of [4, 2, 1]) {
    png = draw(series, options, levels);
    if (png.length <= TREND_CHART_MAX_BYTES) break;
  }
  return png;
}

function draw(series: { name: string; counts: number[] }[], options: TrendChartOptions | undefined, levels: number): Buffer {
  const width = Math.max(32, Math.round(options?.width ?? TREND_CHART_SIZE.width));
  const height = Math.max(32, Math.round(options?.height ?? TREND_CHART_SIZE.height));
  const shown = series.slice(0, TREND_COLOURS.length);
  const points = Math.max(1, options?.days.length ?? Math.max(0, ...shown.map((s) => s.counts.length)));
  const { left, right, top, bottom, unit } = trendChartLayout(width, height);
  const scale = options?.scale ?? trendChartScale(shown);

  const raster = new Raster(width, height, BACKGROUND);
  const xAt = (i: number): number => (points === 1 ? (left + right) / 2 : left + ((right - left) * i) / (points - 1));
  const yAt = (count: number): number => bottom - ((bottom - top) * count) / scale.max;

  const hair = Math.max(1, Math.round(unit));
  for (let i = 0; i < points; i += 1) {
    const x = Math.round(xAt(i));
    raster.rect(x, top, x + hair - 1, bottom, DAY_LINE);
  }
  for (let v = scale.step; v <= scale.max; v += scale.step) {
    const y = Math.round(yAt(v));
    raster.rect(left, y, right, y + hair - 1, GRID);
  }
  raster.rect(left, Math.round(bottom), right, Math.round(bottom) + hair - 1, BASELINE);

  // The first (most-mentioned) series is drawn last, on top.
  for (let s = shown.length - 1; s >= 0; s -= 1) {
    const counts = Array.from({ length: points }, (_, i) => {
      const c = shown[s]!.counts[i] ?? 0;
      return Number.isFinite(c) && c > 0 ? c : 0;
    });
    const coverage = new Coverage(width, height, levels);
    const half = 1.25 * unit;
    for (let i = 0; i + 1 < points; i += 1) coverage.segment(xAt(i), yAt(counts[i]!), xAt(i + 1), yAt(counts[i + 1]!), half);
    for (let i = 0; i < points; i += 1) coverage.dot(xAt(i), yAt(counts[i]!), 3 * unit);
    raster.blend(coverage, parseColour(TREND_COLOURS[s]!));
  }
  /*
   * RGB without alpha. Measured on a 5-series chart: no row filter with zlib's default strategy gave
   * 16.5 KB, pngjs' defaults (adaptive filters, RLE strategy) 21–59 KB. Quantised coverage keeps the
   * colours few, so unfiltered rows repeat and deflate well.
   */
  // Required on first use: an hourly digest run where nobody is due draws no chart, and in the
  // Lambda pngjs is a separate file (lib/bundling.ts LAZY_PACKAGES) that such a run never reads.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PNG } = require('pngjs') as typeof import('pngjs');
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = raster.data;
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, deflateLevel: 9, filterType: 0, deflateStrategy: 0 });
}

/**
 * The `top` entities with the most mentions over `days`, each with its count per day (0 where a
 * day has none). Ties go to the higher count on the latest day, then to the entity id, so the
 * choice is stable. Entities with no mention in the window are left out.
 */
export function trendSeries(
  mentionsByDay: Map<string, Map<string, number>>,
  days: string[],
  top: number,
): { entityId: string; counts: number[] }[] {
  const counts = new Map<string, number[]>();
  days.forEach((day, i) => {
    for (const [entityId, n] of mentionsByDay.get(day) ?? []) {
      if (!Number.isFinite(n) || n <= 0) continue;
      let row = counts.get(entityId);
      if (!row) counts.set(entityId, (row = new Array<number>(days.length).fill(0)));
      row[i] = (row[i] ?? 0) + n;
    }
  });
  const total = (row: number[]): number => row.reduce((a, b) => a + b, 0);
  return [...counts.entries()]
    .map(([entityId, row]) => ({ entityId, counts: row, total: total(row), last: row[row.length - 1] ?? 0 }))
    .sort((a, b) => b.total - a.total || b.last - a.last || (a.entityId < b.entityId ? -1 : a.entityId > b.entityId ? 1 : 0))
    .slice(0, Math.max(0, top))
    .map(({ entityId, counts: row }) => ({ entityId, counts: row }));
}
