/**
 * A lexer of the strings and comments of languages read without a parser (Perl, Ruby, PHP, Lua,
 * R): enough to tell a call's literal arguments from code, and to know when it cannot.
 */

export interface Literal {
  start: number;
  end: number;
  /** The string's text; undefined when it interpolates or holds escapes not read here. */
  value: string | undefined;
}

export interface Lexed {
  /** The code with every string turned into STRING (or COMMAND) marks and comments into blanks. */
  marked: string;
  literals: Map<number, Literal>;
  /** Backtick strings: commands wherever they stand. */
  commands: Literal[];
  /** How many arguments each bracket holds, by the index where it opens. */
  argumentCounts: Map<number, number>;
}

export interface Syntax {
  /** Characters that open a string the same character closes. */
  quotes: string;
  /** Whether backticks run a command (else they quote a name, as in R). */
  backtickRuns: boolean;
  lineComments: string[];
  blockComment?: [string, string];
  /** Lua's `[[…]]` and `[==[…]==]`. */
  longBrackets?: boolean;
  /** Whether a string may run over a line break. */
  multiline: boolean;
  /**
   * Code (strings and comments masked) whose strings cannot be told apart here, or that can
   * change what a call's name means: nothing in it is followed.
   */
  bail: RegExp;
  decode(quote: string, body: string): string | undefined;
}

// Strings and backtick commands become these marks, so a pattern can find a call's literal
// arguments by their shape and nothing inside a string can look like code.
const STRING = '\uE000';
const FILL = '\uE001';
const COMMAND = '\uE002';
const MARKS = /[\uE000-\uE002]/;

/** The marked code with each string as `"` and each backtick command as `` ` ``, for bail patterns. */
export function shapeOf(marked: string): string {
  return marked.replace(/\uE000\uE001*/g, '"').replace(/\uE002\uE001*/g, '`');
}

/** Strings and comments of `code` by the language's rules; undefined when a string is left open. */
export function lex(code: string, syntax: Syntax): Lexed | undefined {
  if (MARKS.test(code)) return undefined;
  const literals = new Map<number, Literal>();
  const commands: Literal[] = [];
  let marked = '';
  let i = 0;
  const mark = (start: number, end: number, value: string | undefined, runs: boolean) => {
    const literal = { start, end, value };
    if (runs) commands.push(literal);
    else literals.set(start, literal);
    marked += (runs ? COMMAND : STRING) + FILL.repeat(end - start - 1);
  };
  while (i < code.length) {
    const c = code[i] as string;
    if (syntax.blockComment && code.startsWith(syntax.blockComment[0], i)) {
      const close = code.indexOf(syntax.blockComment[1], i + 2);
      if (close < 0) return undefined;
      const end = close + syntax.blockComment[1].length;
      marked += ' '.repeat(end - i);
      i = end;
      continue;
    }
    const comment = syntax.lineComments.find((opener) => code.startsWith(opener, i));
    if (comment !== undefined) {
      const long = syntax.longBrackets ? longBracket(code, i + comment.length) : undefined;
      if (long === null) return undefined;
      const end = long?.end ?? (code.indexOf('\n', i) < 0 ? code.length : code.indexOf('\n', i));
      marked += ' '.repeat(end - i);
      i = end;
      continue;
    }
    if (syntax.longBrackets && c === '[') {
      const long = longBracket(code, i);
      if (long === null) return undefined;
      if (long !== undefined) {
        mark(i, long.end, long.body.replace(/^\r?\n/, ''), false);
        i = long.end;
        continue;
      }
    }
    if (syntax.quotes.includes(c)) {
      let j = i + 1;
      while (j < code.length && code[j] !== c) {
        if (!syntax.multiline && code[j] === '\n') return undefined;
        j += code[j] === '\\' ? 2 : 1;
      }
      if (j >= code.length) return undefined;
      const runs = c === '`' && syntax.backtickRuns;
      const value = c === '`' && !runs ? undefined : syntax.decode(c, code.slice(i + 1, j));
      mark(i, j + 1, value, runs);
      i = j + 1;
      continue;
    }
    marked += c;
    i += 1;
  }
  return { marked, literals, commands, argumentCounts: argumentCounts(marked) };
}

/**
 * A Lua long bracket at `at` (`[[…]]`, `[==[…]==]`): its body and end; undefined when there is
 * none; null when one is opened and never closed.
 */
function longBracket(code: string, at: number): { body: string; end: number } | null | undefined {
  const open = /^\[(=*)\[/.exec(code.slice(at, at + 64));
  if (open === null) return undefined;
  const close = `]${open[1]}]`;
  const bodyStart = at + open[0].length;
  const end = code.indexOf(close, bodyStart);
  if (end < 0) return null;
  return { body: code.slice(bodyStart, end), end: end + close.length };
}

/**
 * How many arguments each bracket holds, by the index of its `(`, `[` or `{`, in one pass
 * (strings are masked, so their commas do not count).
 */
function argumentCounts(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') {
      open.push(i);
      counts.set(i, 1);
    } else if (c === ')' || c === ']' || c === '}') open.pop();
    else if (c === ',' && open.length > 0) {
      const at = open.at(-1) as number;
      counts.set(at, (counts.get(at) as number) + 1);
    }
  }
  return counts;
}
