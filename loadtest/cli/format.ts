/** Number formatting for the terminal and the HTML report. */

export function fmtBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(2)} GB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(2)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${Math.round(n)} B`;
}

export function fmtMs(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n >= 10_000) return `${(n / 1000).toFixed(1)} s`;
  if (n >= 100) return `${Math.round(n)} ms`;
  if (n >= 10) return `${n.toFixed(1)} ms`;
  return `${n.toFixed(2)} ms`;
}

export function fmtNum(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function fmtPct(n: number): string {
  return Number.isFinite(n) ? `${Math.round(n)} %` : '–';
}

export function fmtCodes(rec: Readonly<Record<string, number>>): string {
  const parts = Object.entries(rec).map(([k, v]) => `${k}×${v}`);
  return parts.length ? parts.join(' ') : 'none';
}
