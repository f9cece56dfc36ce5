import { closingBrace, closingParen } from './command-closing.ts';
import { addText, type WordPart } from './command-word.ts';

const SPECIAL_PARAMETER = /[@*#?$!\-0-9]/;
// Sticky, so reading at an index does not copy the rest of the text.
const NAME = /[A-Za-z_]\w*/y;
// A name arithmetic evaluates: not the digits of `0x1f` or `16#ff`.
const ARITHMETIC_NAME = /(?<![\w#])[A-Za-z_]\w*/g;
const SIMPLE_PARAMETER = /^([A-Za-z_]\w*|\d+|[@*#?$!-])$/;
// `${!name[subscript]rest}`: an indirection, a name, an array subscript, and what follows.
const PARAMETER = /^([!#]?)([A-Za-z_]\w*)(?:\[([^\]]*)\])?([\s\S]*)$/;
// Beyond this many `${` or `$((` inside one another the rest is judged unreadable, not read: each
// level scans the rest of the text again, and no script needs more.
const MAX_NESTING = 16;
let nesting = 0;

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

/** Reads double-quoted text (or a heredoc body, `close` empty) into `parts`; returns the end. */
export function readDoubleQuoted(text: string, start: number, close: string, parts: WordPart[]): number {
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

export function readDollar(text: string, i: number, parts: WordPart[]): number {
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

export function readBacktick(text: string, i: number, parts: WordPart[]): number {
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
