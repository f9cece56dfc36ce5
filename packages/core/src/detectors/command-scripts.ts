import type { Arg } from './command-checks.ts';
import type { Context } from './command-context.ts';
import { ranFile, writtenFlow } from './command-files.ts';
import { runCode } from './command-flow.ts';
import type { InlineLanguage } from './command-inline.ts';
import { optionValues } from './command-options.ts';

/**
 * The arguments of `awk -f x.awk`, `sed -f x.sed` or `gdb -x x.gdb` with the text of a script
 * written earlier in the line given inline instead (`--source=…`, `--expression=…`, one `--ex=…`
 * per line), so that it is read as inline code is. A script nobody can read first is judged as
 * such.
 */
export function scriptsInline(program: string, args: Arg[], ctx: Context): Arg[] {
  const spec = Object.hasOwn(SCRIPT_OPTIONS, program) ? SCRIPT_OPTIONS[program] : undefined;
  if (spec === undefined || ctx.written.size === 0) return args;
  const [options, inline] = spec;
  const out: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as Arg;
    const long = options.find((o) => o.startsWith('--') && arg.text.startsWith(`${o}=`));
    const given = long === undefined ? undefined : arg.text.slice(long.length + 1);
    // Only `-f` takes its file in the same word (`-fx.awk`).
    const attached = options.includes('-f') ? /^-f(.+)$/s.exec(arg.text)?.[1] : undefined;
    const file = given ?? attached ?? (options.includes(arg.text) ? args[i + 1]?.text : undefined);
    const flow = file === undefined ? undefined : writtenFlow([file], ctx);
    if (flow === undefined) {
      out.push(arg);
      continue;
    }
    if (given === undefined && attached === undefined) i += 1;
    if (flow.text === undefined) runCode(flow, ctx, `${program} ${options[0]} ${file}`);
    else for (const text of inline(flow.text)) out.push({ ...arg, text, raw: arg.raw });
  }
  return out;
}

/**
 * Scripts in a language that a program loads from a file named by an option: nmap's and pandoc's
 * Lua, needrestart's Perl configuration, neofetch's and easyrsa's shell ones, Wireshark's
 * `-X lua_script:file`, `pipx run file.py`; and the test programs `gtester` runs. A file written
 * earlier in the line is judged as that language's code when the program runs.
 */
export function ranScriptFiles(program: string, args: Arg[], ctx: Context): void {
  if (ctx.written.size === 0) return;
  const texts = args.map((a) => a.text);
  // gtester runs the test programs it is given.
  if (program === 'gtester') {
    for (const file of texts.filter((t) => !t.startsWith('-'))) ranFile(file, ctx);
    return;
  }
  if (!Object.hasOwn(LANGUAGE_FILES, program)) return;
  const [options, language] = LANGUAGE_FILES[program] as [string[], InlineLanguage | 'shell'];
  const files = optionValues(args, options).flatMap((a) => a.text.replace(/^lua_script:/, '').split(','));
  if (program === 'pipx' && texts[0] === 'run' && texts[1] !== undefined) files.push(texts[1]);
  for (const file of files) if (file !== '') ranFile(file, ctx, language);
}

const LANGUAGE_FILES: Record<string, [string[], InlineLanguage | 'shell']> = {
  nmap: [['--script'], 'lua'],
  pandoc: [['-L', '--lua-filter'], 'lua'],
  tshark: [['-X'], 'lua'],
  needrestart: [['-c'], 'perl'],
  neofetch: [['--config'], 'shell'],
  easyrsa: [['--vars'], 'shell'],
  pipx: [[], 'python'],
};

const FILE_OPTIONS = ['-f', '--file'];
const as = (prefix: string) => (text: string) => [`${prefix}${text}`];
// How each program takes a script file, and the same script inline.
const SCRIPT_OPTIONS: Record<string, [string[], (text: string) => string[]]> = {
  awk: [FILE_OPTIONS, as('--source=')],
  gawk: [FILE_OPTIONS, as('--source=')],
  mawk: [FILE_OPTIONS, as('--source=')],
  nawk: [FILE_OPTIONS, as('--source=')],
  sed: [FILE_OPTIONS, as('--expression=')],
  gsed: [FILE_OPTIONS, as('--expression=')],
  dc: [FILE_OPTIONS, as('--expression=')],
  make: [FILE_OPTIONS, as('--eval=')],
  gmake: [FILE_OPTIONS, as('--eval=')],
  gdb: [['-x', '--command', '-command'], (text) => text.split('\n').map((line) => `--ex=${line}`)],
  // Vim sources a session or script file as Ex commands, one per line, as `-c` gives them.
  ...Object.fromEntries(
    ['vi', 'vim', 'nvim', 'gvim', 'view', 'vimdiff', 'ex', 'rvim'].map((vim) => [
      vim,
      [['-S'], (text: string) => text.split('\n').flatMap((line) => ['-c', line])] as const,
    ]),
  ),
};
