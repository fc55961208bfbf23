/**
 * `--assert "rtt.p99<100ms,errors=0"`: thresholds checked against the report; any failure makes
 * the exit code non-zero so the tool can gate CI. Metrics are paths into the report's figures:
 * latency (`rtt|ack|jitter|snapshotInterval|join` . `p50|p90|p99|max|mean|min`), `errors`,
 * `joinFailures`, `desyncs`, `disconnects`, `moves`, `bots.connected`, `bytesIn/Out.perBot`,
 * `server.tick.p99`, `server.cpu`, `generator.cpu`.
 */
import type { AssertionResult, Report } from './report/types.ts';

const OPS = ['<=', '>=', '!=', '==', '<', '>', '='] as const;
type Op = (typeof OPS)[number];

/** Unit suffix → factor to the metric's base unit (ms for times, bytes, percent). */
const UNITS: Readonly<Record<string, number>> = { '': 1, ms: 1, s: 1000, us: 0.001, '%': 1, b: 1, kb: 1024, mb: 1024 * 1024 };

export interface Assertion {
  expression: string;
  metric: string;
  op: Op;
  value: number;
}

export class AssertionSyntaxError extends Error {
  override readonly name = 'AssertionSyntaxError';
}

export function parseAssertions(spec: string): Assertion[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((expression) => {
      const op = OPS.find((o) => expression.includes(o));
      if (!op) throw new AssertionSyntaxError(`"${expression}": expected METRIC<VALUE, <=, >, >=, = or !=`);
      const [metric, raw] = expression.split(op).map((s) => s.trim()) as [string, string];
      const m = /^(-?\d+(?:\.\d+)?)\s*([a-zA-Z%]*)$/.exec(raw ?? '');
      const unit = m?.[2]?.toLowerCase() ?? '';
      if (!m || UNITS[unit] === undefined) throw new AssertionSyntaxError(`"${expression}": "${raw}" is not a number with an optional unit (ms, s, us, %, KB, MB)`);
      if (resolveMetric(metric) === null) throw new AssertionSyntaxError(`"${expression}": unknown metric "${metric}"`);
      return { expression, metric, op, value: Number(m[1]) * UNITS[unit]! };
    });
}

type Getter = (r: Report) => number;

const LATENCY_STATS = ['p50', 'p90', 'p99', 'max', 'mean', 'min'] as const;
const LATENCY_NAMES = { rtt: 'rtt', ack: 'ack', jitter: 'jitter', snapshotinterval: 'snapshotInterval', join: 'join', reconnect: 'reconnect' } as const;

const NAMED: Readonly<Record<string, Getter>> = {
  errors: (r) => r.errors.total,
  joinfailures: (r) => r.errors.joinFailures,
  desyncs: (r) => r.errors.desyncs,
  reconnects: (r) => r.totals.reconnects,
  reconnectsfailed: (r) => r.errors.reconnectsFailed,
  moves: (r) => r.totals.moves,
  disconnects: (r) => Object.values(r.errors.unexpectedCloses).reduce((a, b) => a + b, 0),
  'bots.connected': (r) => r.totals.botsPeakConnected,
  'bytesin.perbot': (r) => r.perBot.bytesInPerSec,
  'bytesout.perbot': (r) => r.perBot.bytesOutPerSec,
  'snapshots.perbot': (r) => r.perBot.snapshotsPerSec,
  'server.tick.p50': (r) => r.server.tickP50MsMax,
  'server.tick.p99': (r) => r.server.tickP99MsMax,
  'server.cpu': (r) => r.server.cpuPercentMax,
  'generator.cpu': (r) => r.generator.cpuPercentMax,
};

function resolveMetric(metric: string): Getter | null {
  const key = metric.toLowerCase();
  if (NAMED[key]) return NAMED[key];
  const [name, stat] = key.split('.');
  const latency = LATENCY_NAMES[name as keyof typeof LATENCY_NAMES];
  if (latency && (LATENCY_STATS as readonly string[]).includes(stat ?? '')) {
    return (r) => r.latency[latency][stat as (typeof LATENCY_STATS)[number]];
  }
  return null;
}

function compare(actual: number, op: Op, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '=':
    case '==':
      return actual === value;
    case '!=':
      return actual !== value;
  }
}

/** Check every assertion; a metric with no data (NaN, e.g. no server metrics) fails. */
export function evaluateAssertions(assertions: readonly Assertion[], report: Report): AssertionResult[] {
  return assertions.map((a) => {
    const actual = resolveMetric(a.metric)!(report);
    const passed = Number.isFinite(actual) && compare(actual, a.op, a.value);
    const shown = Number.isFinite(actual) ? String(Math.round(actual * 1000) / 1000) : 'no data';
    return { expression: a.expression, metric: a.metric, actual, passed, message: `${passed ? 'pass' : 'FAIL'}  ${a.expression}  (actual ${shown})` };
  });
}
