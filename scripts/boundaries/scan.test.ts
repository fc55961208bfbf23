import { describe, expect, it } from 'vitest';
import { importsOf, tokenize } from './scan.ts';

const specs = (text: string) => importsOf(tokenize(text)).map((r) => `${r.kind} ${r.specifier} @${r.line}`);
const idents = (text: string) =>
  tokenize(text)
    .filter((t) => t.type === 'ident')
    .map((t) => t.value);

describe('importsOf', () => {
  it('finds every form of specifier, with its line', () => {
    const text = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      "import './c.ts';",
      "import * as d from 'd';",
      "import e, { f } from '../e.ts';",
      'import {',
      '  g,',
      "} from './g.ts';",
      "export { h } from './h.ts';",
      "export * from './i.ts';",
      "export * as j from './j.ts';",
      "export type { K } from './k.ts';",
      "const l = await import('./l.ts');",
      "type M = typeof import('./m.ts');",
      "const n = require('n');",
      "import o = require('./o.ts');",
      "const p = import.meta.glob('../games/*/client/index.ts');",
      "const q = import.meta.glob(['./q1.ts', './q2.ts']);",
      "import from from './from.ts';",
    ].join('\n');
    expect(specs(text)).toEqual([
      'static ./a.ts @1',
      'static ./b.ts @2',
      'static ./c.ts @3',
      'static d @4',
      'static ../e.ts @5',
      'static ./g.ts @8',
      'static ./h.ts @9',
      'static ./i.ts @10',
      'static ./j.ts @11',
      'static ./k.ts @12',
      'dynamic ./l.ts @13',
      'dynamic ./m.ts @14',
      'require n @15',
      'require ./o.ts @16',
      'glob ../games/*/client/index.ts @17',
      'glob ./q1.ts @18',
      'glob ./q2.ts @18',
      'static ./from.ts @19',
    ]);
  });

  it('ignores imports in comments, strings, templates and regular expressions, and exports without from', () => {
    const text = [
      "// import a from './a.ts';",
      "/* import b from './b.ts'; */",
      'const s = "import c from \'./c.ts\'";',
      "const t = `import d from './d.ts' ${1}`;",
      "const r = /import e from '.\\/e.ts'/g;",
      "export const from = 'x';",
      'export function f() {}',
      "obj.import('./g.ts'); obj.require('./h.ts');",
      "const dynamicPath = import(name + '.ts');",
    ].join('\n');
    expect(specs(text)).toEqual([]);
  });
});

describe('tokenize', () => {
  it('drops comments and string text but keeps template expressions', () => {
    expect(idents('// Date\n/* Math.random() */ const a = "Date" + \'fetch\' + `x ${Date.now()} y ${`${process}`}`;')).toEqual(['const', 'a', 'Date', 'now', 'process']);
  });

  it('tells division from a regular expression', () => {
    expect(idents('const a = b / c / d; const r = /Date/.test(x); return /fetch/;')).toEqual(['const', 'a', 'b', 'c', 'd', 'const', 'r', 'test', 'x', 'return']);
  });

  it('counts lines through comments, strings and templates', () => {
    const tokens = tokenize('/*\n\n*/ a `\n${b}\n` "x\\\ny" c');
    expect(tokens.filter((t) => t.type === 'ident').map((t) => `${t.value}@${t.line}`)).toEqual(['a@3', 'b@4', 'c@6']);
  });

  it('keeps braces inside template expressions balanced', () => {
    expect(idents('const s = `${ { a: 1 }.a }`; Date;')).toEqual(['const', 's', 'a', 'a', 'Date']);
  });
});
