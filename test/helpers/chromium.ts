/**
 * The Chromium the browser tests drive when CHROMIUM_PATH is not set: the headless shell that
 * ships inside the `@sparticuz/chromium` npm package (Brotli archives of the binary and
 * SwiftShader), unpacked once per package version into the temp dir.
 *
 * Called from Vitest's global setup only (one process), never from test workers: the package's
 * own `executablePath()` returns as soon as the binary's file exists, so two workers unpacking at
 * once would start a half-written binary (ETXTBSY). Here the archives go into a staging directory
 * of this process, are checked, and the directory is renamed into place in one step; a directory
 * already in place is used only if its stamp names this package version and its binary reports
 * the matching Chromium version, else it is removed and unpacked again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const STAMP = 'arena-chromium.json';

export interface UnpackedChromium {
  executablePath: string;
  /** What `chromium --version` printed, e.g. "Chromium 153.0.8010.0". */
  version: string;
  /** Milliseconds spent unpacking (0 when an earlier unpack was reused). */
  unpackMs: number;
}

/** The package exports only its entry (build/index.js), so its package.json is found from there. */
export function packageVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The browser's version line, or null when the binary is missing, truncated or not this version. */
function checkBinary(executablePath: string, wantMajor: string): string | null {
  if (!existsSync(executablePath)) return null;
  try {
    const out = execFileSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out.startsWith(`Chromium ${wantMajor}.`) ? out : null;
  } catch {
    return null;
  }
}

function checkDir(dir: string, pkgVersion: string, wantMajor: string): string | null {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as { packageVersion?: unknown };
    if (stamp.packageVersion !== pkgVersion) return null;
  } catch {
    return null;
  }
  return checkBinary(join(dir, 'chromium'), wantMajor);
}

/** The package's unpacker writes into `os.tmpdir()`, which follows TMPDIR: point it at `dir` for the call. */
async function unpackInto(dir: string): Promise<string> {
  const { default: Chromium } = await import('@sparticuz/chromium');
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  try {
    return await Chromium.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

export async function ensureChromium(baseDir: string = tmpdir()): Promise<UnpackedChromium> {
  const pkgVersion = packageVersion();
  const wantMajor = pkgVersion.split('.')[0] ?? '';
  const dir = join(baseDir, `arena-chromium-${pkgVersion}`);
  const executablePath = join(dir, 'chromium');

  const reused = checkDir(dir, pkgVersion, wantMajor);
  if (reused) return { executablePath, version: reused, unpackMs: 0 };

  const t0 = performance.now();
  const staging = `${dir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const unpacked = await unpackInto(staging);
    if (unpacked !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, not into ${staging}`);
    const version = checkBinary(unpacked, wantMajor);
    if (!version) throw new Error(`the Chromium unpacked from @sparticuz/chromium ${pkgVersion} does not report version ${wantMajor}.x`);
    writeFileSync(join(staging, STAMP), JSON.stringify({ packageVersion: pkgVersion, version }) + '\n');
    // A stale or broken directory goes; then ours takes its place in one rename.
    if (existsSync(dir) && !checkDir(dir, pkgVersion, wantMajor)) rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another run (another worktree, another user of this temp dir) put a good one there first.
      const theirs = checkDir(dir, pkgVersion, wantMajor);
      if (!theirs) throw e;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  const version = checkDir(dir, pkgVersion, wantMajor);
  if (!version) throw new Error(`Chromium in ${dir} failed its check after unpacking`);
  return { executablePath, version, unpackMs: Math.round(performance.now() - t0) };
}
