/** report.html: one self-contained page (inline CSS and SVG, no scripts, no network). */
import { fmtBytes, fmtCodes, fmtMs, fmtNum, fmtPct } from '../cli/format.ts';
import type { LatencyKey } from '../metrics/WorkerMetrics.ts';
import { escapeXml, histogramChart, lineChart, type Series } from './svgChart.ts';
import type { Report, TimelinePoint } from './types.ts';

const COLORS = { a: '#2563eb', b: '#dc2626', c: '#16a34a', d: '#9333ea', e: '#ea580c' } as const;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#111;background:#f6f7f9}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px}
.meta{color:#555;margin-bottom:12px}
table{border-collapse:collapse;background:#fff;margin:6px 0}
td,th{border:1px solid #dde;padding:4px 10px;text-align:right}th{background:#eef1f5}td:first-child,th:first-child{text-align:left}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(570px,1fr));gap:12px}
.chart{border:1px solid #dde;border-radius:4px;background:#fff}
.chart .title{font-weight:600;font-size:13px}.chart .legend,.chart .tick,.chart .axis{font-size:11px;fill:#444}
.chart .grid{stroke:#e5e7eb}.chart .axisline{stroke:#888}.chart .empty{fill:#999;font-size:13px}
.warn{background:#fff7e6;border:1px solid #f0c36d;padding:6px 10px;margin:4px 0;border-radius:4px}
.pass{color:#15803d;font-weight:600}.fail{color:#b91c1c;font-weight:600}
`;

function row(cells: string[], tag = 'td'): string {
  return `<tr>${cells.map((c) => `<${tag}>${c}</${tag}>`).join('')}</tr>`;
}

const LATENCY_LABELS: Readonly<Record<LatencyKey, string>> = {
  rtt: 'RTT (ping → pong)',
  ack: 'input → acknowledgement',
  snapshotInterval: 'snapshot interval',
  jitter: 'snapshot interval jitter',
  join: 'join time',
  reconnect: 'reconnect (drop → resumed)',
};

function series(name: string, color: string, t: readonly TimelinePoint[], y: (p: TimelinePoint) => number, dashed = false): Series {
  return { name, color, points: t.map((p) => [p.tSec, y(p)]), dashed };
}

/** Bytes/s in a unit (B, KB, MB) chosen from the peak, so the axis ticks are round numbers. */
function bytesChart(t: readonly TimelinePoint[], xLabel: string): string {
  const peak = Math.max(0, ...t.map((p) => Math.max(p.bytesInPerSec, p.bytesOutPerSec)).filter(Number.isFinite));
  const [div, unit] = peak >= 1024 * 1024 ? [1024 * 1024, 'MB/s'] : peak >= 1024 ? [1024, 'KB/s'] : [1, 'B/s'];
  return lineChart({
    title: `Bytes per second, all bots (${unit})`,
    xLabel,
    formatY: (v) => `${v} ${unit}`,
    series: [series('in', COLORS.a, t, (p) => p.bytesInPerSec / div), series('out', COLORS.d, t, (p) => p.bytesOutPerSec / div)],
  });
}

function charts(r: Report): string {
  const t = r.timeline;
  const x = 'seconds since start';
  const ms = (v: number): string => `${v} ms`;
  const out = [
    lineChart({ title: 'Bots connected', xLabel: x, formatY: (v) => String(v), series: [series('connected', COLORS.a, t, (p) => p.botsConnected), series('started', COLORS.c, t, (p) => p.botsStarted, true)] }),
    lineChart({ title: 'RTT (ping → pong)', xLabel: x, formatY: ms, series: [series('p50', COLORS.a, t, (p) => p.rtt.p50), series('p99', COLORS.b, t, (p) => p.rtt.p99)] }),
    lineChart({ title: 'Input → acknowledgement latency', xLabel: x, formatY: ms, series: [series('p50', COLORS.a, t, (p) => p.ack.p50), series('p99', COLORS.b, t, (p) => p.ack.p99)] }),
    lineChart({ title: 'Snapshot interval jitter (|interval − tick|)', xLabel: x, formatY: ms, series: [series('p50', COLORS.a, t, (p) => p.jitter.p50), series('p99', COLORS.b, t, (p) => p.jitter.p99)] }),
    bytesChart(t, x),
    lineChart({
      title: r.server.available ? 'Server tick duration' : 'Server tick duration (server has no /metrics)',
      xLabel: x,
      formatY: ms,
      series: [series('p50', COLORS.a, t, (p) => p.server?.tickP50Ms ?? NaN), series('p99', COLORS.b, t, (p) => p.server?.tickP99Ms ?? NaN)],
    }),
    lineChart({
      title: 'CPU (100 % = one core)',
      xLabel: x,
      formatY: (v) => `${v} %`,
      series: [series('server', COLORS.b, t, (p) => p.server?.cpuPercent ?? NaN), series('load generator', COLORS.e, t, (p) => p.generator.cpuPercent, true)],
    }),
    lineChart({ title: 'Errors (cumulative)', xLabel: x, formatY: (v) => String(v), series: [series('errors', COLORS.b, t, (p) => p.errors)] }),
  ];
  return out.join('\n');
}

function histograms(r: Report): string {
  const keys: LatencyKey[] = ['rtt', 'ack', 'snapshotInterval', 'join'];
  const colors = [COLORS.a, COLORS.d, COLORS.c, COLORS.e];
  return keys.map((k, i) => histogramChart(`${LATENCY_LABELS[k]}: histogram`, r.latency[k].histogram, fmtMs, colors[i]!)).join('\n');
}

export function renderHtml(r: Report): string {
  const o = r.options;
  const failed = r.assertions.filter((a) => !a.passed).length;
  const verdict = r.assertions.length === 0 ? '' : failed ? `<p class="fail">${failed} of ${r.assertions.length} assertions failed</p>` : `<p class="pass">all ${r.assertions.length} assertions passed</p>`;
  const latencyRows = (Object.keys(LATENCY_LABELS) as LatencyKey[]).map((k) => {
    const l = r.latency[k];
    return row([LATENCY_LABELS[k], fmtNum(l.count), fmtMs(l.min), fmtMs(l.p50), fmtMs(l.p90), fmtMs(l.p99), fmtMs(l.max)]);
  });
  const t = r.totals;
  const figures: [string, string][] = [
    ['bots connected (peak)', `${t.botsPeakConnected} / ${o.bots}`],
    ['rooms (peak)', fmtNum(t.roomsPeak)],
    ['joins ok / failed', `${t.joinsOk} / ${t.joinsFailed} (matchmaking ${r.joins.matchmaking}, direct ${r.joins.direct})`],
    ['reconnects resumed / failed', `${t.reconnects} / ${t.reconnectsFailed}${t.moves > 0 ? `  (moved to a new room: ${t.moves})` : ''}`],
    ['snapshots received', fmtNum(t.states)],
    ['bytes in / out', `${fmtBytes(t.bytesIn)} / ${fmtBytes(t.bytesOut)}`],
    ['per bot in / out', `${fmtBytes(r.perBot.bytesInPerSec)}/s / ${fmtBytes(r.perBot.bytesOutPerSec)}/s`],
    ['errors', `${r.errors.total}`],
    ['join failures', fmtCodes(r.errors.joinFailuresByReason)],
    ['unexpected closes', fmtCodes(r.errors.unexpectedCloses)],
    ['server errors', fmtCodes(r.errors.serverErrors)],
    ...Object.entries(r.errors.serverErrorExamples).map(([name, message]): [string, string] => [`server error ${name} says`, message]),
    ['desyncs', String(r.errors.desyncs)],
    ['server tick p50 / p99 (worst second)', r.server.available ? `${fmtMs(r.server.tickP50MsMax)} / ${fmtMs(r.server.tickP99MsMax)}` : 'no /metrics'],
    ['server cpu / memory (peak)', r.server.available ? `${fmtPct(r.server.cpuPercentMax)} / ${fmtNum(r.server.memoryMBMax)} MB` : 'no /metrics'],
    ['load generator cpu mean / peak', `${fmtPct(r.generator.cpuPercentMean)} / ${fmtPct(r.generator.cpuPercentMax)}`],
    ['bots per load-generator core (steady state)', fmtNum(r.generator.botsPerCore)],
    ['busiest worker thread / loop delay p99', `${fmtPct(r.generator.eluMax * 100)} / ${fmtMs(r.generator.loopDelayP99MsMax)}`],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Load test report: ${escapeXml(o.url)}</title><style>${CSS}</style></head>
<body>
<h1>Load test report</h1>
<div class="meta">${escapeXml(o.url)} · ${o.bots} bots (${escapeXml(o.behavior)}) · ramp ${o.rampPerSec}/s · ${o.durationSec} s · game ${escapeXml(o.game)} v${escapeXml(o.gameVersion)}, mode ${escapeXml(o.mode)} · ${o.workers} workers${o.rooms !== null ? ` · rooms ${o.rooms}` : ''} · ${escapeXml(r.tool.startedAt)} · Node ${escapeXml(r.tool.node)} on ${r.tool.cpus} cores</div>
${verdict}
${r.warnings.map((w) => `<div class="warn">${escapeXml(w)}</div>`).join('\n')}
${r.assertions.length ? `<h2>Assertions</h2><table>${row(['assertion', 'actual', 'result'], 'th')}${r.assertions.map((a) => row([escapeXml(a.expression), Number.isFinite(a.actual) ? fmtNum(a.actual, 2) : 'no data', a.passed ? '<span class="pass">pass</span>' : '<span class="fail">FAIL</span>'])).join('')}</table>` : ''}
<h2>Latency</h2>
<table>${row(['', 'count', 'min', 'p50', 'p90', 'p99', 'max'], 'th')}${latencyRows.join('')}</table>
<h2>Figures</h2>
<table>${figures.map(([k, v]) => row([escapeXml(k), escapeXml(v)])).join('')}</table>
<h2>Over time</h2>
<div class="charts">
${charts(r)}
</div>
<h2>Latency histograms</h2>
<div class="charts">
${histograms(r)}
</div>
</body></html>
`;
}
