import { classifyJavaScript } from './classify-javascript.ts';
import { classifyPython } from './classify-python.ts';
import type { CodeClassification } from './code-findings.ts';
import type { Arg } from './command-checks.ts';
import { type Context, type Flow, opaque, push, spend } from './command-context.ts';
import { codeFlow } from './command-flow.ts';

/** A language whose code an interpreter on the command line runs. */
export type InlineLanguage = 'python' | 'javascript' | 'perl' | 'ruby' | 'php' | 'lua' | 'r' | 'applescript';

/** What an interpreter's arguments give it to run. */
export interface InlineCode {
  /** Code written on the command line (`-c`, `-e`, `-r`…), one word per piece. */
  code: Arg[];
  /** Modules loaded before it (`perl -MIO::Socket`, `ruby -rnet/http`, `php -d`). */
  modules: string[];
  /** Whether it reads its program from standard input (no code and no script, or `-`). */
  readsStdin: boolean;
  /** The script file it runs, when it runs one. */
  file?: string | undefined;
}

const PROGRAMS: [RegExp, InlineLanguage][] = [
  [/^(python|pypy)(\d+(\.\d+)*)?$/, 'python'],
  [/^(node|nodejs|bun|deno)$/, 'javascript'],
  [/^perl(\d+(\.\d+)*)?$/, 'perl'],
  [/^j?ruby(\d+(\.\d+)*)?$/, 'ruby'],
  [/^php(\d+(\.\d+)*)?$/, 'php'],
  [/^(lua|luajit)(\d+(\.\d+)*)?$/, 'lua'],
  [/^(r|rscript)$/, 'r'],
  [/^osascript$/, 'applescript'],
];

/** The language an interpreter reads (`python3.12` → python), or undefined for other programs. */
export function inlineLanguage(program: string): InlineLanguage | undefined {
  for (const [name, language] of PROGRAMS) if (name.test(program)) return language;
  return undefined;
}

// How each interpreter's options read, in getopt terms: the letters whose value is code, the
// letters that take a value (the rest of their cluster, or the next word), the letters that take
// only the rest of their cluster (`perl -i.bak`), and long options that take the next word.
interface Spec {
  code: string;
  valued: string;
  attached?: string;
  long?: Record<string, 'code' | 'value'>;
  /** `python -c` and `-m` end the options: what follows is `sys.argv`. */
  codeEnds?: boolean;
  /** Modules loaded before the code (`perl -MIO::Socket`, `ruby -rnet/http`), read with it. */
  modules?: string;
}

const SPECS: Record<InlineLanguage, Spec> = {
  python: { code: 'c', valued: 'mWXQ', codeEnds: true },
  javascript: {
    code: 'ep',
    valued: 'rC',
    long: {
      eval: 'code',
      print: 'code',
      require: 'value',
      import: 'value',
      loader: 'value',
      'experimental-loader': 'value',
      conditions: 'value',
      'input-type': 'value',
      title: 'value',
    },
  },
  perl: { code: 'eE', valued: '', attached: 'iIMml0xCdD', modules: 'Mm' },
  ruby: { code: 'e', valued: 'rIECFx', attached: 'iKTW0l', modules: 'r' },
  php: { code: 'rBRE', valued: 'cdzft', modules: 'd' },
  lua: { code: 'e', valued: 'l', modules: 'l' },
  r: { code: 'e', valued: '' },
  applescript: { code: 'e', valued: 'ls' },
};

/**
 * Reads an interpreter's arguments: the code it is given inline, the script file it runs, or
 * whether it reads its program from standard input. `node -pe`, `perl -lne`, `ruby -rjson -e`,
 * `php -r` and `python -Ic` are read as each interpreter reads them.
 *
 * @example
 * inlineCode('python', args).code[0]?.text; // 'import os' for `python3 -c 'import os'`
 */
export function inlineCode(language: InlineLanguage, program: string, args: Arg[]): InlineCode {
  const spec = SPECS[language];
  const code: Arg[] = [];
  const modules: string[] = [];
  let at = program === 'deno' ? denoEval(args) : 0;
  if (at < 0) return { code, modules, readsStdin: false };
  const take = (from: Arg, rest: string): Arg | undefined =>
    rest === '' ? args[++at] : { ...from, text: rest, raw: rest };
  let ended = false;
  for (; at < args.length && !ended; at++) {
    const arg = args[at] as Arg;
    const text = arg.text;
    if (text === '--') {
      at += 1;
      break;
    }
    if (text === '-' || !text.startsWith('-')) break;
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = text.slice(2, eq < 0 ? undefined : eq);
      const kind = spec.long?.[name];
      const value = kind === undefined ? undefined : eq >= 0 ? take(arg, text.slice(eq + 1)) : args[++at];
      if (kind === 'code' && value) code.push(value);
      continue;
    }
    for (let j = 1; j < text.length; j++) {
      const letter = text[j] as string;
      const rest = text.slice(j + 1);
      if (spec.code.includes(letter) && !(language === 'javascript' && letter === 'p' && rest === 'e')) {
        const value = take(arg, rest);
        if (value) code.push(value);
        ended = spec.codeEnds === true;
        break;
      }
      if (spec.valued.includes(letter)) {
        const value = take(arg, rest);
        if (value && spec.modules?.includes(letter)) modules.push(value.text);
        ended = language === 'python' && letter === 'm';
        break;
      }
      if (spec.attached?.includes(letter)) {
        if (rest !== '' && spec.modules?.includes(letter)) modules.push(rest);
        break;
      }
    }
  }
  const operand = args[at];
  // `deno eval [options] CODE`: the code is the first operand.
  if (program === 'deno' && code.length === 0 && operand !== undefined) code.push(operand);
  if (code.length > 0 || ended) return { code, modules, readsStdin: false };
  if (operand === undefined || operand.text === '-' || operand.text === '/dev/stdin')
    return { code, modules, readsStdin: true };
  return { code, modules, readsStdin: false, file: operand.text };
}

/** Where `deno eval`'s options start (-1 when deno runs anything else). */
function denoEval(args: Arg[]): number {
  return args[0]?.text === 'eval' ? 1 : -1;
}

// Languages read without a parser: code that names any of these can run commands, delete files,
// reach the network, read the environment or run code it builds, and gets every class.
const CAPABILITIES: Record<'perl' | 'ruby' | 'php' | 'lua' | 'r' | 'applescript', RegExp> = {
  perl: /\b(system|exec|qx|fork|kill|unlink|rmdir|rmtree|remove_tree|eval|require|use|do|open|sysopen|pipe|socket|connect|syscall|readpipe|glob|ENV|Socket|LWP|HTTP|Net|IO|File|POSIX|CORE|chdir|chmod|chown|rename|symlink|link|truncate|dump)\b|`|&\s*[{$]|->|\$\{|[/}|!#][a-z]*e[a-z]*e/,
  ruby: /\b(system|exec|spawn|fork|popen\w*|Open3|IO|Kernel|Process|File|FileUtils|Dir|Pathname|unlink|delete|eval|\w+_eval|send|__send__|public_send|method|const_get|require\w*|load|autoload|Socket|TCPSocket|Net|URI|open|ENV|syscall|trap|at_exit|ObjectSpace|binding|exit!)\b|`|%x/,
  php: /\b(system|exec|shell_exec|passthru|proc_open|popen|pcntl_\w+|unlink|rmdir|eval|assert|create_function|include\w*|require\w*|call_user_func\w*|array_map|usort|file_\w+|fopen|fsockopen|stream_\w+|curl_\w+|getenv|putenv|mail|preg_replace\w*|dl|FFI|ReflectionFunction|auto_prepend_file|auto_append_file|rename|copy|chmod|symlink)\b|`|\$_(ENV|SERVER)|\$\w+\s*\(|\$\{|new\s+\$/,
  lua: /\b(os|io|load|loadstring|loadfile|dofile|require|socket|debug|package|getfenv|setfenv|rawget|_G|_ENV|string\.dump)\b/,
  r: /\b(system2?|shell|pipe|unlink|file\.remove|eval|evalq|parse|source|sys\.source|Sys\.getenv|Sys\.setenv|download\.file|url|socketConnection|library|require\w*|loadNamespace|do\.call|get|match\.fun|processx|callr|httr\w*|curl\w*)\b|::/,
  applescript:
    /do\s+shell\s+script|doShellScript|run\s+script|load\s+script|\bdelete\b|\bmove\b|System Events|Finder|Terminal|keystroke|ObjC|current application|\$\.|Application\s*\(/i,
};

/**
 * Judges code an interpreter runs, given inline or on standard input, in the shell guard's
 * classes. Python and JavaScript are read by the code guard's own readers: network access and
 * credential reads keep their class, file deletion counts as destructive (which files is not
 * known), and code that spawns processes or evaluates code it builds runs commands nobody can
 * read first, so it gets every class, as does code that does not parse. Perl, Ruby, PHP, Lua, R
 * and AppleScript are read for the words that reach those capabilities; code with any of them
 * gets every class.
 *
 * @example
 * judgeInline('python', 'python3', { text: 'import shutil; shutil.rmtree("/")' }, [], ctx); // destructive
 */
export function judgeInline(
  language: InlineLanguage,
  via: string,
  flow: Flow,
  modules: readonly string[],
  ctx: Context,
): void {
  if (flow.download !== undefined) {
    push(ctx, 'downloadExec', `${via} runs the output of ${flow.download} as code`);
    return;
  }
  if (flow.hidden || flow.text === undefined) {
    if (flow.hidden) opaque(ctx, `${via} runs code that cannot be read before it runs`);
    return;
  }
  const code = flow.text;
  if (!spend(ctx, code.length)) return;
  if (language === 'python' || language === 'javascript') {
    judgeRead(language === 'python' ? classifyPython(code) : classifyJavaScript(code), via, ctx);
    return;
  }
  const word = CAPABILITIES[language].exec(modules.length > 0 ? `${modules.join('\n')}\n${code}` : code)?.[0];
  if (word !== undefined)
    opaque(ctx, `${via} runs ${language} code that uses ${word.trim()}, which could do anything`);
}

function judgeRead(read: CodeClassification, via: string, ctx: Context): void {
  if (!read.ok) {
    opaque(ctx, `${via} runs code that could not be read (${read.error})`);
    return;
  }
  for (const finding of read.findings) {
    const reason = `${via} runs code that ${finding.reason}`;
    switch (finding.class) {
      case 'network':
      case 'credentials':
        push(ctx, finding.class, reason);
        break;
      case 'fileDelete':
        push(ctx, 'destructive', reason);
        break;
      default:
        opaque(ctx, reason);
    }
  }
}

/** The code words of an interpreter, joined as one program (several `-e`s are lines of one). */
export function inlineFlow(code: Arg[]): Flow {
  const flows = code.map((arg) => codeFlow([arg]));
  const download = flows.find((f) => f.download !== undefined)?.download;
  if (download !== undefined) return { download };
  if (flows.some((f) => f.hidden || f.text === undefined)) return { hidden: true };
  return { text: flows.map((f) => f.text).join('\n') };
}
