/**
 * Vitest global setup (one process, before any test file): find the Chromium the browser tests
 * drive and hand its path to the workers. CHROMIUM_PATH wins (a system Chromium, e.g. Debian's
 * /usr/bin/chromium); without it, the one inside the @sparticuz/chromium package is unpacked once.
 */
import type { TestProject } from 'vitest/node';
import { ensureChromium } from './helpers/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    project.provide('chromiumPath', fromEnv);
    return;
  }
  const chromium = await ensureChromium();
  if (chromium.unpackMs > 0) console.log(`[global setup] ${chromium.version} unpacked from @sparticuz/chromium in ${chromium.unpackMs} ms`);
  project.provide('chromiumPath', chromium.executablePath);
}
