import { closingParen } from './command-closing.ts';
import { heredocDelimiter, type PendingHeredoc, readHeredocs } from './command-heredoc.ts';
import { readBacktick, readDollar, readDoubleQuoted } from './command-substitution.ts';
import { addText, type Token, type Word, type WordPart, word } from './command-word.ts';

// Longest first, so `&&` is read before `&` and `<<<` before `<<`.
const OPERATORS = [
  ';;&',
  '<<<',
  '<<-',
  '&>>',
  '&&',
  '||',
  ';;',
  ';&',
  '|&',
  '<<',
  '>>',
  '&>',
  '<&',
  '>&',
  '<>',
  '>|',
  ';',
  '&',
  '|',
  '(',
  ')',
  '<',
  '>',
];
// A carriage return is an ordinary word character to bash, not a blank: `true\r#` is one word.
const ENDS_WORD = new Set([';', '&', '|', '(', ')', '<', '>', ' ', '\t', '\n']);
const OPERATOR_START = new Set([';', '&', '|', '(', ')', '<', '>']);
// Characters that make a word more than plain text: quotes, escapes, expansions, globs, braces.
const SPECIAL_IN_WORD = new Set(['\\', "'", '"', '$', '`', '*', '?', '[', '{', ',', '}']);
// Sticky, so reading at an index does not copy the rest of the text.
const HEX = /x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}/y;
const OCTAL = /[0-7]{1,3}/y;

/**
 * Splits a shell script into words and operators the way a POSIX shell reads it: quotes, escapes,
 * `$'…'`, comments only where a word starts, newlines as command separators, heredoc bodies (a
 * `<<` target becomes its body), and `$( )`, backticks, `<( )` kept as scripts to look into,
 * also inside double quotes and unquoted heredocs, where the shell runs them too.
 *
 * @example
 * lexScript('echo "$(id)" # note').map((t) => t.kind); // ['word', 'word']
 */
export function lexScript(source: string): Token[] {
  // Bash drops NUL bytes from a script: `r\0m` runs `rm`.
  const text = source.includes('\0') ? source.replaceAll('\0', '') : source;
  const tokens: Token[] = [];
  const pending: PendingHeredoc[] = [];
  let heredocOp: string | undefined;
  // A file descriptor read just before a redirection operator (`2>`).
  let fd: number | undefined;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t') i += 1;
    else if (c === '\\' && text[i + 1] === '\n') i += 2;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i += 1;
    else if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n' });
      i = readHeredocs(text, i + 1, pending.splice(0), tokens);
    } else if ((c === '<' || c === '>') && text[i + 1] === '(') {
      const end = closingParen(text, i + 2);
      const part: WordPart = { kind: 'command', script: text.slice(i + 2, end), process: c };
      tokens.push({ kind: 'word', word: word([part], text.slice(i, end + 1), true) });
      fd = undefined;
      i = end + 1;
    } else {
      const op = OPERATOR_START.has(c) ? OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
      if (op !== undefined) {
        tokens.push(fd === undefined ? { kind: 'op', op } : { kind: 'op', op, fd });
        fd = undefined;
        if (op === '<<' || op === '<<-') heredocOp = op;
        i += op.length;
        continue;
      }
      const [read, end] = readWord(text, i);
      i = end;
      // `2>file`, `2>&1`: the digits name a file descriptor, they are not a word.
      if (/^\d+$/.test(read.raw) && (text[i] === '<' || text[i] === '>')) {
        fd = Number(read.raw);
        continue;
      }
      if (heredocOp !== undefined) {
        pending.push({
          index: tokens.length,
          delimiter: heredocDelimiter(read.raw),
          stripTabs: heredocOp === '<<-',
          quoted: /['"\\]/.test(read.raw),
        });
        heredocOp = undefined;
      }
      tokens.push({ kind: 'word', word: read });
    }
  }
  return tokens;
}

function readWord(text: string, start: number): [Word, number] {
  // Most words are plain text: read them without building parts character by character.
  let end = start;
  while (
    end < text.length &&
    !ENDS_WORD.has(text[end] as string) &&
    !SPECIAL_IN_WORD.has(text[end] as string)
  )
    end += 1;
  if (end > start && (end === text.length || ENDS_WORD.has(text[end] as string))) {
    const plain = text.slice(start, end);
    return [
      { parts: [{ kind: 'text', text: plain }], raw: plain, quoted: false, glob: false, braces: false },
      end,
    ];
  }
  const parts: WordPart[] = [];
  let quoted = false;
  let glob = false;
  let brace = 0;
  let i = start;
  const add = (t: string) => addText(parts, t);
  while (i < text.length && !ENDS_WORD.has(text[i] as string)) {
    const c = text[i] as string;
    if (c === '\\') {
      if (text[i + 1] === '\n') i += 2;
      else if (i + 1 < text.length) {
        add(text[i + 1] as string);
        quoted = true;
        i += 2;
      } else {
        add(c);
        i += 1;
      }
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      add(text.slice(i + 1, stop));
      quoted = true;
      i = stop + 1;
    } else if (c === '$' && text[i + 1] === "'") {
      const [decoded, end] = readAnsiC(text, i + 2);
      add(decoded);
      quoted = true;
      i = end;
    } else if (c === '"' || (c === '$' && text[i + 1] === '"')) {
      i = readDoubleQuoted(text, i + (c === '$' ? 2 : 1), '"', parts);
      quoted = true;
    } else if (c === '$') {
      i = readDollar(text, i, parts);
    } else if (c === '`') {
      i = readBacktick(text, i, parts);
    } else {
      if (c === '*' || c === '?' || c === '[') glob = true;
      if (c === '{') brace = Math.max(brace, 1);
      if (c === ',' && brace === 1) brace = 2;
      if (c === '}' && brace === 2) brace = 3;
      add(c);
      i += 1;
    }
  }
  return [word(parts, text.slice(start, i), quoted, glob, brace === 3), i];
}

const ANSI_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  v: '\v',
};

function readAnsiC(text: string, start: number): [string, number] {
  let out = '';
  let i = start;
  while (i < text.length && text[i] !== "'") {
    if (text[i] !== '\\') {
      out += text[i];
      i += 1;
      continue;
    }
    const c = text[i + 1] ?? '';
    HEX.lastIndex = i + 1;
    OCTAL.lastIndex = i + 1;
    const hex = HEX.exec(text)?.[0];
    const octal = OCTAL.exec(text)?.[0];
    if (hex !== undefined) {
      out += String.fromCodePoint(Number.parseInt(hex.slice(1), 16));
      i += 1 + hex.length;
    } else if (octal !== undefined) {
      out += String.fromCharCode(Number.parseInt(octal, 8));
      i += 1 + octal.length;
    } else {
      out += ANSI_ESCAPES[c] ?? c;
      i += 2;
    }
  }
  return [out, i + 1];
}
