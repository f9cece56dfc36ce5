import type { Arg } from './command-checks.ts';
import type { Written } from './command-files.ts';

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
export interface Flow {
  /** The downloader whose download it passes on. */
  download?: string | undefined;
  /** Its text, when it is known (`echo "rm -rf /"`). */
  text?: string | undefined;
  /** Text nobody can read before it runs: a decoder's output, a variable's unknown value. */
  hidden?: boolean;
  /** The paths `find` walks, when they are wide (for `find / | xargs rm -rf`). */
  paths?: string[];
  /**
   * The known parts of its text when the rest is not known (`(crontab -l; echo '…')`), for what
   * judges known text and leaves unknown text alone (a crontab's existing lines).
   */
  partial?: string | undefined;
}

export interface Context {
  result: CommandClassification;
  level: number;
  /** Variables assigned earlier in the script; `undefined` for a value that is not known. */
  env: Map<string, string | undefined>;
  /** The directory a `cd` moved to, when it is known. */
  cwd: string | undefined;
  /** Where relative `cd`s moved from a directory not known (`.git/hooks`), to name files by. */
  dir: string | undefined;
  /** Basenames of the files downloaded so far. */
  downloaded: Set<string>;
  /** Directories a `git clone` earlier in the script made (relative to where it started). */
  cloned: Set<string>;
  /** Files written so far with what went into them, by basename (see `command-files.ts`). */
  written: Written;
  /** Basenames of the written files being judged as they run (see `ranWritten`). */
  running: Set<string>;
  /**
   * Where the shell's descriptors write when `exec` moved them: a file (`exec > x.sh` sends the
   * output of every later command there; `exec 3> x.sh` opens x.sh for `>&3`) or another descriptor.
   */
  fds: Map<number, Arg | number>;
  /** What each function defined so far prints, by name (`f > x.sh` writes it). */
  functions: Map<string, Flow>;
  /** The function whose body is being read. */
  fn: string | undefined;
  /** Reading a guess (arguments of an unknown program): add findings, not programs. */
  quiet: boolean;
  /** How many commands run inside one another here (wrappers, `find -exec`, `xargs`). */
  nesting: number;
  /** Work left for the whole command line, shared by every nested reading. */
  budget: { work: number };
  /** Reads a nested script: the walker, passed in so the modules it calls need not import it back. */
  runScript: (text: string, ctx: Context, stdin?: Flow) => Flow;
  /** Runs a command given as words (`xargs`'s, `find -exec`'s), passed in the same way. */
  runArgs: (args: Arg[], extra: Extra, ctx: Context) => Flow;
}

export interface Extra {
  redirects: { op: string; arg: Arg; fd?: number | undefined }[];
  groups: Flow[];
  stdin: Flow | undefined;
}

export const MAX_DEPTH = 6;
// Wrappers inside wrappers (`sudo sudo …`, `find -exec find -exec …`) beyond this are not read.
export const MAX_NESTING = 200;
// Characters and words read in all, nested scripts included: the guard runs synchronously, so its
// work is capped, and what is beyond the cap is judged as code that cannot be read.
const MAX_WORK = 1_000_000;
export const TOO_DEEP = 'commands nested too deeply to read';
const TOO_LONG = 'a command line too long to read';
const ALL_CLASSES: CommandClass[] = ['destructive', 'downloadExec', 'privilege', 'credentials', 'network'];

/** A reading that fails (a stack too deep for this runtime) is judged as code that cannot be read. */
export function guarded(ctx: Context, read: () => unknown): void {
  try {
    read();
  } catch {
    opaque(ctx, 'a command line that could not be read');
  }
}

/** Takes `amount` from the work left; when none is left, the rest is judged unreadable. */
export function spend(ctx: Context, amount: number): boolean {
  const before = ctx.budget.work;
  ctx.budget.work -= amount;
  if (ctx.budget.work >= 0) return true;
  if (before >= 0) opaque(ctx, TOO_LONG);
  return false;
}

export function newContext(runScript: Context['runScript'], runArgs: Context['runArgs']): Context {
  return {
    result: { programs: [], findings: [] },
    level: 0,
    env: new Map(),
    cwd: undefined,
    dir: undefined,
    downloaded: new Set(),
    cloned: new Set(),
    written: new Map(),
    running: new Set(),
    fds: new Map(),
    functions: new Map(),
    fn: undefined,
    quiet: false,
    nesting: 0,
    budget: { work: MAX_WORK },
    runScript,
    runArgs,
  };
}

export function finish(ctx: Context): CommandClassification {
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

export function push(ctx: Context, cls: CommandClass, reason: string): void {
  if (ctx.quiet && cls === 'network') return;
  ctx.result.findings.push({ class: cls, reason });
}

/** Code that cannot be read before it runs could do anything: every class, the strictest decides. */
export function opaque(ctx: Context, reason: string): void {
  for (const cls of ALL_CLASSES) push(ctx, cls, reason);
}

export function deeper(ctx: Context, env = ctx.env): Context {
  return { ...ctx, level: ctx.level + 1, env: new Map(env), fds: new Map(ctx.fds), quiet: ctx.quiet };
}

export function note(ctx: Context, program: string): void {
  if (!ctx.quiet) ctx.result.programs.push(program);
}

export function pusher(ctx: Context) {
  return (cls: CommandClass, reason: string) => push(ctx, cls, reason);
}
