/**
 * Start a bot worker thread. The thread runs TypeScript through tsx: a tiny bootstrap registers
 * tsx's loader inside the thread, then imports threadMain.ts (Node 20 does not pass `--import
 * tsx` hooks on to a worker's entry module).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerConfig } from './protocol.ts';

export function spawnWorker(cfg: WorkerConfig): Worker {
  // require.resolve finds tsx's CommonJS build; its ES module build sits next to it.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./threadMain.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: cfg });
}
