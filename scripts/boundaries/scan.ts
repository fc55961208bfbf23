/**
 * A small TypeScript tokenizer, just enough for the boundary check: identifiers, punctuation and
 * string literals with their lines; comments dropped; the text of strings and templates kept out
 * of the identifiers (but a template's `${…}` expressions are code, and are tokenized); regular
 * expression literals skipped. From the tokens, every module specifier a file names:
 *
 *   import … from 'x'   import type … from 'x'   import 'x'   import x = require('x')
 *   export … from 'x'   export type … from 'x'   import('x')  typeof import('x')
 *   require('x')        import.meta.glob('x') / import.meta.glob(['x', 'y'])
 *
 * Pure: text in, tokens and specifiers out.
 */

export type TokenType = 'ident' | 'punct' | 'string' | 'number';

export interface Token {
  readonly type: TokenType;
  /** The identifier, the punctuation, or a string's value (without quotes; escapes left as written). */
  readonly value: string;
  readonly line: number;
}

export type ImportKind = 'static' | 'dynamic' | 'require' | 'glob';

export interface ImportRef {
  readonly specifier: string;
  readonly line: number;
  readonly kind: ImportKind;
}

const IDENT_START = /[A-Za-z_$\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const THREE = new Set(['===', '!==', '**=', '<<=', '>>=', '>>>', '...', '&&=', '||=', '??=']);
const TWO = new Set(['=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>']);
/** After these keywords a `/` starts a regular expression, not a division. */
const REGEX_AFTER_KEYWORD = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** Tokens of a TypeScript source. Never throws: an unterminated string or comment ends at the end of the text. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  /** One entry per open `${` of a template (its brace depth), so the matching `}` resumes the template. */
  const templates: number[] = [];
  let depth = 0;

  const regexAllowed = (): boolean => {
    const prev = tokens[tokens.length - 1];
    if (prev === undefined) return true;
    if (prev.type === 'number' || prev.type === 'string') return false;
    if (prev.type === 'ident') return REGEX_AFTER_KEYWORD.has(prev.value);
    return prev.value !== ')' && prev.value !== ']' && prev.value !== '}';
  };

  /** Scan a template's text from i (just after ` or the } closing a ${…}); stops after ` or ${. */
  const templateText = (): void => {
    const startLine = line;
    let value = '';
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\') {
        value += text.slice(i, i + 2);
        if (text[i + 1] === '\n') line++;
        i += 2;
      } else if (c === '`') {
        i++;
        tokens.push({ type: 'string', value, line: startLine });
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        i += 2;
        tokens.push({ type: 'punct', value: '`${', line: startLine });
        templates.push(depth);
        depth++;
        return;
      } else {
        if (c === '\n') line++;
        value += c;
        i++;
      }
    }
    tokens.push({ type: 'string', value, line: startLine });
  };

  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (let j = i; j < stop; j++) if (text[j] === '\n') line++;
      i = stop;
    } else if (c === '"' || c === "'") {
      const startLine = line;
      let value = '';
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') {
          value += text.slice(i, i + 2);
          if (text[i + 1] === '\n') line++;
          i += 2;
        } else value += text[i++];
      }
      i++;
      tokens.push({ type: 'string', value, line: startLine });
    } else if (c === '`') {
      i++;
      templateText();
    } else if (c === '}' && templates.length > 0 && templates[templates.length - 1] === depth - 1) {
      templates.pop();
      depth--;
      i++;
      tokens.push({ type: 'punct', value: '}`', line });
      templateText();
    } else if (c === '/' && regexAllowed()) {
      // A regular expression literal: skip it (with its character classes, where / is literal), then its flags.
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n') {
        const r = text[i]!;
        if (r === '\\') i += 2;
        else {
          i++;
          if (r === '[') inClass = true;
          else if (r === ']') inClass = false;
          else if (r === '/' && !inClass) break;
        }
      }
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      tokens.push({ type: 'string', value: '', line });
    } else if (IDENT_START.test(c)) {
      const start = i;
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      tokens.push({ type: 'ident', value: text.slice(start, i), line });
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      const start = i;
      while (i < text.length && /[0-9A-Za-z_.]/.test(text[i]!)) i++;
      tokens.push({ type: 'number', value: text.slice(start, i), line });
    } else {
      const three = text.slice(i, i + 3);
      const two = text.slice(i, i + 2);
      // `?.` followed by a digit is a ternary and a number (a ?.5 : b).
      const value = THREE.has(three) ? three : TWO.has(two) && !(two === '?.' && /[0-9]/.test(text[i + 2] ?? '')) ? two : c;
      if (value === '{') depth++;
      else if (value === '}') depth--;
      tokens.push({ type: 'punct', value, line });
      i += value.length;
    }
  }
  return tokens;
}

const isPunct = (t: Token | undefined, v: string): boolean => t !== undefined && t.type === 'punct' && t.value === v;
const isIdent = (t: Token | undefined, v: string): boolean => t !== undefined && t.type === 'ident' && t.value === v;
/** A token that is a property name (`a.import`, `a?.require`), not the keyword or global. */
export const isMember = (tokens: readonly Token[], i: number): boolean => isPunct(tokens[i - 1], '.') || isPunct(tokens[i - 1], '?.');

/** Every module specifier of a file's tokens, in order. */
export function importsOf(tokens: readonly Token[]): ImportRef[] {
  const out: ImportRef[] = [];
  const push = (t: Token, kind: ImportKind) => out.push({ specifier: t.value, line: t.line, kind });
  /** `from 'x'` after an import or export clause starting at i; -1 if the clause ends first. */
  const fromAfter = (i: number): number => {
    let depth = 0;
    for (let j = i; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (isPunct(t, '{')) depth++;
      else if (isPunct(t, '}')) depth--;
      else if (depth === 0 && (isPunct(t, ';') || isPunct(t, '='))) return -1;
      else if (depth === 0 && isIdent(t, 'from') && tokens[j + 1]?.type === 'string') return j + 1;
      else if (depth === 0 && j > i && (isIdent(t, 'import') || isIdent(t, 'export'))) return -1;
    }
    return -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== 'ident' || isMember(tokens, i)) continue;
    const next = tokens[i + 1];
    if (t.value === 'import') {
      if (isPunct(next, '(')) {
        const arg = tokens[i + 2];
        if (arg?.type === 'string' && (isPunct(tokens[i + 3], ')') || isPunct(tokens[i + 3], ','))) push(arg, 'dynamic');
      } else if (isPunct(next, '.') && isIdent(tokens[i + 2], 'meta') && isPunct(tokens[i + 3], '.') && isIdent(tokens[i + 4], 'glob') && isPunct(tokens[i + 5], '(')) {
        const arg = tokens[i + 6];
        if (arg?.type === 'string') push(arg, 'glob');
        else if (isPunct(arg, '[')) {
          for (let j = i + 7; j < tokens.length && !isPunct(tokens[j], ']'); j++) if (tokens[j]!.type === 'string') push(tokens[j]!, 'glob');
        }
      } else if (next?.type === 'string') {
        push(next, 'static');
      } else {
        const at = fromAfter(i + 1);
        if (at >= 0) push(tokens[at]!, 'static');
      }
    } else if (t.value === 'export' && (isPunct(next, '{') || isPunct(next, '*') || (isIdent(next, 'type') && (isPunct(tokens[i + 2], '{') || isPunct(tokens[i + 2], '*'))))) {
      const at = fromAfter(i + 1);
      if (at >= 0) push(tokens[at]!, 'static');
    } else if (t.value === 'require' && isPunct(next, '(') && tokens[i + 2]?.type === 'string' && isPunct(tokens[i + 3], ')')) {
      push(tokens[i + 2]!, 'require');
    }
  }
  return out;
}
