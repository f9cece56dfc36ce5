import { type Arg, baseName, isWide } from './command-checks.ts';
import {
  type Context,
  deeper,
  type Extra,
  type Flow,
  MAX_NESTING,
  opaque,
  push,
  TOO_DEEP,
} from './command-context.ts';
import { expandOne } from './command-expand.ts';
import { ranFile, UNNAMED, writtenFlow } from './command-files.ts';
import { codeFlow, runCode, stdinOf } from './command-flow.ts';
import { readOptions } from './command-options.ts';
import { literalWord } from './command-word.ts';
import { shellWord } from './shell-quote.ts';

// Programs that run a command for each of many inputs: xargs, GNU parallel and run-parts, and
// find's -exec for what it finds. Each runs the command through `ctx.runArgs`.

const EXEC = /^-(exec|execdir|ok|okdir)$/;
const FIND_FILTERS =
  /^-(i?name|i?path|i?wholename|i?regex|newer\w*|[acm](time|min)|size|empty|user|group|perm|links|inum|samefile)$/;

/** `xargs` runs its command with the words it reads appended (or put in place of `-I`'s string). */
export function runXargs(
  command: Arg[],
  values: Map<string, string>,
  flags: Set<string>,
  extra: Extra,
  ctx: Context,
): Flow {
  const list = values.get('a') ?? values.get('arg-file');
  const stdin =
    (list === undefined ? undefined : writtenFlow([list], ctx)) ??
    stdinOf(extra.redirects, ctx) ??
    extra.stdin;
  let items = stdin?.text !== undefined ? stdin.text.split(/\s+/).filter(Boolean) : stdin?.paths;
  if (items === undefined || items.length === 0) {
    if (baseName(command[0]?.text ?? '') === 'rm') {
      const texts = command.slice(1).map((a) => a.text);
      const read = readOptions(texts, {});
      if (read.flags.has('r') || read.flags.has('R') || read.flags.has('recursive'))
        push(
          ctx,
          'destructive',
          'xargs rm -r with names read from standard input that cannot be read before it runs',
        );
    }
    items = [UNNAMED];
  }
  const replace = values.get('I') ?? values.get('replace') ?? (flags.has('i') ? '{}' : undefined);
  const item = items.slice(0, 16);
  // Words read from a download or from hidden text carry it into the command (`xargs sh -c`).
  const fed = { download: stdin?.download, hidden: stdin?.hidden === true || stdin?.download !== undefined };
  const read = (a: Arg): Arg => (fed.hidden ? { ...a, ...fed, known: false, onlyExpansion: true } : a);
  const argv =
    replace === undefined
      ? [...command, ...item.map((t) => read(expandOne(literalWord(t), ctx)))]
      : command.map((a) =>
          a.text.includes(replace) ? read({ ...a, text: a.text.split(replace).join(item[0] ?? '') }) : a,
        );
  return ctx.runArgs(argv, { ...extra, stdin: undefined }, ctx);
}

// GNU parallel's options that take a value.
const PARALLEL_OPTIONS = {
  short: 'aCdEIjLnNPsSW',
  long: [
    'arg-file',
    'colsep',
    'delimiter',
    'eof',
    'replace',
    'jobs',
    'max-lines',
    'max-args',
    'max-chars',
    'sshlogin',
    'sshloginfile',
    'workdir',
    'joblog',
    'results',
    'timeout',
    'delay',
    'tmpdir',
    'halt',
    'basefile',
    'return',
    'env',
    'memfree',
    'load',
    'nice',
    'tagstring',
    'retries',
    'block',
  ],
};

/**
 * GNU `parallel [options] [command] ::: args` runs the command line once for each argument
 * (quoted, in place of `{}` or after the line), through a shell; without a command, each argument
 * is a command line. Arguments come after `:::`, from files after `::::` or `-a`, or from standard
 * input, as for xargs.
 */
export function runParallel(args: Arg[], extra: Extra, ctx: Context): Flow {
  const texts = args.map((a) => a.text);
  const literalArg = (text: string) => expandOne(literalWord(text), ctx);
  const read = readOptions(texts, PARALLEL_OPTIONS, true);
  const start = read.operands[0] ?? args.length;
  let end = texts.findIndex((t, n) => n >= start && /^::::?\+?$/.test(t));
  if (end < 0) end = args.length;
  const command = args.slice(start, end);
  const items: Arg[] = [];
  const files = [read.values.get('a') ?? read.values.get('arg-file')];
  for (let n = end, source = ''; n < args.length; n++) {
    const arg = args[n] as Arg;
    if (/^::::?\+?$/.test(arg.text)) source = arg.text;
    else if (source.startsWith('::::')) files.push(arg.text);
    else items.push(arg);
  }
  for (const file of files) {
    const flow = file === undefined ? undefined : writtenFlow([file], ctx);
    if (flow?.text !== undefined)
      for (const line of flow.text.split('\n')) if (line !== '') items.push(literalArg(line));
  }
  if (end === args.length && files[0] === undefined) {
    const stdin = stdinOf(extra.redirects, ctx) ?? extra.stdin;
    if (stdin?.text === undefined) return runXargs(command, new Map(), new Set(), extra, ctx);
    for (const line of stdin.text.split('\n')) if (line !== '') items.push(literalArg(line));
  }
  const replace = read.values.get('I') ?? read.values.get('replace') ?? '{}';
  for (const item of items.slice(0, 16)) {
    if (command.length === 0) {
      runCode(codeFlow([item]), ctx, 'parallel');
      continue;
    }
    const quoted = item.known ? shellWord(item.text) : '"$unknown"';
    const line = command.map((a) => a.text).join(' ');
    const text = line.includes(replace) ? line.split(replace).join(quoted) : `${line} ${quoted}`;
    runCode(command.every((a) => a.known) ? { text } : { hidden: true }, ctx, 'parallel');
  }
  return {};
}

/**
 * `run-parts dir` runs each program in dir whose name is letters, digits, `_` and `-` only (any
 * name with `--regex` or `--lsbsysinit`); `--test` and `--list` only name them.
 */
export function runParts(texts: string[], ctx: Context): void {
  if (texts.some((t) => t === '--test' || t === '--list')) return;
  const any = texts.some((t) => t.startsWith('--regex') || t === '--lsbsysinit');
  const dirs = texts.filter((t) => !t.startsWith('-')).map((t) => t.replace(/\/+$/, ''));
  for (const [name, paths] of ctx.written)
    if (any || /^[\w-]+$/.test(name))
      for (const path of paths.keys())
        if (dirs.some((dir) => path === `${dir}/${name}` || (dir === '.' && path === name)))
          ranFile(path, ctx);
}

export function findOwn(args: Arg[]): Arg[] {
  const own: Arg[] = [];
  for (let at = 0; at < args.length; at++) {
    const arg = args[at] as Arg;
    if (!EXEC.test(arg.text)) own.push(arg);
    else while (at + 1 < args.length && !/^[;+]$/.test((args[at + 1] as Arg).text)) at += 1;
  }
  return own;
}

export function runFind(args: Arg[], ctx: Context): Flow {
  const texts = args.map((a) => a.text);
  let k = 0;
  while (k < texts.length && !/^[-(!]/.test(texts[k] as string)) k += 1;
  const starts = k > 0 ? args.slice(0, k) : [expandOne(literalWord('.'), ctx)];
  const wide = starts.filter((a) => isWide(a.text, a.raw, ctx.cwd)).map((a) => a.text);
  const filtered = texts.some((t) => FIND_FILTERS.test(t));
  if (texts.includes('-delete') && (wide.length > 0 || !filtered))
    push(ctx, 'destructive', 'find deletes what it finds');
  // `-name x.sh`: what it finds is called that.
  const named = texts[texts.indexOf('-name') + 1];
  const found =
    wide[0] ??
    (texts.includes('-name') && named !== undefined && !/[*?[]/.test(named) ? `./${named}` : UNNAMED);
  // Each `-exec` runs up to its `;` or `+`; the words in between are its command, not find's.
  for (let at = 0; at < texts.length; at++) {
    if (!EXEC.test(texts[at] as string)) continue;
    let end = at + 1;
    while (end < texts.length && texts[end] !== ';' && texts[end] !== '+') end += 1;
    const command = args
      .slice(at + 1, end)
      .map((a) => (a.text.includes('{}') ? { ...a, text: a.text.split('{}').join(found) } : a));
    const nesting = ctx.nesting + 1;
    if (nesting > MAX_NESTING) opaque(ctx, TOO_DEEP);
    else ctx.runArgs(command, { redirects: [], groups: [], stdin: undefined }, { ...deeper(ctx), nesting });
    at = end;
  }
  return { paths: wide.length > 0 ? wide : [UNNAMED] };
}
