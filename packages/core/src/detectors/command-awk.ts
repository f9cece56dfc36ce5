import type { Arg } from './command-checks.ts';
import { readOptions } from './command-options.ts';

/** An awk command line as awk reads it: its program, where its file operands start, `-i inplace`. */
export interface AwkCall {
  /** The program text (`-e`/`--source`, or the first operand); undefined when it is in a file. */
  source: string | undefined;
  /** The files it reads, or edits in place. */
  files: Arg[];
  /** gawk's `-i inplace`: every file is rewritten with what the program prints. */
  inPlace: boolean;
}

/** Reads awk's arguments: `-f` and `-e`/`--source` programs, `-i inplace`, the operands. */
export function readAwk(args: Arg[]): AwkCall {
  const read = readOptions(
    args.map((a) => a.text),
    { short: 'Ffvei', long: ['field-separator', 'file', 'assign', 'source', 'include'] },
  );
  const fromFile = read.values.has('f') || read.values.has('file');
  const program = read.values.get('e') ?? read.values.get('source');
  const operands = read.operands.map((i) => args[i] as Arg);
  const source = program ?? (fromFile ? undefined : operands.shift()?.text);
  const include = read.values.get('i') ?? read.values.get('include');
  return { source, files: operands.filter((a) => !a.text.includes('=')), inPlace: include === 'inplace' };
}

/** A `print` or `printf` statement of an awk program, as offsets into its source. */
export interface PrintStatement {
  start: number;
  end: number;
  /** The statement with the insides of its strings masked, so their `|` and `>` are text. */
  masked: string;
}

/**
 * The `print` and `printf` statements of an awk program, and its double-quoted strings as
 * `[start, end]`.
 */
export function printStatements(source: string): {
  statements: PrintStatement[];
  strings: [number, number][];
} {
  const strings = awkStrings(source);
  // Strings masked, so a `|` inside one is not a pipe; positions stay those of the source.
  let masked = '';
  let at = 0;
  for (const [start, end] of strings) {
    masked += `${source.slice(at, start)}"${'_'.repeat(end - start - 2)}"`;
    at = end;
  }
  masked += source.slice(at);
  const statements: PrintStatement[] = [];
  let end = -1;
  for (const match of masked.matchAll(/\bprintf?\b/g)) {
    const start = match.index;
    if (start <= end || !startsStatement(masked, start)) continue;
    end = start;
    while (end < masked.length && !';{}\n'.includes(masked[end] as string)) end += 1;
    statements.push({ start, end, masked: masked.slice(start, end) });
  }
  return { statements, strings };
}

/**
 * The files an awk program's `print … > "file"` and `>> "file"` write, as written in its
 * strings; a target that is not one string (`> $1`) is a name only the input knows.
 *
 * @example
 * awkWrites('BEGIN { print "x" >> "/etc/passwd" }'); // [{ file: '/etc/passwd', append: true }]
 */
export function awkWrites(source: string): { file: string; append: boolean }[] {
  const writes: { file: string; append: boolean }[] = [];
  for (const { start, end, masked } of printStatements(source).statements) {
    // `>` inside parentheses is a comparison: `print (a > b)`.
    let depth = 0;
    for (let i = 0; i < masked.length; i++) {
      const c = masked[i];
      if (c === '(') depth += 1;
      else if (c === ')') depth -= 1;
      else if (c === '>' && depth <= 0) {
        const append = masked[i + 1] === '>';
        const file = awkString(source.slice(start + i + (append ? 2 : 1), end));
        if (file !== undefined) writes.push({ file, append });
        break;
      }
    }
  }
  return writes;
}

/** The text of an expression that is one double-quoted awk string, escapes undone. */
export function awkString(expression: string): string | undefined {
  const match = /^\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(expression);
  return match === null ? undefined : (match[1] as string).replace(/\\(.)/g, '$1');
}

/**
 * The double-quoted strings of an awk program, as `[start, end]`. A string left open (or broken
 * by an escaped line break) is none, and no quote it escaped starts one either.
 */
function awkStrings(source: string): [number, number][] {
  const strings: [number, number][] = [];
  let i = source.indexOf('"');
  while (i >= 0) {
    let j = i + 1;
    while (j < source.length && source[j] !== '"') {
      if (source[j] === '\\') {
        if (j + 1 >= source.length || '\n\r\u2028\u2029'.includes(source[j + 1] as string)) break;
        j += 2;
      } else j += 1;
    }
    if (source[j] === '"') {
      strings.push([i, j + 1]);
      i = source.indexOf('"', j + 1);
    } else i = source.indexOf('"', j + 1);
  }
  return strings;
}

/** Whether a `print` begins a statement: at the start, or after `;`, `{`, `}` or a line break. */
function startsStatement(text: string, at: number): boolean {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1] as string)) {
    if (text[i - 1] === '\n') return true;
    i -= 1;
  }
  return i === 0 || ';{}'.includes(text[i - 1] as string);
}
