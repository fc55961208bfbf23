/**
 * Inline SVG charts for report.html: line charts over time and histogram bar charts. No
 * library, no network: the report is one self-contained file.
 */
import { bucketUpperBound, type SerializedHistogram } from '../metrics/LogHistogram.ts';

export interface Series {
  name: string;
  color: string;
  /** [x, y]; a non-finite y breaks the line. */
  points: [number, number][];
  dashed?: boolean;
}

export interface LineChartSpec {
  title: string;
  series: Series[];
  xLabel: string;
  formatY: (v: number) => string;
  width?: number;
  height?: number;
}

const PAD = { left: 64, right: 16, top: 34, bottom: 34 };

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** About `count` round tick values covering [0, max]. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) ticks.push(Number((Math.round(v / step) * step).toPrecision(12)));
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks;
}

function frame(title: string, width: number, height: number, body: string, legend: string): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}">
<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>
<text x="${PAD.left}" y="18" class="title">${escapeXml(title)}</text>${legend}
${body}</svg>`;
}

function legendOf(series: readonly Series[], width: number): string {
  let x = width - PAD.right;
  let out = '';
  for (const s of [...series].reverse()) {
    const w = 26 + s.name.length * 6.5;
    x -= w;
    out += `<line x1="${x}" y1="14" x2="${x + 16}" y2="14" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/><text x="${x + 20}" y="18" class="legend">${escapeXml(s.name)}</text>`;
  }
  return out;
}

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 560;
  const height = spec.height ?? 240;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const all = spec.series.flatMap((s) => s.points);
  const finite = all.filter(([, y]) => Number.isFinite(y));
  const xMax = Math.max(1, ...all.map(([x]) => x));
  const yTicks = niceTicks(Math.max(0, ...finite.map(([, y]) => y)));
  const yMax = yTicks[yTicks.length - 1]!;
  const xTicks = niceTicks(xMax, 6).filter((t) => t <= xMax);
  const sx = (x: number): number => PAD.left + (x / xMax) * plotW;
  const sy = (y: number): number => PAD.top + plotH - (y / yMax) * plotH;
  let body = '';
  for (const t of yTicks) {
    body += `<line x1="${PAD.left}" y1="${sy(t).toFixed(1)}" x2="${width - PAD.right}" y2="${sy(t).toFixed(1)}" class="grid"/>`;
    body += `<text x="${PAD.left - 6}" y="${(sy(t) + 4).toFixed(1)}" class="tick" text-anchor="end">${escapeXml(spec.formatY(t))}</text>`;
  }
  for (const t of xTicks) body += `<text x="${sx(t).toFixed(1)}" y="${height - PAD.bottom + 16}" class="tick" text-anchor="middle">${t}</text>`;
  body += `<text x="${PAD.left + plotW / 2}" y="${height - 4}" class="axis" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`;
  body += `<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${width - PAD.right}" y2="${PAD.top + plotH}" class="axisline"/>`;
  for (const s of spec.series) {
    let d = '';
    let pen = false;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`;
      pen = true;
    }
    if (d) body += `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" class="series"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
  }
  if (finite.length === 0) body += `<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH / 2}" class="empty" text-anchor="middle">no data</text>`;
  return frame(spec.title, width, height, body, legendOf(spec.series, width));
}

/** Bars of a log-bucketed histogram, regrouped into at most `maxBars` bars. */
export function histogramChart(title: string, h: SerializedHistogram, formatX: (v: number) => string, color: string, maxBars = 32): string {
  const width = 560;
  const height = 220;
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  if (h.count === 0 || h.buckets.length === 0) {
    return frame(title, width, height, `<text x="${PAD.left + plotW / 2}" y="${PAD.top + plotH / 2}" class="empty" text-anchor="middle">no data</text>`, '');
  }
  const lo = h.buckets[0]![0];
  const hi = h.buckets[h.buckets.length - 1]![0];
  const per = Math.max(1, Math.ceil((hi - lo + 1) / maxBars));
  const bars: { upper: number; count: number }[] = [];
  for (let start = lo; start <= hi; start += per) bars.push({ upper: bucketUpperBound(start + per - 1), count: 0 });
  for (const [i, n] of h.buckets) bars[Math.floor((i - lo) / per)]!.count += n;
  const yTicks = niceTicks(Math.max(...bars.map((b) => b.count)), 4);
  const yMax = yTicks[yTicks.length - 1]!;
  const bw = plotW / bars.length;
  let body = '';
  for (const t of yTicks) {
    const y = PAD.top + plotH - (t / yMax) * plotH;
    body += `<line x1="${PAD.left}" y1="${y.toFixed(1)}" x2="${width - PAD.right}" y2="${y.toFixed(1)}" class="grid"/><text x="${PAD.left - 6}" y="${(y + 4).toFixed(1)}" class="tick" text-anchor="end">${t}</text>`;
  }
  bars.forEach((b, i) => {
    const bh = (b.count / yMax) * plotH;
    body += `<rect class="bar" x="${(PAD.left + i * bw + 1).toFixed(1)}" y="${(PAD.top + plotH - bh).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}"><title>≤ ${escapeXml(formatX(b.upper))}: ${b.count}</title></rect>`;
  });
  const labelEvery = Math.ceil(bars.length / 6);
  bars.forEach((b, i) => {
    if (i % labelEvery === 0) body += `<text x="${(PAD.left + (i + 0.5) * bw).toFixed(1)}" y="${height - PAD.bottom + 16}" class="tick" text-anchor="middle">${escapeXml(formatX(b.upper))}</text>`;
  });
  body += `<text x="${PAD.left + plotW / 2}" y="${height - 4}" class="axis" text-anchor="middle">upper bound of bucket (log scale), ${h.count} samples</text>`;
  return frame(title, width, height, body, '');
}
