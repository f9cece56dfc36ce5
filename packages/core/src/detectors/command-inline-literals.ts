import { type Lexed, lex, type Syntax, shapeOf } from './inline-string-lexer.ts';
import { shellLine } from './shell-quote.ts';

/** A language read without a parser, whose calls with literal arguments are followed. */
type LiteralLanguage =
  | 'perl'
  | 'ruby'
  | 'php'
  | 'lua'
  | 'r'
  | 'octave'
  | 'gnuplot'
  | 'slang'
  | 'scheme'
  | 'lisp'
  | 'julia'
  | 'haskell';

/** What the calls written out in literals do, and the code left for the capability words. */
export interface LiteralCalls {
  /** The code with each call followed here blanked out (same length, same offsets). */
  rest: string;
  /** Command lines the calls run (`system("ls -l")`, `` `id` ``). */
  commands: string[];
  /** Files the calls open: `<` to read, `>` to write over, `>>` to append. */
  files: { path: string; op: '<' | '>' | '>>' }[];
  /** Files the calls delete (`unlink("x")`). */
  deletes: string[];
}

const SCHEME = /^[a-z][a-z0-9+.-]+:/i;

/** Single quotes: only `\\` and `\'` are escapes. */
const single = (body: string) => body.replace(/\\([\\'])/g, '$1');
/** Double quotes and backticks, read only when they interpolate nothing and escape only quotes. */
const plain =
  (interpolates: RegExp) =>
  (quote: string, body: string): string | undefined => {
    if (quote === "'") return single(body);
    const otherEscape = quote === '`' ? /\\(?![\\`])/ : /\\(?![\\"])/;
    if (interpolates.test(body) || otherEscape.test(body)) return undefined;
    return body.replace(/\\(.)/g, '$1');
  };
const escapedQuotes = (_quote: string, body: string) =>
  /\\(?![\\"'])/.test(body) ? undefined : body.replace(/\\(.)/g, '$1');

const SYNTAX: Record<LiteralLanguage, Syntax> = {
  perl: {
    quotes: `'"\``,
    backtickRuns: true,
    lineComments: ['#'],
    multiline: true,
    // Regexes and quote-like operators (`/…/`, `m{…}`, `qq(…)`), heredocs, formats and POD
    // delimit strings their own way; `'` after a word is an old package separator.
    bail: /[/?]|=~|!~|<<|\$#|(?<![$@%&>\w-])(q|qq|qw|qx|qr|m|s|tr|y)\s*[^\w\s=]|__(END|DATA)__|^=\w|\bformat\b|\w"|\bsub\b/m,
    decode: plain(/[$@]/),
  },
  ruby: {
    quotes: `'"\``,
    backtickRuns: true,
    lineComments: ['#'],
    multiline: true,
    // Regexes, `%q(…)`-style literals, heredocs, character literals (`?'`); and definitions, which
    // can give `system` another meaning.
    bail: /[/%?]|<<|=~|^=begin|__END__|\b(def|alias\w*|define_method|class|module|instance_eval|class_eval|method_missing)\b/m,
    decode: plain(/#[{$@]/),
  },
  php: {
    quotes: `'"\``,
    backtickRuns: true,
    lineComments: ['//', '#'],
    blockComment: ['/*', '*/'],
    multiline: true,
    // Heredocs and a closing tag; and functions or namespaces, where `system()` can be
    // a function of the code's own.
    bail: /<<<|\?>|\b(function|fn|namespace)\b/i,
    decode: plain(/\$/),
  },
  lua: {
    quotes: `'"`,
    backtickRuns: false,
    lineComments: ['--'],
    longBrackets: true,
    multiline: false,
    // `os` or `io` given new functions.
    bail: /\b(os|io)\s*(\.\s*\w+\s*)?=(?!=)|\b(setmetatable|rawset)\b/,
    decode: escapedQuotes,
  },
  r: {
    quotes: `'"\``,
    backtickRuns: false,
    lineComments: ['#'],
    multiline: true,
    // Raw strings (`r"(…)"`); `system` given another meaning.
    bail: /\b[rR]"|\bsystem\s*(<-|=(?!=))|->\s*system\b|\bfunction\b|\bassign\b/m,
    decode: escapedQuotes,
  },
  // `'` is also Octave's transpose: code with one is not lexed.
  octave: {
    quotes: '"',
    backtickRuns: false,
    lineComments: ['#', '%'],
    multiline: false,
    bail: /'|\bfunction\b|\b(system|unix|shell_cmd)\s*=(?!=)/,
    decode: escapedQuotes,
  },
  gnuplot: {
    quotes: `'"\``,
    backtickRuns: true,
    lineComments: ['#'],
    multiline: false,
    // A function of the script's own named `system`.
    bail: /\bsystem\s*\([^)]*\)\s*=(?!=)/,
    decode: plain(/(?!)/),
  },
  // `'a'` is a character.
  slang: {
    quotes: '"',
    backtickRuns: false,
    lineComments: ['%'],
    multiline: false,
    bail: /'|\bdefine\b|\bsystem\s*=(?!=)/,
    decode: escapedQuotes,
  },
  // Definitions and assignments can give `system` another meaning; `#\"` is a character.
  scheme: {
    quotes: '"',
    backtickRuns: false,
    lineComments: [';'],
    blockComment: ['#|', '|#'],
    multiline: true,
    bail: /\b(define[\w-]*|let-syntax|letrec-syntax|set!|fluid-let|module)\b|#\\|#;/,
    decode: escapedQuotes,
  },
  lisp: {
    quotes: '"',
    backtickRuns: false,
    lineComments: [';'],
    blockComment: ['#|', '|#'],
    multiline: true,
    bail: /\b(def\w+|flet|labels|macrolet|symbol-macrolet|shadow\w*|in-package|setf|fdefinition)\b|#\.|#\\/i,
    decode: escapedQuotes,
  },
  // Backticks are command literals. `'` is a character or a transpose; triple quotes and string
  // macros (`raw"…"`) delimit strings their own way; definitions can give a name another meaning.
  julia: {
    quotes: '"`',
    backtickRuns: true,
    lineComments: ['#'],
    blockComment: ['#=', '=#'],
    multiline: true,
    bail: /'|""|``|\w["`]|\b(function|macro|module|struct|baremodule)\b|\b(run|rm|open|write)\s*(\([^)]*\)\s*)?=(?!=)/,
    decode: plain(/\$/),
  },
  // `'` is a character or part of a name (`x'`); `let` and `where` can give a name another meaning.
  haskell: {
    quotes: '"',
    backtickRuns: false,
    lineComments: ['--'],
    blockComment: ['{-', '-}'],
    multiline: false,
    bail: /'|\b(let|where)\b|\[\w*\|/,
    decode: escapedQuotes,
  },
};

type Effect =
  | { command: string }
  | { file: string; op: '<' | '>' | '>>' }
  | { deletes: string[] }
  | undefined;

/**
 * A call this reads: its name (a pattern ending where its arguments start), whether its whole
 * argument list must be literal (`all`, the call is then blanked to its end) or only the first
 * `count` arguments (blanked to the last of them, the rest left to be read), and what it does.
 */
interface Call {
  name: RegExp;
  count: number | 'all';
  /** `total` is how many arguments the call has in all, literal or not. */
  does: (values: string[], total: number) => Effect;
  /** Arguments are separated by white space, as in a list (`(system* "rm" "x")`), not commas. */
  spaced?: boolean;
}

const line = (values: string[]): Effect =>
  values.length === 1 ? { command: values[0] as string } : undefined;
/** `system LIST`: one string is a command line, several are the program and its words. */
const words = (values: string[]): Effect =>
  values.length === 0
    ? undefined
    : { command: values.length === 1 ? (values[0] as string) : shellLine(values) };
const reads = (values: string[]): Effect =>
  values[0] === undefined ? undefined : { file: values[0], op: '<' };
const writes = (values: string[]): Effect =>
  values[0] === undefined ? undefined : { file: values[0], op: '>' };
const deletes = (values: string[]): Effect => (values.length === 0 ? undefined : { deletes: values });

/**
 * A file opened with a mode string (`fopen`, `io.open`, `File.open`): any of `w a x c +` writes.
 * A mode that is not written out could be any of them.
 */
const opens = (values: string[], total: number): Effect => {
  const [path, mode = 'r'] = values;
  if (path === undefined || (values.length === 1 && total > 1)) return undefined;
  return { file: path, op: /[wxc+]/.test(mode) ? '>' : mode.includes('a') ? '>>' : '<' };
};

/** Perl's `open`: two arguments (`">/etc/passwd"`, `"cmd |"`) or three (`'<', $path`). */
const perlOpen = (values: string[]): Effect => {
  if (values.length === 2) {
    const [mode, target] = values as [string, string];
    const pipe = /^\s*(-\||\|-)\s*$/.test(mode);
    if (pipe) return { command: target };
    const op = /^\s*\+?(>>|>|<)(:\S*)?\s*$/.exec(mode)?.[1];
    return op === undefined ? undefined : { file: target, op: op as '<' | '>' | '>>' };
  }
  if (values.length !== 1) return undefined;
  const spec = (values[0] as string).trim();
  if (spec.startsWith('|')) return { command: spec.slice(1) };
  if (spec.endsWith('|')) return { command: spec.slice(0, -1) };
  const match = /^(\+?(?:>>|>|<))?\s*(.+)$/.exec(spec);
  if (match === null || (match[2] as string).startsWith('&')) return undefined;
  const op = (match[1]?.replace('+', '') ?? '<') as '<' | '>' | '>>';
  return { file: match[2] as string, op };
};

// A name not called as a method or through a variable (`$obj->system`, `Foo::system`, `$system`).
const PERL = String.raw`(?<![\w$@%&>:.-])`;
const RUBY = String.raw`(?<![\w.:@$])`;
const PHP = String.raw`(?<![\w$>:])\\?`;
const LUA = String.raw`(?<![\w.:])`;
const R = String.raw`(?<![\w.$@])`;
// A Haskell name, qualified or not (`System.Process.callCommand`), not a record field or a prime.
const HASKELL = String.raw`(?<![\w'.])(?:[A-Z]\w*\.)*`;
// C-like calls (`system("ls")`), and the head of a list (`(system "ls")`).
const C_LIKE = String.raw`(?<![\w.])`;
const LIST = String.raw`(?<=\(\s*)`;
const call = (prefix: string, name: string, flags = 'g') => new RegExp(`${prefix}(?:${name})\\b\\s*`, flags);

const CALLS: Record<LiteralLanguage, Call[]> = {
  perl: [
    { name: call(PERL, 'system|exec'), count: 'all', does: words },
    {
      name: new RegExp(`${PERL}open\\s*(?:\\(\\s*)?(?:my\\s+)?(?:\\$\\w+|[A-Za-z_]\\w*)\\s*,\\s*`, 'g'),
      count: 'all',
      does: perlOpen,
    },
    { name: call(PERL, 'unlink'), count: 'all', does: deletes },
  ],
  ruby: [
    { name: call(RUBY, 'system|exec|spawn'), count: 'all', does: words },
    { name: call(RUBY, String.raw`File\s*\.\s*(?:open|new)`), count: 2, does: opens },
    {
      name: call(RUBY, String.raw`File\s*\.\s*(?:read|readlines|foreach|binread|readable\?)`),
      count: 1,
      does: reads,
    },
    { name: call(RUBY, String.raw`File\s*\.\s*(?:write|binwrite)`), count: 1, does: writes },
    {
      name: call(
        RUBY,
        String.raw`File\s*\.\s*(?:delete|unlink)|FileUtils\s*\.\s*(?:rm|rm_f|rm_r|rm_rf|remove_dir|remove_entry)`,
      ),
      count: 'all',
      does: deletes,
    },
  ],
  php: [
    { name: call(PHP, 'system|exec|shell_exec|passthru|popen', 'gi'), count: 1, does: line },
    // Its fourth and fifth arguments set the directory and the environment the command runs in.
    {
      name: call(PHP, 'proc_open', 'gi'),
      count: 1,
      does: (values, total) => (total > 3 ? undefined : line(values)),
    },
    { name: call(PHP, 'file_get_contents|readfile|file', 'gi'), count: 1, does: reads },
    { name: call(PHP, 'file_put_contents', 'gi'), count: 1, does: writes },
    { name: call(PHP, 'fopen', 'gi'), count: 2, does: opens },
    { name: call(PHP, 'unlink', 'gi'), count: 1, does: deletes },
  ],
  lua: [
    { name: call(LUA, String.raw`os\s*\.\s*execute`), count: 'all', does: line },
    { name: call(LUA, String.raw`io\s*\.\s*popen`), count: 1, does: line },
    { name: call(LUA, String.raw`io\s*\.\s*open`), count: 2, does: opens },
    { name: call(LUA, String.raw`io\s*\.\s*lines`), count: 1, does: reads },
    { name: call(LUA, String.raw`os\s*\.\s*remove`), count: 'all', does: deletes },
  ],
  r: [{ name: call(R, 'system'), count: 'all', does: line }],
  octave: [
    { name: call(C_LIKE, 'system|unix|shell_cmd'), count: 1, does: line },
    { name: call(C_LIKE, 'fopen'), count: 2, does: opens },
    { name: call(C_LIKE, 'delete|unlink'), count: 1, does: deletes },
  ],
  gnuplot: [{ name: call(C_LIKE, 'system'), count: 1, does: line }],
  slang: [{ name: call(C_LIKE, 'system'), count: 1, does: line }],
  scheme: [
    { name: call(LIST, 'system|process'), count: 1, does: line },
    {
      name: new RegExp(`${LIST}(?:system|process)\\*\\s+`, 'g'),
      count: 'all',
      does: words,
      spaced: true,
    },
    { name: call(LIST, 'delete-file'), count: 1, does: deletes },
  ],
  lisp: [
    {
      name: call(LIST, '(?:(?:ext|si|uiop):)?(?:run-shell-command|shell|system|run-program)', 'gi'),
      count: 1,
      does: line,
    },
    { name: call(LIST, 'delete-file', 'gi'), count: 1, does: deletes },
  ],
  julia: [
    { name: call(C_LIKE, 'rm'), count: 1, does: deletes },
    { name: call(C_LIKE, 'open'), count: 2, does: opens },
    { name: call(C_LIKE, 'write'), count: 1, does: writes },
    { name: call(C_LIKE, 'read|readlines|readline|readchomp|eachline'), count: 1, does: reads },
  ],
  haskell: [
    { name: call(HASKELL, 'callCommand|system|spawnCommand|runCommand'), count: 1, does: line },
    {
      name: call(HASKELL, 'removeFile|removeDirectoryRecursive|removePathForcibly'),
      count: 1,
      does: deletes,
    },
    { name: call(HASKELL, 'readFile'), count: 1, does: reads },
    { name: call(HASKELL, 'writeFile'), count: 1, does: writes },
    {
      name: call(HASKELL, 'appendFile'),
      count: 1,
      does: (values) => ({ file: values[0] as string, op: '>>' }),
    },
  ],
};

/** Calls whose argument is a command literal (Julia's `run(\`ls\`)`): followed with it. */
const RUNNERS: Partial<Record<LiteralLanguage, RegExp>> = {
  julia: call(C_LIKE, String.raw`(?:Base\s*\.\s*)?(?:run|success|read|readchomp|readlines|eachline)`),
};

/**
 * The calls of a short program in Perl, Ruby, PHP, Lua, R, Octave, gnuplot, S-Lang, Scheme,
 * Common Lisp, Julia or Haskell that run a command, open a file or delete one with arguments written out as plain
 * strings (`system("ls -l")`, `(system* "ls" "-l")`,
 * `open(F, "<", "/etc/shadow")`, `` `id` ``), and the code left once they are taken out. Strings
 * are found by a lexer of each language's quotes and comments; code where that is not enough
 * (regex literals, heredocs, quote-like operators) or where the code could give those names
 * another meaning (definitions, assignments to `os`) has nothing followed.
 *
 * @example
 * literalCalls('php', 'echo shell_exec("ls -l");').commands; // ['ls -l']
 */
export function literalCalls(language: string, code: string): LiteralCalls {
  const none: LiteralCalls = { rest: code, commands: [], files: [], deletes: [] };
  // Other languages (AppleScript, Tcl) have no calls read here.
  if (!Object.hasOwn(SYNTAX, language)) return none;
  const syntax = SYNTAX[language as LiteralLanguage];
  const lexed = lex(code, syntax);
  if (lexed === undefined || syntax.bail.test(shapeOf(lexed.marked))) return none;
  const found: LiteralCalls = { rest: code, commands: [], files: [], deletes: [] };
  const blanks: [number, number][] = [];
  for (const command of lexed.commands) {
    if (command.value === undefined) continue;
    found.commands.push(command.value);
    blanks.push([command.start, command.end]);
  }
  const runner = RUNNERS[language as LiteralLanguage];
  for (const match of runner === undefined ? [] : lexed.marked.matchAll(runner)) {
    const open = match.index + match[0].length;
    const at = skipSpace(lexed.marked, open + 1);
    const literal = lexed.marked[open] === '(' ? lexed.commands.find((c) => c.start === at) : undefined;
    const close = literal === undefined ? -1 : skipSpace(lexed.marked, literal.end);
    if (literal?.value !== undefined && lexed.marked[close] === ')') blanks.push([match.index, close + 1]);
  }
  for (const { name, count, does, spaced = false } of CALLS[language as LiteralLanguage]) {
    for (const match of lexed.marked.matchAll(name)) {
      const read = readArguments(lexed, match.index + match[0].length, count, spaced);
      const effect = read === undefined ? undefined : does(read.values, read.total);
      // A URL or stream wrapper (`http://`, `php://`, `expect://`) is not a file.
      if (read === undefined || effect === undefined || ('file' in effect && SCHEME.test(effect.file)))
        continue;
      if ('command' in effect) found.commands.push(effect.command);
      else if ('file' in effect) found.files.push({ path: effect.file, op: effect.op });
      else found.deletes.push(...effect.deletes);
      blanks.push([match.index, read.end]);
    }
  }
  found.rest = blanked(code, blanks);
  return found;
}

/** The code with each `[start, end)` span turned to spaces, in one pass. */
function blanked(code: string, spans: [number, number][]): string {
  const pieces: string[] = [];
  let at = 0;
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    pieces.push(code.slice(at, from), ' '.repeat(end - from));
    at = end;
  }
  pieces.push(code.slice(at));
  return pieces.join('');
}

/**
 * The literal arguments from `at` (just past the name): all of them, in or out of brackets, up
 * to the end of the call, or the first `count`; undefined when one is not a plain string.
 */
function readArguments(
  lexed: Lexed,
  at: number,
  count: number | 'all',
  spaced: boolean,
): { values: string[]; end: number; total: number } | undefined {
  const text = lexed.marked;
  let i = at;
  const bracketed = text[i] === '(';
  const total = bracketed ? (lexed.argumentCounts.get(at) ?? 1) : 1;
  if (bracketed) i = skipSpace(text, i + 1);
  const values: string[] = [];
  let end = i;
  while (count === 'all' || values.length < count) {
    const literal = lexed.literals.get(i);
    if (literal === undefined || literal.value === undefined) break;
    values.push(literal.value);
    end = literal.end;
    const next = skipSpace(text, end);
    if (spaced && next > end && lexed.literals.has(next)) i = next;
    else if (text[next] !== ',') break;
    else i = skipSpace(text, next + 1);
  }
  if (values.length === 0) return undefined;
  if (count !== 'all') {
    // Later arguments stay to be read; a string that runs on (`"a" . $x`) is not the argument.
    const next = text[skipSpace(text, end)];
    // Julia's keyword arguments follow a `;` (`rm("x"; force=true)`); Haskell binds with `>>=`.
    const rest = text.slice(skipSpace(text, end), skipSpace(text, end) + 2);
    return next === ',' ||
      next === ')' ||
      next === ';' ||
      (!bracketed && (next === undefined || rest === '>>'))
      ? { values, end, total }
      : undefined;
  }
  const after = skipSpace(text, end);
  if (bracketed) return text[after] === ')' ? { values, end: after + 1, total } : undefined;
  // Without brackets the list ends with the statement (or `or die …`).
  return /^(?:$|[;})\n]|or\b|and\b|\|\||&&)/.test(text.slice(after, after + 3))
    ? { values, end, total }
    : undefined;
}

function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i] as string)) i += 1;
  return i;
}
