/** The end-of-run summary as a plain-text table for the terminal. */
import { fmtBytes, fmtCodes, fmtMs, fmtNum, fmtPct } from '../cli/format.ts';
import type { LatencyKey } from '../metrics/WorkerMetrics.ts';
import type { Report } from './types.ts';

const LATENCY_LABELS: Readonly<Record<LatencyKey, string>> = {
  rtt: 'RTT (ping→pong)',
  ack: 'input → ack',
  snapshotInterval: 'snapshot interval',
  jitter: 'snapshot jitter',
  join: 'join time',
  reconnect: 'reconnect (drop → resumed)',
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function summaryTable(r: Report): string {
  const out: string[] = [];
  const t = r.totals;
  const last = [...r.timeline].reverse().find((p) => p.botsConnected > 0);
  out.push(`Load test of ${r.options.url}, ${r.options.game} (mode ${r.options.mode}): ${r.options.bots} bots (${r.options.behavior}), ${r.options.workers} workers, ${fmtNum(r.elapsedSec, 1)} s`);
  out.push('');
  out.push(
    table([
      ['', 'count', 'min', 'p50', 'p90', 'p99', 'max'],
      ...(Object.keys(LATENCY_LABELS) as LatencyKey[]).map((k) => {
        const l = r.latency[k];
        return [LATENCY_LABELS[k], fmtNum(l.count), fmtMs(l.min), fmtMs(l.p50), fmtMs(l.p90), fmtMs(l.p99), fmtMs(l.max)];
      }),
    ]),
  );
  out.push('');
  out.push(
    table([
      ['figure', 'value'],
      ['bots connected (peak)', `${t.botsPeakConnected} / ${r.options.bots}`],
      ['rooms (peak)', `${fmtNum(t.roomsPeak)}${last ? `  (at the end ${last.rooms} rooms, ${last.botsPerRoom.min}–${last.botsPerRoom.max} bots each)` : ''}`],
      ['joins ok / failed', `${t.joinsOk} / ${t.joinsFailed}  (matchmaking ${r.joins.matchmaking}, direct ${r.joins.direct})`],
      ['reconnects resumed / failed', `${t.reconnects} / ${t.reconnectsFailed}${t.moves > 0 ? `  (moved to a new room: ${t.moves})` : ''}`],
      ['snapshots received', fmtNum(t.states)],
      ['bytes in / out', `${fmtBytes(t.bytesIn)} / ${fmtBytes(t.bytesOut)}`],
      ['per bot in / out', `${fmtBytes(r.perBot.bytesInPerSec)}/s / ${fmtBytes(r.perBot.bytesOutPerSec)}/s`],
      ['errors', `${r.errors.total}  (join failures ${fmtCodes(r.errors.joinFailuresByReason)}; closes ${fmtCodes(r.errors.unexpectedCloses)}; server errors ${fmtCodes(r.errors.serverErrors)}; desyncs ${r.errors.desyncs})`],
      ['server tick p99 (worst second)', r.server.available ? fmtMs(r.server.tickP99MsMax) : 'no /metrics'],
      ['server cpu / memory (peak)', r.server.available ? `${fmtPct(r.server.cpuPercentMax)} / ${fmtNum(r.server.memoryMBMax)} MB` : 'no /metrics'],
      ['load generator cpu mean / peak', `${fmtPct(r.generator.cpuPercentMean)} / ${fmtPct(r.generator.cpuPercentMax)}  (busiest thread ${fmtPct(r.generator.eluMax * 100)}, loop delay p99 ${fmtMs(r.generator.loopDelayP99MsMax)})`],
      ['bots per load-generator core', fmtNum(r.generator.botsPerCore)],
    ]),
  );
  for (const [name, message] of Object.entries(r.errors.serverErrorExamples)) out.push(`server error ${name}: "${message}"`);
  if (r.warnings.length) {
    out.push('');
    for (const w of r.warnings) out.push(`warning: ${w}`);
  }
  if (r.assertions.length) {
    out.push('');
    for (const a of r.assertions) out.push(a.message);
  }
  return out.join('\n');
}
