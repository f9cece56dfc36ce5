import type { Arg } from './command-checks.ts';
import { type Context, type Extra, type Flow, opaque, push } from './command-context.ts';
import { ranFile, ranImports } from './command-files.ts';
import { codeFlow, runCode } from './command-flow.ts';
import { inlineCode, inlineLanguage } from './command-inline.ts';
import { inlineFlow, judgeInline } from './command-inline-judge.ts';
import { readOptions } from './command-options.ts';
import { SHELLS } from './command-programs.ts';
import { interpreterProjectFiles } from './command-projects.ts';
import { positionalEnv } from './command-variables.ts';

/** What an interpreter runs: a `-c` string, a script file, standard input, and substitutions. */
export function runsCode(
  program: string,
  args: Arg[],
  stdin: Flow | undefined,
  extra: Extra,
  ctx: Context,
): void {
  const texts = args.map((a) => a.text);
  const fed = args.find((a) => a.download)?.download ?? extra.groups.find((g) => g.download)?.download;
  if (fed !== undefined) push(ctx, 'downloadExec', `runs the output of ${fed} as code`);
  let readsStdin = false;
  const language = inlineLanguage(program);
  let modules: string[] = [];
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
    // `-n` reads the script without running it.
    else if (!read.flags.has('n'))
      ranScript(args[first] as Arg, program, ctx, () => positionalEnv(args, [first, ...positional], ctx));
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
    else if (args[0] !== undefined) ranScript(args[0], program, ctx);
  } else if (program === 'iex' || program === 'invoke-expression') {
    if (args.length === 0) readsStdin = true;
    else runCode(codeFlow(args), ctx, program);
  } else if (language !== undefined) {
    const read = inlineCode(language, program, args);
    modules = read.modules;
    if (read.code.length > 0 || modules.length > 0)
      judgeInline(
        language,
        program,
        read.code.length > 0 ? inlineFlow(read.code) : { text: '' },
        modules,
        ctx,
      );
    for (const code of read.code) if (code.text !== undefined) ranImports(language, code.text, ctx);
    interpreterProjectFiles(language, read, texts, ctx);
    // `node --check x.js` only parses it.
    const checks = language === 'javascript' && texts.some((t) => t === '-c' || t === '--check');
    if (!checks) for (const file of read.files) ranFile(file, ctx, language);
    for (const line of read.shell) runCode({ text: line }, ctx, program);
    if (read.download !== undefined) push(ctx, 'downloadExec', `${program} runs code it downloads`);
    readsStdin = read.readsStdin;
  } else {
    const read = readOptions(texts, { short: 'cemWXO' });
    const first = read.operands[0];
    if (first !== undefined && !['c', 'e', 'm'].some((f) => read.flags.has(f)))
      ranFile(texts[first] as string, ctx);
    else if (first === undefined && !['c', 'e', 'm'].some((f) => read.flags.has(f))) readsStdin = true;
  }
  if (stdin === undefined) return;
  if (language !== undefined) {
    // Only a program read from standard input runs what is piped in; otherwise it is data
    // (`curl … | python3 -m json.tool`).
    if (readsStdin)
      judgeInline(
        language,
        program,
        stdin.text === undefined ? { ...stdin, hidden: true } : stdin,
        modules,
        ctx,
      );
    return;
  }
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

/** A shell script named by its path, or the output of `<( … )` read as the script. */
function ranScript(arg: Arg, program: string, ctx: Context, env?: () => Context['env']): void {
  if (arg.raw.startsWith('<('))
    runCode(arg.hidden ? { hidden: true } : codeFlow([arg]), ctx, program, env?.() ?? ctx.env);
  else ranFile(arg.text, ctx, 'shell', env);
}

// Variables that add options to an interpreter started later (`NODE_OPTIONS='--require ./x.js'`).
const OPTION_VARIABLES: Record<string, string> = { NODE_OPTIONS: 'node', PERL5OPT: 'perl', RUBYOPT: 'ruby' };

/**
 * An assignment whose value the next interpreter reads as options or a start-up script: the code
 * and modules it loads are judged as those options on the command line would be (`NODE_OPTIONS`,
 * `PERL5OPT`, `RUBYOPT`), `BASH_ENV`/`ENV` name a script every shell started runs first, and
 * `PYTHONSTARTUP` one an interactive Python runs first.
 */
export function optionVariable(name: string, value: Arg, ctx: Context): void {
  if (name === 'BASH_ENV' || name === 'ENV') {
    ranScript(value, name, ctx);
    return;
  }
  // An interactive Python runs this file first.
  if (name === 'PYTHONSTARTUP') {
    ranFile(value.text, ctx, 'python');
    return;
  }
  const program = Object.hasOwn(OPTION_VARIABLES, name) ? OPTION_VARIABLES[name] : undefined;
  const language = program === undefined ? undefined : inlineLanguage(program);
  if (program === undefined || language === undefined) return;
  const words = value.text
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => ({ ...value, text: word, raw: word }));
  const read = inlineCode(language, program, words);
  if (read.code.length > 0 || read.modules.length > 0)
    judgeInline(
      language,
      name,
      read.code.length > 0 ? inlineFlow(read.code) : { text: '' },
      read.modules,
      ctx,
    );
  for (const file of read.files) ranFile(file, ctx, language);
}
