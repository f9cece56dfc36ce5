import {
  type Arg,
  baseName,
  checkProgram,
  checkRedirect,
  downloadedFiles,
  isWide,
  trimEnd,
} from './command-checks.ts';
import { embeddedCode } from './command-embedded.ts';
import { arithmeticOf, expansionParts, literalWord, partText, type Word } from './command-lexer.ts';
import { readOptions } from './command-options.ts';
import {
  DECODERS,
  DOWNLOADERS,
  INTERPRETERS,
  PRIVILEGE,
  RESERVED,
  SHELLS,
  TAKES_NO_COMMAND,
  WIPERS,
  WRAPPERS,
} from './command-programs.ts';
import { type Command, type Pipeline, parseScript } from './command-syntax.ts';

/** What a command line can do that a policy may care about. */
export type CommandClass = 'destructive' | 'downloadExec' | 'privilege' | 'credentials' | 'network';

/** One thing a command line does, with a sentence naming the part that does it. */
export interface CommandFinding {
  /** What kind of effect it is. */
  class: CommandClass;
  /** A sentence naming the part of the command that does it. */
  reason: string;
}

/** What a command line runs and what it does. */
export interface CommandClassification {
  /** Every program it runs (basenames, wrappers such as sudo included), in order. */
  programs: string[];
  /** What the command line does that a policy may care about; empty when nothing. */
  findings: CommandFinding[];
}

/** What a command writes to standard output, as the next command of a pipeline (or `sh -c`) reads it. */
interface Flow {
  /** The downloader whose download it passes on. */
  download?: string | undefined;
  /** Its text, when it is known (`echo "rm -rf /"`). */
  text?: string | undefined;
  /** Text nobody can read before it runs: a decoder's output, a variable's unknown value. */
  hidden?: boolean;
  /** The paths `find` walks, when they are wide (for `find / | xargs rm -rf`). */
  paths?: string[];
}

interface Context {
  result: CommandClassification;
  level: number;
  /** Variables assigned earlier in the script; `undefined` for a value that is not known. */
  env: Map<string, string | undefined>;
  /** The directory a `cd` moved to, when it is known. */
  cwd: string | undefined;
  /** Basenames of the files downloaded so far. */
  downloaded: Set<string>;
  /** The function whose body is being read. */
  fn: string | undefined;
  /** Reading a guess (arguments of an unknown program): add findings, not programs. */
  quiet: boolean;
  /** How many commands run inside one another here (wrappers, `find -exec`, `xargs`). */
  nesting: number;
  /** Work left for the whole command line, shared by every nested reading. */
  budget: { work: number };
}

interface Extra {
  redirects: { op: string; arg: Arg }[];
  groups: Flow[];
  stdin: Flow | undefined;
}

const MAX_DEPTH = 6;
// Wrappers inside wrappers (`sudo sudo …`, `find -exec find -exec …`) beyond this are not read.
const MAX_NESTING = 200;
// Characters and words read in all, nested scripts included: the guard runs synchronously, so its
// work is capped, and what is beyond the cap is judged as code that cannot be read.
const MAX_WORK = 1_000_000;
// The longest value a variable is known to hold; a longer one is judged as a value not known
// (`a=$a$a` repeated doubles it each time).
const MAX_VALUE = 4096;
// Words one brace expansion may make; `{a,b}{a,b}…` makes more, and is judged unreadable.
const MAX_BRACE_WORDS = 256;
// What one word that an expansion makes costs from the work left, as characters.
const WORD_COST = 16;
const TOO_DEEP = 'commands nested too deeply to read';
const TOO_LONG = 'a command line too long to read';
const ASSIGNMENT = /^[A-Za-z_]\w*(\[[^\]]*\])?\+?=/;
const ALL_CLASSES: CommandClass[] = ['destructive', 'downloadExec', 'privilege', 'credentials', 'network'];
const EXEC = /^-(exec|execdir|ok|okdir)$/;
const FIND_FILTERS =
  /^-(i?name|i?path|i?wholename|i?regex|newer\w*|[acm](time|min)|size|empty|user|group|perm|links|inum|samefile)$/;
// Programs worth reading where an unknown program's arguments could be a command it runs.
const COMMAND_HEADS = new Set([
  'rm',
  'dd',
  'find',
  'chmod',
  'chown',
  'truncate',
  'eval',
  'cat',
  'cp',
  'tee',
  'xargs',
  'kill',
]);

/**
 * Classifies a shell command line by parsing it the way a shell does: words and quotes, newlines
 * and `;` between commands, pipelines, groups, functions, heredocs and here-strings, and the
 * scripts inside `$( )`, backticks and `<( )` (double-quoted ones too). It follows `sh -c`,
 * `eval`, `su -c`, wrappers (`timeout`, `env`, `xargs`, `find -exec`…) and literal variables into
 * what they run, and tracks `cd`, downloads and assignments across the script.
 *
 * What cannot be read before it runs gets every class, so the strictest effect configured
 * applies: a program named by an expansion that cannot be known (`$X -rf /`, `$(… | base64 -d)`),
 * a shell fed a script nobody can read first (`cat x | sh`, `sh -c "$X"`, `base64 -d … | sh`),
 * arithmetic on an unknown value, and a command line nested too deeply or too long to read.
 *
 * @example
 * classifyCommand('curl -s https://x.sh | sudo bash').findings.map((f) => f.class)
 * // ['privilege', 'network', 'downloadExec']
 */
export function classifyCommand(command: string): CommandClassification {
  const ctx = newContext();
  guarded(ctx, () => runScript(command, ctx));
  return finish(ctx);
}

/**
 * Classifies a command given as an argument vector (`['bash', '-c', 'rm -rf /']`): each item is
 * already one word, as `execve` receives it.
 *
 * @example
 * classifyArgv(['rm', '-rf', '/']).findings[0]?.class; // 'destructive'
 */
export function classifyArgv(argv: readonly string[]): CommandClassification {
  const ctx = newContext();
  guarded(ctx, () =>
    runArgs(
      argv.map((item) => expand(literalWord(item), ctx)[0] as Arg),
      { redirects: [], groups: [], stdin: undefined },
      ctx,
    ),
  );
  return finish(ctx);
}

/** A reading that fails (a stack too deep for this runtime) is judged as code that cannot be read. */
function guarded(ctx: Context, read: () => unknown): void {
  try {
    read();
  } catch {
    opaque(ctx, 'a command line that could not be read');
  }
}

/** Takes `amount` from the work left; when none is left, the rest is judged unreadable. */
function spend(ctx: Context, amount: number): boolean {
  const before = ctx.budget.work;
  ctx.budget.work -= amount;
  if (ctx.budget.work >= 0) return true;
  if (before >= 0) opaque(ctx, TOO_LONG);
  return false;
}

function newContext(): Context {
  return {
    result: { programs: [], findings: [] },
    level: 0,
    env: new Map(),
    cwd: undefined,
    downloaded: new Set(),
    fn: undefined,
    quiet: false,
    nesting: 0,
    budget: { work: MAX_WORK },
  };
}

function finish(ctx: Context): CommandClassification {
  if (ctx.budget.work < 0) opaque(ctx, TOO_LONG);
  const seen = new Set<string>();
  ctx.result.findings = ctx.result.findings.filter((f) => {
    const key = `${f.class}:${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return ctx.result;
}

function push(ctx: Context, cls: CommandClass, reason: string): void {
  if (ctx.quiet && cls === 'network') return;
  ctx.result.findings.push({ class: cls, reason });
}

/** Code that cannot be read before it runs could do anything: every class, the strictest decides. */
function opaque(ctx: Context, reason: string): void {
  for (const cls of ALL_CLASSES) push(ctx, cls, reason);
}

function deeper(ctx: Context, env = ctx.env): Context {
  return { ...ctx, level: ctx.level + 1, env: new Map(env), quiet: ctx.quiet };
}

function runScript(text: string, ctx: Context, stdin?: Flow): Flow {
  if (ctx.level > MAX_DEPTH) {
    opaque(ctx, TOO_DEEP);
    return { hidden: true };
  }
  if (!spend(ctx, text.length)) return { hidden: true };
  return runList(parseScript(text), ctx, stdin);
}

/** `stdin`: what the list reads (a `>( … )` script reads what its command writes). */
function runList(pipelines: Pipeline[], ctx: Context, stdin?: Flow): Flow {
  const flows = pipelines.map((pipeline) => runPipeline(pipeline, ctx, stdin));
  return {
    download: flows.find((f) => f.download)?.download,
    text: flows.length === 1 ? flows[0]?.text : undefined,
    hidden: flows.some((f) => f.hidden),
    paths: flows.flatMap((f) => f.paths ?? []),
  };
}

function runPipeline(pipeline: Pipeline, ctx: Context, input: Flow | undefined): Flow {
  let previous: Flow | undefined;
  // What any earlier command passes down the pipe (`curl … | tee x | sh`).
  let download: string | undefined = input?.download;
  let hidden = input?.hidden === true;
  for (const command of pipeline.commands) {
    const stdin: Flow | undefined =
      previous === undefined ? input : { download, text: previous.text, hidden, paths: previous.paths ?? [] };
    previous = runCommand(command, ctx, stdin);
    download ??= previous.download;
    hidden ||= previous.hidden === true;
  }
  // A function that starts copies of itself in the background or down a pipe multiplies.
  const { fn } = ctx;
  if (
    fn !== undefined &&
    (pipeline.commands.length > 1 || pipeline.next === '&') &&
    pipeline.commands.some(
      (c) => c.kind === 'simple' && c.words[0] !== undefined && partsText(c.words[0]) === fn,
    )
  ) {
    push(ctx, 'destructive', 'a fork bomb');
  }
  return { ...previous, download, hidden };
}

function runCommand(command: Command, ctx: Context, stdin: Flow | undefined): Flow {
  if (command.kind === 'unreadable') {
    opaque(ctx, command.reason);
    return { hidden: true };
  }
  if (command.kind === 'function') {
    runCommand(command.body, { ...ctx, fn: command.name }, undefined);
    return {};
  }
  if (command.kind === 'group') {
    const targets = command.redirects.flatMap((r) =>
      r.target ? [{ op: r.op, arg: expandOne(r.target, ctx) }] : [],
    );
    const flow = runList(command.body, ctx, stdinOf(targets, ctx) ?? stdin);
    for (const { op, arg } of targets) checkRedirect(op, arg, pusher(ctx), ctx.budget);
    runOutputs(
      targets.map((t) => t.arg),
      flow,
      stdin,
      ctx,
    );
    return flow;
  }
  const args = command.words.flatMap((w) => expand(w, ctx));
  const redirects = command.redirects.flatMap((r) =>
    r.target ? [{ op: r.op, arg: expandOne(r.target, ctx) }] : [],
  );
  const groups = command.groups.map((g) => runCommand(g, ctx, undefined));
  let i = 0;
  while (i < args.length && ASSIGNMENT.test((args[i] as Arg).text)) i += 1;
  if (i === args.length) {
    for (const arg of args) assign(arg, ctx);
    for (const { op, arg } of redirects) checkRedirect(op, arg, pusher(ctx), ctx.budget);
    return {};
  }
  const flow = runArgs(args.slice(i), { redirects, groups, stdin }, ctx);
  runOutputs([...args, ...redirects.map((r) => r.arg)], flow, stdin, ctx);
  return flow;
}

/** `>( … )` scripts read what the command writes, and what it passes on of its input (`tee`). */
function runOutputs(args: Arg[], flow: Flow, stdin: Flow | undefined, ctx: Context): void {
  const input: Flow = {
    download: flow.download ?? stdin?.download,
    text: flow.text,
    hidden: flow.hidden === true || stdin?.hidden === true,
  };
  for (const arg of args) for (const script of arg.outputs ?? []) runScript(script, deeper(ctx), input);
}

/**
 * Runs a command whose words are expanded: wrappers, then the program and what it does. Wrappers
 * are read in one pass over the words (`sudo timeout 5 nice rm …`), never by copying the rest.
 */
function runArgs(all: Arg[], extra: Extra, ctx: Context): Flow {
  if (!spend(ctx, all.length)) return { hidden: true };
  const allTexts = all.map((a) => a.text);
  let at = 0;
  let nesting = ctx.nesting;
  for (let first = true; ; first = false) {
    while (at < all.length && (RESERVED.has((all[at] as Arg).raw) || ASSIGNMENT.test(allTexts[at] as string)))
      at += 1;
    const head = all[at];
    if (head?.raw === 'for' || head?.raw === 'select') loopVariable(all.slice(at + 1), ctx);
    if (head === undefined || ['for', 'case', 'select', 'in', 'function'].includes(head.raw)) return {};
    if (first) for (const { op, arg } of extra.redirects) checkRedirect(op, arg, pusher(ctx), ctx.budget);
    if (!head.known) return runUnknown(all.slice(at), extra, ctx);
    const program = programName(head.text);
    const spec = Object.hasOwn(WRAPPERS, program) ? WRAPPERS[program] : undefined;
    if (program === 'su' || (program === 'runuser' && !allTexts.includes('-u', at + 1))) break;
    if (spec === undefined) break;
    const read = readOptions(allTexts, spec, true, at + 1);
    const start = (read.operands[0] ?? all.length) + (spec.operands ?? 0);
    if (spec.privilege || program === 'runuser') {
      note(ctx, program);
      push(ctx, 'privilege', `runs ${program}`);
    }
    if (program === 'setpriv') checkProgram(program, all.slice(at + 1), ctx.cwd, pusher(ctx), ctx.budget);
    const inline =
      program === 'env'
        ? (read.values.get('S') ?? read.values.get('split-string'))
        : program === 'flock'
          ? (read.values.get('c') ?? read.values.get('command'))
          : undefined;
    if (inline !== undefined) runCode({ text: inline }, ctx, program);
    if (start < all.length) {
      nesting += 1;
      if (nesting > MAX_NESTING) {
        opaque(ctx, TOO_DEEP);
        return { hidden: true };
      }
      const inner = { ...ctx, nesting };
      if (program === 'xargs') return runXargs(all.slice(start), read.values, read.flags, extra, inner);
      if (program === 'watch') return runCode(codeFlow(all.slice(start)), ctx, program);
      at = start;
      continue;
    }
    if (spec.privilege || inline !== undefined) return {};
    break;
  }
  const args = all.slice(at);
  const head = args[0] as Arg;
  const program = programName(head.text);
  const rest = args.slice(1);
  const texts = rest.map((a) => a.text);

  if (program === 'su' || program === 'runuser') {
    note(ctx, program);
    push(ctx, 'privilege', `runs ${program}`);
    const read = readOptions(texts, {
      short: 'cgGsw',
      long: ['command', 'session-command', 'group', 'shell'],
    });
    const code = read.values.get('c') ?? read.values.get('command') ?? read.values.get('session-command');
    if (code !== undefined) runCode(codeFlow(rest.filter((a) => a.text === code)), ctx, program);
    return {};
  }

  note(ctx, program);
  const flow: Flow = {};
  // `find`'s own words: the commands of its `-exec`s are judged when they run.
  checkProgram(program, program === 'find' ? findOwn(rest) : rest, ctx.cwd, pusher(ctx), ctx.budget);
  if (program === 'cd' || program === 'pushd') {
    const target = rest.find((a) => !a.text.startsWith('-'));
    ctx.cwd = target === undefined ? '~' : target.known ? cdTo(target.text, ctx.cwd) : undefined;
  }
  if (program === 'find') return runFind(rest, ctx);
  const embedded = embeddedCode(program, rest);
  if (embedded !== undefined) {
    for (const code of embedded.code)
      runCode(typeof code === 'string' ? { text: code } : codeFlow(code), ctx, program);
    if (embedded.unreadable !== undefined) opaque(ctx, embedded.unreadable);
    for (const code of embedded.piped ?? []) runScript(code, deeper(ctx), { hidden: true });
    const input = stdinOf(extra.redirects, ctx) ?? extra.stdin;
    if (embedded.readsStdin && input !== undefined)
      runCode(input.text === undefined && !input.hidden ? { hidden: true } : input, ctx, program);
  }
  forgetSet(program, rest, ctx);
  if (
    program === 'export' ||
    program === 'declare' ||
    program === 'local' ||
    program === 'readonly' ||
    program === 'typeset'
  )
    for (const arg of rest) if (ASSIGNMENT.test(arg.text)) assign(arg, ctx);

  // Downloads: what it passes on, and the files it writes for a later command to run.
  const redirected = extra.redirects
    .filter((r) => r.op === '>' || r.op === '>>' || r.op === '>|')
    .map((r) => r.arg.text);
  if (DOWNLOADERS.has(program)) {
    for (const file of downloadedFiles(program, texts, redirected)) ctx.downloaded.add(file);
    flow.download = program;
  }
  const stdin = stdinOf(extra.redirects, ctx) ?? extra.stdin;
  if (INTERPRETERS.has(program) || program === 'busybox') runsCode(program, rest, stdin, extra, ctx);
  else if (ctx.downloaded.has(baseName(head.text)) && head.text !== program)
    push(ctx, 'downloadExec', `runs ${head.text}, downloaded earlier in the same command`);
  if (program === 'echo' || program === 'printf') Object.assign(flow, printed(program, rest));
  if (program === 'cat' && rest.some((a) => ctx.downloaded.has(baseName(a.text))))
    flow.download = 'a download';
  if (DECODERS.has(program)) flow.hidden = true;
  if (!TAKES_NO_COMMAND.has(program) && !known(program)) scanArguments(rest, extra, ctx);
  return flow;
}

/**
 * A program whose name comes from an expansion that cannot be known (`$X -rf /`, `$(… | base64
 * -d)`, `$c` after `read c`) could be any program with any arguments: every class applies.
 */
function runUnknown(args: Arg[], extra: Extra, ctx: Context): Flow {
  const head = args[0] as Arg;
  note(ctx, head.text);
  if (head.download !== undefined)
    push(ctx, 'downloadExec', `runs the output of ${head.download} as a command`);
  opaque(ctx, `runs ${head.raw}, a program named by an expansion that cannot be known before it runs`);
  scanArguments(args.slice(1), extra, ctx);
  return head.download ? { download: head.download } : {};
}

/**
 * An unknown program may run its arguments as a command (`setsid rm -rf /`, `strace -f …`):
 * the first argument that names a program worth reading is read as the start of a command.
 */
function scanArguments(args: Arg[], extra: Extra, ctx: Context): void {
  const at = args.findIndex((a) => a.known && isCommandHead(baseName(a.text).toLowerCase()));
  if (at < 0) return;
  runArgs(args.slice(at), { ...extra, redirects: [] }, { ...ctx, quiet: true });
}

function isCommandHead(name: string): boolean {
  return (
    COMMAND_HEADS.has(name) ||
    WIPERS.has(name) ||
    name.startsWith('mkfs') ||
    SHELLS.has(name) ||
    PRIVILEGE.has(name) ||
    DOWNLOADERS.has(name) ||
    (Object.hasOwn(WRAPPERS, name) && WRAPPERS[name]?.privilege === true)
  );
}

function known(program: string): boolean {
  return (
    Object.hasOwn(WRAPPERS, program) ||
    INTERPRETERS.has(program) ||
    DOWNLOADERS.has(program) ||
    WIPERS.has(program) ||
    DECODERS.has(program) ||
    PRIVILEGE.has(program) ||
    COMMAND_HEADS.has(program)
  );
}

/** What an interpreter runs: a `-c` string, a script file, standard input, and substitutions. */
function runsCode(program: string, args: Arg[], stdin: Flow | undefined, extra: Extra, ctx: Context): void {
  const texts = args.map((a) => a.text);
  const fed = args.find((a) => a.download)?.download ?? extra.groups.find((g) => g.download)?.download;
  if (fed !== undefined) push(ctx, 'downloadExec', `runs the output of ${fed} as code`);
  let readsStdin = false;
  if (program === 'busybox') {
    if (args[0] !== undefined && SHELLS.has(texts[0] as string))
      runsCode(texts[0] as string, args.slice(1), stdin, extra, ctx);
    return;
  }
  if (SHELLS.has(program)) {
    // Options end at the script (or `-c`'s string): what follows is `$0`, `$1`…
    const read = readOptions(texts, { short: 'oO', long: ['rcfile', 'init-file'] }, true, 0, true);
    const [first] = read.operands;
    const positional = first === undefined ? [] : texts.map((_, n) => n).slice(first + 1);
    if ([...read.flags].some((f) => f === 'c' || f === 'command')) {
      if (first !== undefined)
        runCode(codeFlow([args[first] as Arg]), ctx, program, positionalEnv(args, positional, ctx));
    } else if (
      first === undefined ||
      read.flags.has('s') ||
      texts[first] === '-' ||
      texts[first] === '/dev/stdin'
    )
      readsStdin = true;
    else ranFile(texts[first] as string, ctx);
  } else if (program === 'pwsh' || program === 'powershell') {
    const at = texts.findIndex((t) => /^[-/](c|co|com|comm|comma|comman|command)$/i.test(t));
    if (texts.some((t) => /^[-/]e(c|n|nc|ncodedcommand)?$/i.test(t)))
      opaque(ctx, `${program} runs an encoded command that cannot be read before it runs`);
    else if (at >= 0 && texts[at + 1] === '-') readsStdin = true;
    else if (at >= 0) runCode(codeFlow(args.slice(at + 1)), ctx, program);
  } else if (program === 'cmd') {
    const at = texts.findIndex((t) => /^\/[ck]$/i.test(t));
    if (at >= 0) runCode(codeFlow(args.slice(at + 1)), ctx, program);
  } else if (program === 'eval') runCode(codeFlow(args), ctx, program);
  else if (program === 'source' || program === '.') {
    if (texts[0] === '/dev/stdin' || texts[0] === '-') readsStdin = true;
    else if (texts[0] !== undefined) ranFile(texts[0], ctx);
  } else if (program === 'iex' || program === 'invoke-expression') {
    if (args.length === 0) readsStdin = true;
    else runCode(codeFlow(args), ctx, program);
  } else {
    const read = readOptions(texts, { short: 'cemWXO' });
    const first = read.operands[0];
    if (first !== undefined && !['c', 'e', 'm'].some((f) => read.flags.has(f)))
      ranFile(texts[first] as string, ctx);
    else if (first === undefined && !['c', 'e', 'm'].some((f) => read.flags.has(f))) readsStdin = true;
  }
  if (stdin === undefined) return;
  if (stdin.download !== undefined) {
    push(ctx, 'downloadExec', `downloads with ${stdin.download} and pipes it into ${program}`);
  } else if (
    readsStdin &&
    (SHELLS.has(program) ||
      program === 'iex' ||
      program === 'invoke-expression' ||
      program === 'source' ||
      program === '.')
  ) {
    runCode(stdin.text === undefined && !stdin.hidden ? { hidden: true } : stdin, ctx, program);
  }
}

/**
 * The words after `sh -c script` are its `$0`, `$1`…; `$@` and `$*` are `$1`… joined, known only
 * when every one is.
 */
function positionalEnv(args: Arg[], indexes: number[], ctx: Context): Map<string, string | undefined> {
  const env = new Map(ctx.env);
  const values = indexes.map((index) => args[index] as Arg);
  for (const [n, arg] of values.entries()) env.set(String(n), arg.known ? stored(arg.text) : undefined);
  const rest = values.slice(1);
  const all = rest.every((a) => a.known) ? stored(rest.map((a) => a.text).join(' ')) : undefined;
  for (const name of ['@', '*']) env.set(name, all);
  env.set('#', String(rest.length));
  return env;
}

function ranFile(file: string, ctx: Context): void {
  if (ctx.downloaded.has(baseName(file)))
    push(ctx, 'downloadExec', `runs ${file}, downloaded earlier in the same command`);
}

/** Runs code given as text: a download, text nobody can read first, or a script to read. */
function runCode(flow: Flow, ctx: Context, via: string, env = ctx.env): Flow {
  if (flow.download !== undefined) push(ctx, 'downloadExec', `runs the output of ${flow.download} as code`);
  else if (flow.hidden) opaque(ctx, `${via} runs code that cannot be read before it runs`);
  else if (flow.text !== undefined) return runScript(flow.text, deeper(ctx, env));
  return {};
}

/** The code that words hold once expanded (the words of `eval`, the string of `sh -c`). */
function codeFlow(args: Arg[]): Flow {
  const download = args.find((a) => a.download)?.download;
  if (download !== undefined) return { download };
  if (args.some((a) => a.hidden)) return { hidden: true };
  const text = args.map((a) => a.text).join(' ');
  if (args.every((a) => a.known) || !args.every((a) => a.onlyExpansion)) return { text };
  // Only expansions: a variable's value is unknown; a command's output came from a program
  // already judged (`eval "$(ssh-agent -s)"`).
  return args.some((a) => !a.known && a.unknownVar) ? { hidden: true } : {};
}

/**
 * What a command reads from its redirections: a heredoc or here-string, the output of `< <( … )`,
 * or a file downloaded earlier. A file read otherwise is judged as running that file would be.
 */
function stdinOf(redirects: Extra['redirects'], ctx: Context): Flow | undefined {
  const input = redirects.filter((r) => ['<<', '<<-', '<<<', '<'].includes(r.op)).pop();
  if (input === undefined) return undefined;
  const { op, arg } = input;
  if (op !== '<') return codeFlow([arg]);
  if (arg.download !== undefined) return { download: arg.download };
  if (arg.raw.startsWith('<(')) return arg.hidden ? { hidden: true } : codeFlow([arg]);
  if (ctx.downloaded.has(baseName(arg.text))) return { download: 'a downloaded file' };
  return arg.known ? undefined : { hidden: true };
}

function printed(program: string, args: Arg[]): Flow {
  let words = args;
  if (program === 'echo')
    while (words[0] !== undefined && /^-[neE]+$/.test(words[0].text)) words = words.slice(1);
  const flow = codeFlow(words);
  if (program === 'printf' && flow.text !== undefined && words[0] !== undefined) {
    const values = words.slice(1).map((a) => a.text);
    const format = words[0].text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    flow.text = format.includes('%')
      ? format.replace(/%[-0-9.]*[sbdc]/g, () => values.shift() ?? '')
      : format;
  }
  return flow;
}

/** `xargs` runs its command with the words it reads appended (or put in place of `-I`'s string). */
function runXargs(
  command: Arg[],
  values: Map<string, string>,
  flags: Set<string>,
  extra: Extra,
  ctx: Context,
): Flow {
  const stdin = extra.stdin;
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
    items = ['./item'];
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
  return runArgs(argv, { ...extra, stdin: undefined }, ctx);
}

function findOwn(args: Arg[]): Arg[] {
  const own: Arg[] = [];
  for (let at = 0; at < args.length; at++) {
    const arg = args[at] as Arg;
    if (!EXEC.test(arg.text)) own.push(arg);
    else while (at + 1 < args.length && !/^[;+]$/.test((args[at + 1] as Arg).text)) at += 1;
  }
  return own;
}

function runFind(args: Arg[], ctx: Context): Flow {
  const texts = args.map((a) => a.text);
  let k = 0;
  while (k < texts.length && !/^[-(!]/.test(texts[k] as string)) k += 1;
  const starts = k > 0 ? args.slice(0, k) : [expandOne(literalWord('.'), ctx)];
  const wide = starts.filter((a) => isWide(a.text, a.raw, ctx.cwd)).map((a) => a.text);
  const filtered = texts.some((t) => FIND_FILTERS.test(t));
  if (texts.includes('-delete') && (wide.length > 0 || !filtered))
    push(ctx, 'destructive', 'find deletes what it finds');
  const found = wide[0] ?? './found';
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
    else runArgs(command, { redirects: [], groups: [], stdin: undefined }, { ...deeper(ctx), nesting });
    at = end;
  }
  return { paths: wide.length > 0 ? wide : ['./found'] };
}

/**
 * Builtins that set variables to values read at run time (`read c`, `printf -v c`, `mapfile a`):
 * a value assigned earlier is no longer known.
 */
function forgetSet(program: string, args: Arg[], ctx: Context): void {
  const texts = args.map((a) => a.text);
  let names: string[] = [];
  if (program === 'read') {
    const read = readOptions(texts, { short: 'adinNptu' });
    names = [...read.operands.map((i) => texts[i] as string), read.values.get('a') ?? ''];
    if (read.operands.length === 0) names.push('REPLY');
  } else if (program === 'printf') names = [readOptions(texts, { short: 'v' }).values.get('v') ?? ''];
  else if (program === 'mapfile' || program === 'readarray') {
    const read = readOptions(texts, { short: 'dnOstuC' });
    names = [texts[read.operands[0] ?? -1] ?? 'MAPFILE'];
  } else if (program === 'getopts') names = [texts[1] ?? ''];
  else if (program === 'unset' || program === 'let') names = texts.map((t) => /^\w*/.exec(t)?.[0] ?? '');
  for (const name of names) {
    const bracket = name.indexOf('[');
    if (name !== '') ctx.env.set(bracket < 0 ? name : name.slice(0, bracket), undefined);
  }
}

function programName(text: string): string {
  return baseName(text)
    .toLowerCase()
    .replace(/\.exe$/, '');
}

/** `for name in words`: the name holds one of the words; known only when they are plain. */
function loopVariable(args: Arg[], ctx: Context): void {
  const name = args[0]?.text;
  if (name === undefined || !/^[A-Za-z_]\w*$/.test(name)) return;
  const words = args[1]?.raw === 'in' ? args.slice(2) : [];
  const plain = words.every((a) => a.known && /^[\w.,:@%/+-]*$/.test(a.text));
  ctx.env.set(name, plain ? stored(words[0]?.text ?? '') : undefined);
}

function cdTo(target: string, cwd: string | undefined): string | undefined {
  if (/^([/~]|\$HOME)/.test(target)) return target;
  if (target === '..' || cwd === undefined) return target === '..' ? '..' : undefined;
  return `${trimEnd(cwd, '/')}/${target}`;
}

function assign(arg: Arg, ctx: Context): void {
  const eq = arg.text.indexOf('=');
  const name = arg.text.slice(0, eq).replace(/\+$/, '');
  ctx.env.set(name, arg.known ? stored(arg.text.slice(eq + 1)) : undefined);
}

/** A value as a variable holds it: one longer than `MAX_VALUE` is not known. */
function stored(value: string): string | undefined {
  return value.length > MAX_VALUE ? undefined : value;
}

function note(ctx: Context, program: string): void {
  if (!ctx.quiet) ctx.result.programs.push(program);
}

function pusher(ctx: Context) {
  return (cls: CommandClass, reason: string) => push(ctx, cls, reason);
}

function partsText(word: Word): string {
  return word.parts.map(partText).join('');
}

function expandOne(word: Word, ctx: Context): Arg {
  return expand(word, ctx, false)[0] as Arg;
}

/**
 * Expands a word as far as can be known: literal variables set earlier, the output of `echo` or
 * `printf` substitutions, brace expansion, `$IFS` splitting; and runs every substitution inside
 * it, those that arithmetic or a prompt expansion evaluate included.
 */
function expand(word: Word, ctx: Context, split = true): Arg[] {
  let text = '';
  let knownText = true;
  let unknownVar = false;
  let hidden = false;
  let download: string | undefined;
  let onlyExpansion = word.parts.length > 0;
  // `"$@"` is one word per positional parameter, quoted or not.
  let positional = false;
  const vars: string[] = [];
  const outputs: string[] = [];
  const unknown = (written: string) => {
    text += written;
    knownText = false;
  };
  for (const part of word.parts) {
    if (part.kind === 'text') {
      text += part.text;
      if (part.text.trim() !== '') onlyExpansion = false;
    } else if (part.kind === 'var') {
      vars.push(part.name);
      positional ||= part.name === '@' || part.name === '*';
      const value = ctx.env.get(part.name);
      // Each expansion is work: `echo $a $a …` reads the value as often as it is written.
      if (value !== undefined && spend(ctx, value.length)) text += value;
      else {
        unknown(`$${part.name}`);
        unknownVar = true;
      }
    } else if (part.kind === 'command' && part.process === '>') {
      // It reads what the command writes: run once the command is known (`curl … > >(sh)`).
      outputs.push(part.script);
      unknown(partText(part));
    } else if (part.kind === 'command') {
      const flow = runScript(part.script, deeper(ctx));
      download ??= flow.download;
      hidden ||= flow.hidden === true;
      if (flow.text !== undefined && !flow.hidden) text += trimEnd(flow.text, '\n');
      else unknown(partText(part));
    } else if (part.kind === 'unreadable') {
      opaque(ctx, TOO_DEEP);
      hidden = true;
      unknown(part.text);
    } else {
      for (const script of part.scripts) {
        const flow = runScript(script, deeper(ctx));
        download ??= flow.download;
        hidden ||= flow.hidden === true;
      }
      evaluateArithmetic(part.arithmetic, ctx, new Set());
      for (const name of part.prompt) expandPrompt(name, ctx);
      unknown(part.text);
      unknownVar = true;
    }
  }
  const arg: Arg = {
    text,
    raw: word.raw,
    known: knownText,
    glob: word.glob,
    vars,
    download,
    hidden,
    onlyExpansion,
    unknownVar,
    outputs,
  };
  // An unquoted expansion is split into words at `$IFS`: `$(echo rm -rf /)` is three.
  if (split && (!word.quoted || positional) && word.parts.some((p) => p.kind !== 'text')) {
    const ifs = ctx.env.has('IFS') ? ctx.env.get('IFS') : ' \t\n';
    if (ifs === undefined) return [{ ...arg, known: false, unknownVar: true }];
    if (knownText) {
      const fields = splitFields(text, ifs);
      // Each word made is work too: a value of many words is as costly as its text is long.
      if (!spend(ctx, fields.length * WORD_COST)) return [{ ...arg, known: false, unknownVar: true }];
      if (fields.length > 1) return fields.map((t) => ({ ...arg, text: t }));
    }
  }
  if (split && word.braces && knownText) {
    const words = braceExpand(text, ctx);
    if (words !== undefined) return words.map((t) => ({ ...arg, text: t }));
    opaque(ctx, 'a brace expansion too large to read');
    return [{ ...arg, known: false }];
  }
  return [arg];
}

function splitFields(text: string, ifs: string): string[] {
  if (ifs === '') return [text];
  const separators = new Set(ifs);
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    const c =
      code >= 0xd800 && code < 0xdc00
        ? String.fromCodePoint(text.codePointAt(i) as number)
        : (text[i] as string);
    const end = i + c.length;
    if (separators.has(c)) {
      if (i > start || !/\s/.test(c)) fields.push(text.slice(start, i));
      start = end;
    }
    i = end;
  }
  if (start < text.length) fields.push(text.slice(start));
  return fields;
}

// Parameters bash always holds a number in: arithmetic on them evaluates nothing else.
const NUMERIC_PARAMETER =
  /^([#?$!]|RANDOM|SRANDOM|SECONDS|LINENO|BASHPID|PPID|UID|EUID|EPOCHSECONDS|OPTIND|SHLVL|COLUMNS|LINES)$/;

/**
 * Arithmetic evaluates each variable's value as an expression in turn, array subscripts included,
 * so `x='a[$(rm -rf /)]'; echo $((x))` runs the substitution: a value nobody can know is unreadable.
 */
function evaluateArithmetic(names: string[], ctx: Context, seen: Set<string>): void {
  for (const name of names) {
    if (seen.has(name) || NUMERIC_PARAMETER.test(name)) continue;
    seen.add(name);
    const value = ctx.env.get(name);
    if (value === undefined) {
      opaque(ctx, `arithmetic on $${name}, whose value cannot be known before it runs`);
      return;
    }
    const part = arithmeticOf(value);
    if (part.kind === 'unreadable') opaque(ctx, TOO_DEEP);
    else if (part.kind === 'opaque') {
      for (const script of part.scripts) runScript(script, deeper(ctx));
      evaluateArithmetic(part.arithmetic, ctx, seen);
    }
  }
}

/** `${x@P}` expands the value as a prompt, substitutions included: read it as double-quoted text. */
function expandPrompt(name: string, ctx: Context): void {
  const value = ctx.env.get(name);
  if (value === undefined || ctx.level > MAX_DEPTH)
    opaque(ctx, `\${${name}@P} expands a value that cannot be known before it runs`);
  else
    expand(
      { parts: expansionParts(value), raw: value, quoted: true, glob: false, braces: false },
      deeper(ctx),
    );
}

/**
 * `a{b,c}d` is `abd acd`, nested groups included (`x{y{a,b},z}` is `xya xyb xz`). Words are made
 * one at a time, each charged to the work left, and no more than `MAX_BRACE_WORDS` of them: a word
 * that makes more (`{a,b}{a,b}…` doubles with each group) is undefined, not read in part.
 */
function braceExpand(text: string, ctx: Context): string[] | undefined {
  const words: string[] = [];
  const pending = [text];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (!spend(ctx, next.length)) return undefined;
    const group = braceGroup(next);
    if (group === undefined) words.push(next);
    else {
      const [open, close] = group;
      const before = next.slice(0, open);
      const after = next.slice(close + 1);
      const items = next.slice(open + 1, close).split(',');
      // Every word waiting makes one word at least.
      if (words.length + pending.length + items.length > MAX_BRACE_WORDS) return undefined;
      for (let k = items.length - 1; k >= 0; k--) pending.push(`${before}${items[k]}${after}`);
    }
  }
  return words;
}

/** The first `{…}` holding a comma and no other brace, as `[open, close]`. */
function braceGroup(text: string): [number, number] | undefined {
  let open = -1;
  let comma = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      open = i;
      comma = false;
    } else if (c === '}') {
      if (open >= 0 && comma) return [open, i];
      open = -1;
    } else if (c === ',') comma = true;
  }
  return undefined;
}
