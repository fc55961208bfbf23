/** Write report.json and report.html into a directory (created if needed). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { renderHtml } from './html.ts';
import type { Report } from './types.ts';

export async function writeReport(report: Report, dir: string): Promise<{ json: string; html: string }> {
  const abs = resolve(dir);
  await mkdir(abs, { recursive: true });
  const json = join(abs, 'report.json');
  const html = join(abs, 'report.html');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(html, renderHtml(report));
  return { json, html };
}
