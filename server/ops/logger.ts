/**
 * Structured logs: pino JSON lines on stdout, or pino-pretty (in this thread, synchronous, so
 * nothing is lost on exit) when stdout is a terminal. One line per join, leave, room created,
 * room disposed and error, each with its room and player ids (see logHooks).
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogFormat, LogLevel } from '../config.ts';

export type { Logger };

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
  /** Whether stdout is a terminal (for format 'auto'); process.stdout.isTTY by default. */
  isTty?: boolean;
}

export function createLogger(opts: LoggerOptions): Logger {
  const tty = opts.isTty ?? process.stdout.isTTY === true;
  const wantPretty = opts.format === 'pretty' || (opts.format === 'auto' && tty);
  const base = { level: opts.level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (wantPretty) {
    const stream = pretty({
      colorize: tty,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid',
      ...(opts.destination ? { destination: opts.destination } : {}),
    });
    return pino(base, stream);
  }
  return pino(base, opts.destination ?? pino.destination({ dest: 1, sync: true }));
}
