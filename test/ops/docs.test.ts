/** The docs say what the code does: protocol version and codes, every option, every limit's flag. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../../server/config.ts';
import { CLOSE, ERR, PROTOCOL_VERSION } from '../../shared/protocol.ts';
import { REPO_DIR } from './opsHelpers.ts';

const read = (path: string): string => readFileSync(`${REPO_DIR}${path}`, 'utf8');

/** The text of a `## title` section, up to the next `## `. */
function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section "${title}"`);
  const end = text.indexOf('\n## ', start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('docs/protocol.md', () => {
  const doc = read('docs/protocol.md');

  it('states the protocol version the code speaks', () => {
    expect(doc).toMatch(new RegExp(`^# Wire protocol \\(version ${PROTOCOL_VERSION}\\)`));
    const stated = [...doc.matchAll(/`version` must equal (\d+)/g)].map((m) => Number(m[1]));
    expect(stated).toEqual([PROTOCOL_VERSION]);
  });

  it('lists every error code and close code', () => {
    const errors = section(doc, 'Error codes (`Error` message)');
    for (const [name, code] of Object.entries(ERR)) expect(errors, name).toMatch(new RegExp(`\\| ${code} \\| ${name} \\|`));
    const closes = section(doc, 'Close codes');
    for (const [name, code] of Object.entries(CLOSE)) if (code >= 4000) expect(closes, name).toMatch(new RegExp(`\\| ${code} \\|`));
  });
});

describe('docs/operations.md', () => {
  const doc = read('docs/operations.md');

  it('lists every option in the configuration table', () => {
    const table = section(doc, 'Configuration');
    for (const o of OPTIONS) expect(table, o.flag).toContain(`\`--${o.flag}\``);
  });

  it('lists the flag of every limit in "Security and limits"', () => {
    const limits = section(doc, 'Security and limits');
    const isLimit = /^(max-|limit-|reclaim-|message|matchmake-|join-|seat-|soft-|hard-|slow-|allowed-|trust-|public-|empty-|reconnect-|room-capacity|admin-token)/;
    const flags = OPTIONS.map((o) => o.flag).filter((f) => isLimit.test(f));
    expect(flags.length).toBeGreaterThan(15);
    for (const f of flags) expect(limits, f).toContain(`--${f}`);
  });
});
