/** A piece of a shell word, as the shell sees it before it expands anything. */
export type WordPart =
  /** Text that stays as written (quoted or not). */
  | { kind: 'text'; text: string }
  /** `$NAME`, `${NAME}`, `$1`, `$@`: a parameter whose value is only known when it runs. */
  | { kind: 'var'; name: string }
  /**
   * `$( … )`, backticks, `<( … )` or `>( … )`: a script that runs first (`process` for the last
   * two: a `>( … )` script reads what the command writes to it).
   */
  | { kind: 'command'; script: string; process?: '<' | '>' }
  /**
   * `${x:-y}`, `$(( … ))` and the like; `scripts` are the substitutions inside it, `arithmetic`
   * the variables it evaluates as arithmetic (whose values bash evaluates in turn, array
   * subscripts and their substitutions included), `prompt` the variables it expands as a prompt
   * (`${x@P}`, which runs the substitutions in the value).
   */
  | { kind: 'opaque'; text: string; scripts: string[]; arithmetic: string[]; prompt: string[] }
  /** Text nested too deeply to read: it must be judged as code that cannot be read. */
  | { kind: 'unreadable'; text: string };

/** One word of a command line. */
export interface Word {
  /** The pieces of the word, quotes removed. */
  parts: WordPart[];
  /** The word as written. */
  raw: string;
  /** Whether any part was quoted or escaped (a quoted `{` or `#` is ordinary text). */
  quoted: boolean;
  /** Whether it has an unquoted `*`, `?` or `[`: a pattern the shell expands to file names. */
  glob: boolean;
  /** Whether it has unquoted `{`, `,` and `}`: a brace expansion (`{rm,-rf,/}` is three words). */
  braces: boolean;
}

/** A word, or an operator (`;`, `&&`, `|`, `(`, `>` …; a newline is `\n`). */
export type Token = { kind: 'word'; word: Word } | { kind: 'op'; op: string };

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
const SPECIAL_PARAMETER = /[@*#?$!\-0-9]/;
// Sticky, so reading at an index does not copy the rest of the text.
const NAME = /[A-Za-z_]\w*/y;
const HEX = /x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}/y;
const OCTAL = /[0-7]{1,3}/y;
// A name arithmetic evaluates: not the digits of `0x1f` or `16#ff`.
const ARITHMETIC_NAME = /(?<![\w#])[A-Za-z_]\w*/g;
const SIMPLE_PARAMETER = /^([A-Za-z_]\w*|\d+|[@*#?$!-])$/;
// `${!name[subscript]rest}`: an indirection, a name, an array subscript, and what follows.
const PARAMETER = /^([!#]?)([A-Za-z_]\w*)(?:\[([^\]]*)\])?([\s\S]*)$/;
// Beyond this many `${` or `$((` inside one another the rest is judged unreadable, not read: each
// level scans the rest of the text again, and no script needs more.
const MAX_NESTING = 16;
// Where a word can start, so `#` there begins a comment and `case`/`esac` are reserved words.
const COMMAND_START = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')']);
const CASE_WORD = /^(case|esac)([\s;&|()]|$)/;
let nesting = 0;

interface PendingHeredoc {
  index: number;
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

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
      i = end + 1;
    } else {
      const op = OPERATOR_START.has(c) ? OPERATORS.find((o) => text.startsWith(o, i)) : undefined;
      if (op !== undefined) {
        tokens.push({ kind: 'op', op });
        if (op === '<<' || op === '<<-') heredocOp = op;
        i += op.length;
        continue;
      }
      const [read, end] = readWord(text, i);
      i = end;
      // `2>file`, `2>&1`: the digits name a file descriptor, they are not a word.
      if (/^\d+$/.test(read.raw) && (text[i] === '<' || text[i] === '>')) continue;
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

/** The word's text with every expansion left as written (`$HOME`, `$(…)`). */
export function textOf(w: Word): string {
  return w.parts.map(partText).join('');
}

export function partText(part: WordPart): string {
  if (part.kind === 'text') return part.text;
  if (part.kind === 'var') return `$${part.name}`;
  if (part.kind === 'command') return `$(${part.script})`;
  return part.text;
}

/**
 * The parts of text the shell expands as in double quotes (a heredoc body, a prompt string):
 * parameters and substitutions, quotes kept as text.
 */
export function expansionParts(text: string): WordPart[] {
  const parts: WordPart[] = [];
  readDoubleQuoted(text, 0, '', parts);
  return parts;
}

/** An arithmetic expression as one part: the variables it evaluates and the substitutions in it. */
export function arithmeticOf(expression: string): WordPart {
  return nestedPart(expression, expression, [], true);
}

/** A heredoc's delimiter is its word after quote removal, never expanded: `<<${x}` ends at `${x}`. */
function heredocDelimiter(raw: string): string {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i] as string;
    if (c === '\\') {
      out += raw[i + 1] ?? '';
      i += 2;
    } else if (c === "'" || c === '"') {
      const end = raw.indexOf(c, i + 1);
      const stop = end < 0 ? raw.length : end;
      out += raw.slice(i + 1, stop);
      i = stop + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** A word of plain text, as a program receives an argument that is already split (argv). */
export function literalWord(text: string): Word {
  return { parts: [{ kind: 'text', text }], raw: text, quoted: true, glob: false, braces: false };
}

function word(parts: WordPart[], raw: string, quoted: boolean, glob = false, braces = false): Word {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.kind === 'text' && last?.kind === 'text') last.text += part.text;
    else merged.push(part.kind === 'text' ? { ...part } : part);
  }
  return { parts: merged, raw, quoted, glob, braces };
}

/** Appends text to the last part when it is text too: one part per run, not per character. */
function addText(parts: WordPart[], text: string): void {
  const last = parts[parts.length - 1];
  if (last?.kind === 'text') last.text += text;
  else parts.push({ kind: 'text', text });
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

/** Reads double-quoted text (or a heredoc body, `close` empty) into `parts`; returns the end. */
function readDoubleQuoted(text: string, start: number, close: string, parts: WordPart[]): number {
  let i = start;
  while (i < text.length && text[i] !== close) {
    const c = text[i] as string;
    if (c === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) {
      if (text[i + 1] !== '\n') addText(parts, text[i + 1] as string);
      i += 2;
    } else if (c === '$') i = readDollar(text, i, parts);
    else if (c === '`') i = readBacktick(text, i, parts);
    else {
      addText(parts, c);
      i += 1;
    }
  }
  return close === '' ? i : i + 1;
}

function readDollar(text: string, i: number, parts: WordPart[]): number {
  const next = text[i + 1] ?? '';
  if (text.startsWith('$((', i)) {
    // Arithmetic when the inner `(` closes right before the outer one; `$((a) )` is a subshell.
    const inner = closingParen(text, i + 3);
    if (text[inner + 1] === ')') {
      parts.push(nestedPart(text.slice(i, inner + 2), text.slice(i + 3, inner), [], true));
      return inner + 2;
    }
  }
  if (next === '(') {
    const end = closingParen(text, i + 2);
    parts.push({ kind: 'command', script: text.slice(i + 2, end) });
    return end + 1;
  }
  if (next === '{') {
    const end = closingBrace(text, i + 2);
    const inner = text.slice(i + 2, end);
    if (SIMPLE_PARAMETER.test(inner)) parts.push({ kind: 'var', name: inner });
    else parts.push(parameterPart(inner));
    return end + 1;
  }
  NAME.lastIndex = i + 1;
  const name = NAME.exec(text)?.[0];
  if (name !== undefined) {
    parts.push({ kind: 'var', name });
    return i + 1 + name.length;
  }
  if (SPECIAL_PARAMETER.test(next) && next !== '') {
    parts.push({ kind: 'var', name: next });
    return i + 2;
  }
  parts.push({ kind: 'text', text: '$' });
  return i + 1;
}

/**
 * `${…}` beyond a plain name. Bash evaluates array subscripts, `${x:offset:length}` and the
 * target of `${!x}` as arithmetic, and `${x@P}` expands the value as a prompt.
 */
function parameterPart(inner: string): WordPart {
  const match = PARAMETER.exec(inner);
  const arithmetic: string[] = [];
  const prompt: string[] = [];
  if (match !== null) {
    const [, bang = '', name = '', subscript = '', rest = ''] = match;
    arithmetic.push(...(subscript.match(ARITHMETIC_NAME) ?? []));
    if (bang === '!') arithmetic.push(name);
    if (rest.startsWith(':') && !/^:[-=?+]/.test(rest))
      arithmetic.push(...(rest.match(ARITHMETIC_NAME) ?? []));
    if (rest === '@P') prompt.push(name);
  }
  return nestedPart(`\${${inner}}`, inner, arithmetic, false, prompt);
}

/** An expansion with expansions inside it, read once; too deep a nesting is unreadable. */
function nestedPart(
  text: string,
  inner: string,
  arithmetic: string[],
  isArithmetic: boolean,
  prompt: string[] = [],
): WordPart {
  if (nesting >= MAX_NESTING) return { kind: 'unreadable', text };
  nesting += 1;
  let nested: WordPart[];
  try {
    nested = expansionParts(inner);
  } finally {
    nesting -= 1;
  }
  const scripts: string[] = [];
  for (const part of nested) {
    if (part.kind === 'unreadable') return { kind: 'unreadable', text };
    if (part.kind === 'text') {
      if (isArithmetic) arithmetic.push(...(part.text.match(ARITHMETIC_NAME) ?? []));
    } else if (part.kind === 'var') {
      if (isArithmetic) arithmetic.push(part.name);
    } else if (part.kind === 'command') scripts.push(part.script);
    else {
      scripts.push(...part.scripts);
      arithmetic.push(...part.arithmetic);
      prompt.push(...part.prompt);
    }
  }
  return { kind: 'opaque', text, scripts, arithmetic, prompt };
}

function readBacktick(text: string, i: number, parts: WordPart[]): number {
  let body = '';
  let j = i + 1;
  while (j < text.length && text[j] !== '`') {
    if (text[j] === '\\' && '`$\\'.includes(text[j + 1] ?? '')) {
      body += text[j + 1];
      j += 2;
    } else {
      body += text[j];
      j += 1;
    }
  }
  parts.push({ kind: 'command', script: body });
  return j + 1;
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

/** The index of the `)` that closes a `(` just before `start`, skipping quoted text. */
function closingParen(text: string, start: number): number {
  return closing(text, start, '(', ')');
}

/** The index of the `}` that closes a `{` just before `start`, skipping quoted text. */
function closingBrace(text: string, start: number): number {
  return closing(text, start, '{', '}');
}

function closing(text: string, start: number, open: string, close: string): number {
  const parens = open === '(';
  let depth = 1;
  // Paren depths at which a `case` is open: there a `)` ends a pattern, not the substitution.
  const cases: number[] = [];
  let i = start;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\') i += 2;
    else if (c === "'" || c === '"' || c === '`') i = skipQuoted(text, i);
    else if (c === open) {
      depth += 1;
      i += 1;
    } else if (c === close) {
      if (cases[cases.length - 1] !== depth && --depth === 0) return i;
      i += 1;
    } else if (parens && (c === '#' || c === 'c' || c === 'e') && wordStart(text, i, start)) {
      if (c === '#') while (i < text.length && text[i] !== '\n') i += 1;
      else if (CASE_WORD.test(text.slice(i, i + 5))) {
        if (c === 'c') cases.push(depth);
        else if (cases[cases.length - 1] === depth) cases.pop();
        i += 4;
      } else i += 1;
    } else i += 1;
  }
  return text.length;
}

function wordStart(text: string, i: number, start: number): boolean {
  return i === start || COMMAND_START.has(text[i - 1] as string);
}

function skipQuoted(text: string, i: number): number {
  const quote = text[i];
  let j = i + 1;
  while (j < text.length && text[j] !== quote) j += quote !== "'" && text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Reads the bodies of the heredocs opened on the line just ended; returns where the next line starts. */
function readHeredocs(text: string, start: number, pending: PendingHeredoc[], tokens: Token[]): number {
  let i = start;
  for (const heredoc of pending) {
    const lines: string[] = [];
    while (i < text.length) {
      const eol = text.indexOf('\n', i);
      const end = eol < 0 ? text.length : eol;
      let line = text.slice(i, end);
      if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
      i = end + 1;
      if (line === heredoc.delimiter) break;
      lines.push(line);
    }
    const body = lines.length > 0 ? `${lines.join('\n')}\n` : '';
    const parts: WordPart[] = [];
    if (heredoc.quoted) parts.push({ kind: 'text', text: body });
    else readDoubleQuoted(body, 0, '', parts);
    tokens[heredoc.index] = { kind: 'word', word: word(parts, body, heredoc.quoted) };
  }
  return Math.min(i, text.length);
}
