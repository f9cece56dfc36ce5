import { type Arg, baseName } from './command-checks.ts';
import { type Context, type Extra, type Flow, spend } from './command-context.ts';
import { runCode } from './command-flow.ts';
import { type InlineLanguage, inlineLanguage } from './command-inline.ts';
import { judgeInline } from './command-inline-judge.ts';
import { readOptions } from './command-options.ts';
import { SHELLS } from './command-programs.ts';

/** Files written earlier in the same command line, by basename, then by path as written. */
export type Written = Map<string, Map<string, Flow>>;

const WRITES = new Set(['>', '>|', '&>', '>>', '&>>']);

/**
 * Remembers what a command's output redirections write (`echo … > x.sh`, `cat <<EOF >> x.py`),
 * so that running the file later in the same line is judged by what it holds.
 */
export function recordRedirects(redirects: Extra['redirects'], flow: Flow, ctx: Context): void {
  for (const { op, arg } of redirects) if (WRITES.has(op)) recordWrite(arg, op.endsWith('>>'), flow, ctx);
}

/**
 * What `tee` and `cp`/`mv`/`install`/`ln` write: `tee` its standard input into each file, the
 * others a file written earlier under a new name.
 */
export function recordCopies(program: string, args: Arg[], stdin: Flow | undefined, ctx: Context): void {
  if (program === 'tee') {
    const read = readOptions(
      args.map((a) => a.text),
      {},
    );
    const append = read.flags.has('a') || read.flags.has('append');
    for (const at of read.operands) recordWrite(args[at] as Arg, append, stdin ?? {}, ctx);
    return;
  }
  if (program !== 'cp' && program !== 'mv' && program !== 'install' && program !== 'ln') return;
  const operands = args.filter((a) => !a.text.startsWith('-'));
  const target = operands.pop();
  if (target === undefined) return;
  for (const source of operands) {
    const copied = writtenFlow([source.text], ctx);
    if (copied === undefined) continue;
    // The target may be a directory (`cp x.sh /usr/local/bin`): the copy keeps its own name there.
    recordWrite(target, false, copied, ctx);
    recordWrite({ ...target, text: `${target.text}/${baseName(source.text)}` }, false, copied, ctx);
  }
}

// Files another program runs later as a shell script: shell start-up files, git hooks, `.envrc`.
const RUN_LATER =
  /(^|\/)\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zshenv|zprofile|zlogin|zlogout|kshrc|envrc)$|(^|\/)\.git\/hooks\/[\w.-]+$|^\/etc\/(profile|bash\.bashrc|bashrc|zshrc|zprofile|zshenv|zsh\/[\w.-]+|profile\.d\/[^/]+)$/;

function recordWrite(arg: Arg, append: boolean, flow: Flow, ctx: Context): void {
  if (!arg.known) return;
  // What goes into a file that runs later (every new shell, the next commit) is judged as run now.
  if (RUN_LATER.test(arg.text)) judgeScript(arg.text, flow, `${arg.text}, which runs later,`, undefined, ctx);
  const name = baseName(arg.text);
  let paths = ctx.written.get(name);
  if (paths === undefined) {
    paths = new Map();
    ctx.written.set(name, paths);
  }
  const kept: Flow = { download: flow.download, hidden: flow.hidden === true, text: flow.text };
  const before = append ? paths.get(arg.text) : undefined;
  // Content that cannot be known between known parts leaves the known parts to judge.
  paths.set(
    arg.text,
    before === undefined
      ? kept
      : {
          download: before.download ?? kept.download,
          hidden: before.hidden === true || kept.hidden === true,
          text:
            before.text === undefined && kept.text === undefined
              ? undefined
              : (before.text ?? '') + (kept.text ?? ''),
        },
  );
}

/**
 * Judges running a file written earlier in the same command line by what was written into it:
 * `language` is how the program running it reads it; a file run directly (`./x.sh`) is read by
 * its `#!` line, or as a shell script without one. Content that could not be known is not judged
 * (as for any script already on disk); content nobody can read before it runs gets every class.
 */
export function ranWritten(file: string, ctx: Context, language?: InlineLanguage | 'shell'): void {
  const paths = ctx.written.get(baseName(file));
  if (paths === undefined || !spend(ctx, paths.size)) return;
  for (const flow of paths.values())
    judgeScript(file, flow, `${file}, written earlier in the same command,`, language, ctx);
}

/**
 * What a command reads from files written earlier in the same line (`sh < x.sh`, `cat x.sh | sh`),
 * or `undefined` when none of them was. Several writes under one name are read together.
 */
export function writtenFlow(files: readonly string[], ctx: Context): Flow | undefined {
  const flows = files.flatMap((file) => [...(ctx.written.get(baseName(file))?.values() ?? [])]);
  if (flows.length === 0) return undefined;
  if (!spend(ctx, flows.length)) return { hidden: true };
  const texts = flows.flatMap((flow) => (flow.text === undefined ? [] : [flow.text]));
  return {
    download: flows.find((flow) => flow.download !== undefined)?.download,
    hidden: flows.some((flow) => flow.hidden === true),
    text: texts.length === 0 ? undefined : texts.join('\n'),
  };
}

/** What `cat` writes: its input without files, else what was written into its files earlier. */
export function catFlow(args: Arg[], stdin: Flow | undefined, ctx: Context): Flow | undefined {
  const files = args.filter((a) => a.text === '-' || !a.text.startsWith('-')).map((a) => a.text);
  if (files.every((file) => file === '-')) return stdin;
  return writtenFlow(files, ctx);
}

function judgeScript(
  file: string,
  flow: Flow,
  via: string,
  language: InlineLanguage | 'shell' | undefined,
  ctx: Context,
): void {
  if (flow.text === undefined && flow.hidden !== true && flow.download === undefined) return;
  const read = language ?? shebang(flow.text);
  if (read === 'shell') runCode(flow, ctx, via);
  else if (read !== undefined) judgeInline(read, via, flow, [], ctx);
  else runCode({ hidden: true }, ctx, `${file} (a script for another interpreter)`);
}

/** The language a script's `#!` line names: a shell without one, `undefined` for other programs. */
function shebang(text: string | undefined): InlineLanguage | 'shell' | undefined {
  if (text === undefined || !text.startsWith('#!')) return 'shell';
  const words = (text.slice(2).split('\n')[0] ?? '').trim().split(/\s+/);
  let program = baseName(words[0] ?? '');
  if (program === 'env') program = baseName(words.slice(1).find((w) => !w.startsWith('-')) ?? '');
  if (SHELLS.has(program)) return 'shell';
  return inlineLanguage(program);
}
