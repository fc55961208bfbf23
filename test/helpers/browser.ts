/**
 * Real Chromium for browser tests, driven by playwright-core, a fresh profile each time: the
 * binary the global setup found (CHROMIUM_PATH, else the one in the @sparticuz/chromium package;
 * see test/globalSetup.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { inject } from 'vitest';

/** No GPU, no network of its own (this machine's network is closed), no first-run work. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Keep pages in the background rendering and their timers running (several pages play at once). */
export const NO_THROTTLING_ARGS = ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];

export interface LaunchedBrowser {
  context: BrowserContext;
  /** Close the browser and remove its profile. */
  close(): Promise<void>;
}

export async function launchChromium(opts: { viewport: { width: number; height: number }; extraArgs?: string[] }): Promise<LaunchedBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'pw-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: inject('chromiumPath'),
    headless: true,
    viewport: opts.viewport,
    args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
