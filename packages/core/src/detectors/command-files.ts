import micromatch from 'micromatch';
import { type Arg, baseName } from './command-checks.ts';
import { type Context, type Flow, push, spend } from './command-context.ts';
import { runCode } from './command-flow.ts';
import { type InlineLanguage, inlineLanguage } from './command-inline.ts';
import { judgeInline } from './command-inline-judge.ts';
import { installsCrontab, judgeLater } from './command-later.ts';
import { readOptions } from './command-options.ts';
import { SHELLS } from './command-programs.ts';
import { readSed, readSedScript, type SedCall, sedWrites } from './command-sed.ts';

// What setting up one reading of a script costs, in the work units of `spend` (about 16 words).
const READING_COST = 16;
const REREAD_FACTOR = 4;

/** Files written earlier in the same command line, by basename, then by path as written. */
export type Written = Map<string, Map<string, Flow>>;

/** Stands for a file whose name is read at run time (`find`'s finds, the words `xargs` reads). */
export const UNNAMED = './unnamed';
// Which written files a program could be running when their name is not known (`sh "$f"` in a
// loop, `xargs sh`): those in its language, by their extension.
const ANY_NAME = /^/;
const EXTENSIONS: Partial<Record<InlineLanguage | 'shell', RegExp>> = {
  shell: /^[^.]+$|\.(sh|bash|zsh|ksh|dash)$/,
  python: /\.py$/,
  javascript: /\.[mc]?[jt]s$/,
  perl: /\.p[lm]$/,
  ruby: /\.rb$/,
  php: /\.php$/,
};

/**
 * What other programs write: `tee` and `sponge` their standard input into each file, `dd` its
 * input into `of=`, `truncate -s0` nothing, and `cp`/`mv`/`install`/`ln`/`rsync` a file written
 * earlier under a new name.
 */
export function recordCopies(program: string, args: Arg[], stdin: Flow | undefined, ctx: Context): void {
  if (program === 'git' && args[0]?.text === 'mv') {
    recordCopies('mv', args.slice(1), stdin, ctx);
    return;
  }
  if (program === 'tee' || program === 'sponge') {
    const read = readOptions(
      args.map((a) => a.text),
      {},
    );
    const append = read.flags.has('a') || read.flags.has('append');
    for (const at of read.operands) recordWrite(args[at] as Arg, append, stdin ?? {}, ctx);
    return;
  }
  if (program === 'dd') {
    const operand = (name: string) => args.find((a) => a.text.startsWith(`${name}=`));
    const output = operand('of');
    const input = operand('if');
    if (output === undefined) return;
    const flow = input === undefined ? (stdin ?? {}) : (writtenFlow([input.text.slice(3)], ctx) ?? {});
    const append = args.some((a) => /^oflag=.*append/.test(a.text));
    recordWrite({ ...output, text: output.text.slice(3) }, append, flow, ctx);
    return;
  }
  if (program === 'truncate') {
    if (
      args.some((a, n) => /^(-s0|--size=0)$/.test(a.text) || (a.text === '-s' && args[n + 1]?.text === '0'))
    )
      for (const arg of args)
        if (!arg.text.startsWith('-') && arg.text !== '0') recordWrite(arg, false, { text: '' }, ctx);
    return;
  }
  if (
    program !== 'cp' &&
    program !== 'mv' &&
    program !== 'install' &&
    program !== 'ln' &&
    program !== 'rsync'
  )
    return;
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

/**
 * Records that a file named in the line now holds `flow` (added to its text when `append`),
 * and judges it at once when another program runs that file later (a shell profile, a git
 * hook, a crontab).
 */
export function recordWrite(arg: Arg, append: boolean, flow: Flow, ctx: Context): void {
  judgeLater(arg, flow, ctx);
  // `$HOME/x.sh`: the directory is not known, the name is.
  if (!arg.known && /[$`]/.test(baseName(arg.text))) return;
  const name = baseName(arg.text);
  let paths = ctx.written.get(name);
  if (paths === undefined) {
    paths = new Map();
    ctx.written.set(name, paths);
  }
  // Known parts beside output that cannot be known (`{ grep …; echo …; } > x.sh`) run all the same.
  const kept: Flow = {
    download: flow.download,
    hidden: flow.hidden === true,
    text: flow.text ?? flow.partial,
  };
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
export function ranWritten(
  file: string,
  ctx: Context,
  language?: InlineLanguage | 'shell',
  env?: () => Context['env'],
): void {
  const name = baseName(file);
  // `sh "$f"` in a loop over names read at run time runs whichever written file has that name.
  // Run directly (`find . -exec {} \;`), any written file could be the one, read by its `#!` line.
  if (file === UNNAMED || /[$`]/.test(name)) {
    const extension = language === undefined ? ANY_NAME : EXTENSIONS[language];
    if (extension !== undefined)
      for (const written of [...ctx.written.keys()])
        if (extension.test(written)) ranWritten(written, ctx, language, env);
    return;
  }
  // `sh *.sh` runs whichever written files the pattern matches.
  if (/[*?[]/.test(name)) {
    for (const written of [...ctx.written.keys()])
      if (written !== name && micromatch.isMatch(written, name, { dot: false }))
        ranWritten(written, ctx, language, env);
  }
  const paths = ctx.written.get(name);
  // A script that runs itself (or another that runs it back) does nothing more the second time.
  if (paths === undefined || ctx.running.has(name)) return;
  ctx.running.add(name);
  try {
    // Files of one name holding the same text are judged once; each judging costs a reading,
    // and looking through the files one unit per READING_COST of them.
    if (!spend(ctx, Math.ceil(paths.size / READING_COST))) return;
    let download = false;
    let hidden = false;
    // A string's hash is kept with it: the same text written to many files is found at once.
    const texts = new Set<string>();
    for (const flow of paths.values()) {
      if (flow.download !== undefined) {
        if (download) continue;
        download = true;
      } else if (flow.hidden === true) {
        if (hidden) continue;
        hidden = true;
      } else if (flow.text !== undefined) {
        if (texts.has(flow.text)) continue;
        texts.add(flow.text);
      } else continue;
      // Reading a written file again is charged over: a line can run a growing file again and
      // again, which is quadratic in the line's length.
      if (!spend(ctx, READING_COST + REREAD_FACTOR * (flow.text?.length ?? 0))) return;
      judgeScript(file, flow, `${file}, written earlier in the same command,`, language, ctx, env?.());
    }
  } finally {
    ctx.running.delete(name);
  }
}

/**
 * What a command reads from files written earlier in the same line (`sh < x.sh`, `cat x.sh | sh`),
 * or `undefined` when none of them was. Several writes under one name are read together.
 */
export function writtenFlow(files: readonly string[], ctx: Context): Flow | undefined {
  const flows = files.flatMap((file) => [...(ctx.written.get(baseName(file))?.values() ?? [])]);
  if (flows.length === 0) return undefined;
  // Joined text is charged before it is built: a file read into itself doubles each time.
  const size = flows.reduce((sum, flow) => sum + (flow.text?.length ?? 0), flows.length);
  if (!spend(ctx, size)) return { hidden: true };
  const texts = flows.flatMap((flow) => (flow.text === undefined ? [] : [flow.text]));
  return {
    download: flows.find((flow) => flow.download !== undefined)?.download,
    hidden: flows.some((flow) => flow.hidden === true),
    text: texts.length === 0 ? undefined : texts.join('\n'),
  };
}

/**
 * Whether a program run by its name alone may be a file written earlier in the line into a
 * directory of programs (`mv x.sh ~/bin/deploy; deploy`, `bin/go` with `PATH=$PWD/bin:$PATH go`).
 */
export function writtenProgram(program: string, ctx: Context): boolean {
  const paths = ctx.written.get(program);
  return paths !== undefined && [...paths.keys()].some((path) => /(^|\/)s?bin\/[^/]+$/.test(path));
}

/**
 * A script file run by a program: a download is `downloadExec`, a file written earlier in the
 * line is judged by what it holds. `env` gives the script's `$0`, `$1`… when it is judged.
 */
export function ranFile(
  file: string,
  ctx: Context,
  language?: InlineLanguage | 'shell',
  env?: () => Context['env'],
): void {
  if (ctx.downloaded.has(baseName(file)))
    push(ctx, 'downloadExec', `runs ${file}, downloaded earlier in the same command`);
  // `git clone URL y && cd y && ./install.sh`: a file of a repository just cloned.
  const path = `${ctx.dir === undefined ? '' : `${ctx.dir}/`}${file.replace(/^(\.\/)+/, '')}`;
  const top = path.split('/')[0] as string;
  if (ctx.cloned.has(top) && path !== top)
    push(ctx, 'downloadExec', `runs ${file} from ${top}, cloned earlier in the same command`);
  ranWritten(file, ctx, language, env);
}

/**
 * Modules that code imports from files written earlier in the line run with it: `node -e
 * "require('./x')"`, `python3 -c 'import x'`, a written script importing another. Found by their
 * import statements as text; each is judged as its language.
 */
export function ranImports(language: InlineLanguage, code: string, ctx: Context): void {
  if (ctx.written.size === 0 || (language !== 'python' && language !== 'javascript')) return;
  const candidates: string[] = [];
  if (language === 'javascript') {
    for (const match of code.matchAll(JS_LOCAL_IMPORT)) {
      const name = baseName(match[1] ?? match[2] ?? match[3] ?? '');
      candidates.push(name, ...['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'].map((ext) => name + ext));
    }
  } else {
    for (const match of code.matchAll(PYTHON_IMPORT))
      for (const module of (match[1] ?? match[2] ?? '').split(/\s*,\s*/)) {
        // `import a.b as c`: a.py and b.py may be the files.
        const dotted = module.trim().split(/\s+/)[0] ?? '';
        for (const part of dotted.split('.')) if (part !== '') candidates.push(`${part}.py`);
      }
  }
  for (const name of candidates) if (ctx.written.has(name)) ranWritten(name, ctx, language);
}

// `require('./x')`, `import('./x')`, `from './x'`, `import './x'`: a module named by a relative path.
const JS_LOCAL_IMPORT =
  /\b(?:require|import)\s*\(\s*['"`](\.{1,2}\/[^'"`]+)['"`]\s*\)|\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g;
// `import a.b, c as d` and `from a.b import x`.
const PYTHON_IMPORT =
  /(?:^|[;\n])\s*(?:from\s+\.*([\w.]+)\s+import\b|import\s+([\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+(?:\s+as\s+\w+)?)*))/g;

/**
 * Judges what a script file holds as `language` runs it (by its `#!` line when not given): a
 * shell script is walked, Python and JavaScript are classified, and what they import from files
 * written in the line is judged too. Content that could not be known is not judged.
 */
export function judgeScript(
  file: string,
  flow: Flow,
  via: string,
  language: InlineLanguage | 'shell' | undefined,
  ctx: Context,
  env?: Context['env'],
): void {
  if (flow.text === undefined && flow.hidden !== true && flow.download === undefined) return;
  const read = language ?? shebang(flow.text);
  if (read === 'shell') runCode(flow, ctx, via, env);
  else if (read !== undefined) {
    judgeInline(read, via, flow, [], ctx, { typescript: /\.[mc]?ts$/.test(file) });
    if (flow.text !== undefined) ranImports(read, flow.text, ctx);
  } else runCode({ hidden: true }, ctx, `${file} (a script for another interpreter)`);
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

// Programs whose output is lines of their input (`head -n 5 x > y.sh`).
const LINE_FILTERS = new Set(['head', 'tail', 'sort', 'uniq', 'grep', 'egrep', 'fgrep', 'tac']);

/**
 * What sed could write besides its input (see `sedWrites`), judged with the input: which lines
 * it keeps or drops is not worked out. `undefined` when it adds nothing, or its script is in a file.
 */
function sedText(read: SedCall, input: string | undefined): Flow | undefined {
  if (read.fromFile) return undefined;
  const texts = sedWrites(read.scripts.map(readSedScript), input);
  return texts.length === 0 ? undefined : { text: texts.join('\n') };
}

/**
 * What a program that reads written files (or its input) passes on or runs: `cat`, `tee` and line
 * filters pass it on (`sort x > y.sh`), `sed` passes it on with what it writes (or writes that into
 * the files it edits in place), `crontab` installs it, `at -f x` runs x later, and `make` runs the
 * recipes of a written makefile. Returns the flow passed on, if any.
 */
export function readsWritten(
  program: string,
  args: Arg[],
  stdin: Flow | undefined,
  ctx: Context,
): Flow | undefined {
  // `tee` passes its input on; `cat` too, or what was written into its files earlier in the line.
  if (program === 'tee') return stdin;
  if (program === 'cat') {
    const files = args.filter((a) => a.text === '-' || !a.text.startsWith('-')).map((a) => a.text);
    return files.every((file) => file === '-') ? stdin : writtenFlow(files, ctx);
  }
  if (program === 'crontab') {
    installsCrontab(args, stdin, ctx);
    return undefined;
  }
  if (LINE_FILTERS.has(program)) {
    const files = args.filter((a) => !a.text.startsWith('-')).map((a) => a.text);
    return writtenFlow(files, ctx) ?? (files.length === 0 || files.length === 1 ? stdin : undefined);
  }
  if (program === 'sed' || program === 'gsed') {
    const read = readSed(args);
    if (read.inPlace) {
      // What it writes goes into each file it edits.
      for (const file of read.files) {
        const added = sedText(read, writtenFlow([file.text], ctx)?.text);
        if (added !== undefined) recordWrite(file, true, added, ctx);
      }
      return undefined;
    }
    const input =
      read.files.length === 0
        ? stdin
        : writtenFlow(
            read.files.map((a) => a.text),
            ctx,
          );
    const added = sedText(read, input?.text);
    if (input === undefined || added === undefined || input.text === undefined) return input;
    return { ...input, text: `${input.text}\n${added.text}` };
  }
  if (program === 'at' || program === 'batch') {
    const file = readOptions(
      args.map((a) => a.text),
      { short: 'qfmMt' },
    ).values.get('f');
    if (file !== undefined) ranWritten(file, ctx, 'shell');
    return undefined;
  }
  if (program === 'make' || program === 'gmake') {
    const read = readOptions(
      args.map((a) => a.text),
      { short: 'fCIjlo', long: ['file', 'makefile', 'directory'] },
    );
    const file = read.values.get('f') ?? read.values.get('file') ?? read.values.get('makefile');
    const flow = writtenFlow(file === undefined ? ['GNUmakefile', 'makefile', 'Makefile'] : [file], ctx);
    if (flow?.text !== undefined) {
      // Recipe lines start with a tab; `@`, `-` and `+` before a command only change how it is shown.
      const recipes = flow.text
        .split('\n')
        .filter((line) => line.startsWith('\t'))
        .map((line) => line.slice(1).replace(/^[@+-]+/, ''));
      if (recipes.length > 0)
        runCode({ text: recipes.join('\n') }, ctx, `${program}, with a makefile written earlier,`);
    } else if (flow !== undefined) runCode(flow, ctx, program);
  }
  return undefined;
}
