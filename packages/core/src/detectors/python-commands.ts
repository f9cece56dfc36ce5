import { isOp, type PyToken } from './python-lexer.ts';
import { shellLine } from './shell-quote.ts';

/**
 * How a call that starts a process names its command: `line` takes a command line
 * (`os.system('ls -l')`), `argv` a command line or a list of words (`subprocess.run(['ls', '-l'])`),
 * `execl` a path, then argv[0], then the arguments (`os.execl('/bin/ls', 'ls', '-l')`), `execv` a
 * path and a list starting with argv[0], `words` the program and its arguments one by one.
 */
type CommandForm = 'line' | 'argv' | 'execl' | 'execv' | 'words';

const COMMAND_CALLS = new Map<string, CommandForm>([
  ['os.system', 'line'],
  ['os.popen', 'line'],
  ['subprocess.getoutput', 'line'],
  ['subprocess.getstatusoutput', 'line'],
  ['asyncio.create_subprocess_shell', 'line'],
  ['subprocess.run', 'argv'],
  ['subprocess.call', 'argv'],
  ['subprocess.check_call', 'argv'],
  ['subprocess.check_output', 'argv'],
  ['subprocess.Popen', 'argv'],
  ['pty.spawn', 'argv'],
  ['os.execl', 'execl'],
  ['os.execlp', 'execl'],
  ['os.execv', 'execv'],
  ['os.execvp', 'execv'],
  ['asyncio.create_subprocess_exec', 'words'],
]);

// Keyword arguments that change neither which program runs, nor where, nor with what environment
// (`executable=`, `cwd=`, `env=`, `preexec_fn=`, `user=` do, and make the command unknown).
const PLAIN_KEYWORDS = new Set([
  'shell',
  'check',
  'capture_output',
  'text',
  'universal_newlines',
  'timeout',
  'stdin',
  'stdout',
  'stderr',
  'input',
  'encoding',
  'errors',
  'bufsize',
  'close_fds',
  'start_new_session',
  'mode',
  'buffering',
]);

/** One argument of a call: a string, a list (or tuple) of strings, or something else. */
type Value = { string: string } | { list: string[] } | { other: true };

/**
 * The command line a call starts, when the code writes it out in literals: `os.system('ls -l')`
 * → `ls -l`, `subprocess.run(['git', 'status'], check=True)` → `git status`. Undefined for any
 * other call, for a command built at run time (a variable, an f-string with fields, a `+`), and
 * for keyword arguments that change what runs (`executable=`, `cwd=`, `env=`).
 *
 * `open` is the index of the call's `(`; `close` that of its `)`.
 */
export function spawnedCommand(
  tokens: readonly PyToken[],
  qualified: string,
  open: number,
  close: number,
): string | undefined {
  const form = COMMAND_CALLS.get(qualified);
  if (form === undefined || close < 0) return undefined;
  const positional: Value[] = [];
  let shell: boolean | undefined = false;
  for (const [start, end] of argumentSpans(tokens, open, close)) {
    const first = tokens[start];
    if (first?.kind === 'name' && isOp(tokens[start + 1], '=')) {
      if (!PLAIN_KEYWORDS.has(first.text)) return undefined;
      if (first.text === 'shell') shell = boolean(tokens, start + 2, end);
      continue;
    }
    // `*args`, `**options`: what they hold is not written here.
    if (isOp(first, '*') || isOp(first, '**')) return undefined;
    positional.push(argumentValue(tokens, start, end));
  }
  const [head, second] = positional;
  const strings = positional.map((v) => ('string' in v ? v.string : undefined));
  switch (form) {
    case 'line':
      return head !== undefined && 'string' in head ? head.string : undefined;
    case 'argv':
      // subprocess's second positional argument is `bufsize`, its third `executable`.
      if (head === undefined || (positional.length > 1 && qualified !== 'pty.spawn')) return undefined;
      if ('string' in head) return head.string;
      if (!('list' in head) || head.list.length === 0) return undefined;
      // With the shell, the first word is the command line and the rest its `$0`, `$1`…
      if (shell === undefined || (shell && head.list.length > 1)) return undefined;
      return shell ? head.list[0] : shellLine(head.list);
    case 'execl':
      if (strings.length < 2 || strings.some((s) => s === undefined)) return undefined;
      return shellLine([strings[0] as string, ...(strings.slice(2) as string[])]);
    case 'execv':
      if (head === undefined || !('string' in head) || second === undefined || !('list' in second))
        return undefined;
      return shellLine([head.string, ...second.list.slice(1)]);
    case 'words':
      if (strings.length === 0 || strings.some((s) => s === undefined)) return undefined;
      return shellLine(strings as string[]);
  }
}

/** The `[start, end)` token spans of a call's arguments, split at its top-level commas. */
function argumentSpans(tokens: readonly PyToken[], open: number, close: number): [number, number][] {
  const spans: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < close; i++) {
    const token = tokens[i] as PyToken;
    if (token.kind !== 'op') continue;
    if (token.text === '(' || token.text === '[' || token.text === '{') depth += 1;
    else if (token.text === ')' || token.text === ']' || token.text === '}') depth -= 1;
    else if (token.text === ',' && depth === 0) {
      spans.push([start, i]);
      start = i + 1;
    }
  }
  // A trailing comma leaves an empty span, which is no argument.
  if (start < close) spans.push([start, close]);
  return spans;
}

/** A string literal alone, a list or tuple of string literals alone, or something else. */
function argumentValue(tokens: readonly PyToken[], start: number, end: number): Value {
  const first = tokens[start];
  if (first?.kind === 'string' && end === start + 1) return { string: first.text };
  const bracket = isOp(first, '[') ? ']' : isOp(first, '(') ? ')' : undefined;
  if (bracket === undefined || !isOp(tokens[end - 1], bracket)) return { other: true };
  const list: string[] = [];
  for (let i = start + 1; i < end - 1; i += 2) {
    const item = tokens[i];
    const after = tokens[i + 1];
    if (item?.kind !== 'string' || !(i + 1 === end - 1 || isOp(after, ','))) return { other: true };
    list.push(item.text);
  }
  // `('ls')` is a string in brackets, not a tuple.
  if (bracket === ')' && list.length === 1 && !isOp(tokens[end - 2], ','))
    return { string: list[0] as string };
  return { list };
}

/** `True` or `False` written out; undefined for anything computed. */
function boolean(tokens: readonly PyToken[], start: number, end: number): boolean | undefined {
  const token = tokens[start];
  if (end !== start + 1 || token?.kind !== 'name') return undefined;
  return token.text === 'True' ? true : token.text === 'False' ? false : undefined;
}
