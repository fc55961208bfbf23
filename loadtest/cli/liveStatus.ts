/**
 * The live status, once a second: on a TTY a progress bar while ramping, then one block that
 * rewrites itself in place; elsewhere (CI logs, pipes) one plain line per second.
 */
import type { Progress } from '../runLoadTest.ts';
import { fmtBytes, fmtCodes, fmtMs, fmtNum, fmtPct } from './format.ts';

export interface StatusWriter {
  write(text: string): void;
}

const BAR_WIDTH = 30;

export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const f = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}] ${Math.round(f * 100)}%`;
}

/** The status block's lines (also used for the one-line form). */
export function statusLines(p: Progress): string[] {
  const pt = p.point;
  const errs = p.errors;
  const closes = fmtCodes(errs.unexpectedCloses);
  const serverErrs = fmtCodes(errs.serverErrors);
  const server = pt.server ? `server tick p99 ${fmtMs(pt.server.tickP99Ms)}  cpu ${fmtPct(pt.server.cpuPercent)}  mem ${fmtNum(pt.server.memoryMB)} MB` : 'server metrics: –';
  return [
    `${p.phase.padEnd(8)} ${fmtNum(p.elapsedSec, 0)}/${fmtNum(p.durationSec, 0)} s   bots ${pt.botsConnected}/${p.targetBots} connected (${pt.botsStarted} started)   rooms ${pt.rooms}`,
    `snapshots ${fmtNum(pt.snapshotsPerSec)}/s   in ${fmtBytes(pt.bytesInPerSec)}/s   out ${fmtBytes(pt.bytesOutPerSec)}/s`,
    `rtt p50 ${fmtMs(pt.rtt.p50)} p99 ${fmtMs(pt.rtt.p99)}   input→ack p99 ${fmtMs(pt.ack.p99)}   jitter p99 ${fmtMs(pt.jitter.p99)}`,
    `errors ${errs.total}   join failures ${errs.joinFailures ? fmtCodes(errs.joinFailuresByReason) : 0}   closes ${closes}   server errors ${serverErrs}   desyncs ${errs.desyncs}`,
    `${server}   load generator cpu ${fmtPct(pt.generator.cpuPercent)} busiest thread ${fmtPct(pt.generator.eluMax * 100)}`,
  ];
}

export class LiveStatus {
  private drawnLines = 0;

  constructor(
    private readonly out: StatusWriter,
    private readonly tty: boolean,
  ) {}

  update(p: Progress): void {
    if (!this.tty) {
      const pt = p.point;
      this.out.write(
        `[${fmtNum(p.elapsedSec, 0)}s] ${p.phase} bots ${pt.botsConnected}/${p.targetBots} rooms ${pt.rooms} snaps ${fmtNum(pt.snapshotsPerSec)}/s in ${fmtBytes(pt.bytesInPerSec)}/s out ${fmtBytes(pt.bytesOutPerSec)}/s rtt p50 ${fmtMs(pt.rtt.p50)} p99 ${fmtMs(pt.rtt.p99)} errors ${p.errors.total}\n`,
      );
      return;
    }
    const lines = statusLines(p);
    if (p.phase === 'ramping') lines.unshift(`ramp ${progressBar(p.point.botsStarted, p.targetBots)}`);
    let text = '';
    if (this.drawnLines > 0) text += `\x1b[${this.drawnLines}F`; // back to the block's first line
    for (const l of lines) text += `\x1b[2K${l}\n`;
    for (let i = lines.length; i < this.drawnLines; i++) text += '\x1b[2K\n'; // blank leftovers of a taller block
    this.drawnLines = Math.max(lines.length, this.drawnLines);
    this.out.write(text);
  }

  /** A message above the block (notes and warnings during the run). */
  note(message: string): void {
    if (this.tty && this.drawnLines > 0) {
      this.out.write(`\x1b[${this.drawnLines}F\x1b[0J! ${message}\n`);
      this.drawnLines = 0;
    } else this.out.write(`! ${message}\n`);
  }
}
