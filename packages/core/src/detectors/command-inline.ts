import type { Arg } from './command-checks.ts';
import type { Flow } from './command-context.ts';
import { codeFlow } from './command-flow.ts';
import type { InlineLanguage } from './command-inline-judge.ts';

export type { InlineLanguage };

/** What an interpreter's arguments give it to run. */
export interface InlineCode {
  /** Programs written on the command line (`-c`, `-e`, `-r`…); the pieces of one are lines of it. */
  code: Flow[];
  /** Modules loaded before it (`perl -MIO::Socket`, `ruby -rnet/http`, `php -d …`). */
  modules: string[];
  /** Whether it reads its program from standard input (no code and no script, `-`, `/dev/stdin`). */
  readsStdin: boolean;
  /** Script files it runs (the script, `node -r` preloads). */
  files: string[];
  /** Command lines it runs through a shell (`perl -n` on a file named `cmd |`, `bun exec`). */
  shell: string[];
  /** What it downloads and runs (`deno run https://…`). */
  download?: string | undefined;
  /** The module `python -m x` runs, and the words after it (its arguments). */
  module?: { name: string; args: string[] } | undefined;
}

const PROGRAMS: [RegExp, InlineLanguage][] = [
  [/^(python|pythonw|pypy)(\d+(\.\d+)*)?[a-z]?(-dbg)?$|^ipython\d*$/, 'python'],
  [/^(node|nodejs)\d*$|^(bun|deno|tsx|ts-node|ts-node-esm)$/, 'javascript'],
  [/^perl(\d+(\.\d+)*)?$/, 'perl'],
  [/^(j|truffle)?ruby(\d+(\.\d+)*)?$|^irb$/, 'ruby'],
  [/^php(\d+(\.\d+)*)?(-cli)?$/, 'php'],
  [/^(lua|luajit)(\d+(\.\d+)*)?$/, 'lua'],
  [/^(r|rscript)$/, 'r'],
  [/^osascript$/, 'applescript'],
  [/^(tclsh|wish|expect)[\d.]*$/, 'tcl'],
  [/^julia(-?\d+(\.\d+)*)?$/, 'julia'],
  [/^octave(-cli)?(-\d+(\.\d+)*)?$/, 'octave'],
  [/^gnuplot\d*$/, 'gnuplot'],
  [/^(guile|racket|chez|chezscheme|scheme|csi|gsi|chibi-scheme|gosh)(-?\d+(\.\d+)*)?$/, 'scheme'],
  [/^(sbcl|clisp|ccl|ccl64|ecl)$/, 'lisp'],
  [/^erl$/, 'erlang'],
  [/^(elixir|iex)$/, 'elixir'],
  [/^(ghc|ghci|runghc|runhaskell)(-\d+(\.\d+)*)?$/, 'haskell'],
  [/^slsh$/, 'slang'],
  [/^(groovy|jrunscript|scala|kotlin|kotlinc|jshell)$/, 'jvm'],
];

/** The language an interpreter reads (`python3.12` → python), or undefined for other programs. */
export function inlineLanguage(program: string): InlineLanguage | undefined {
  for (const [name, language] of PROGRAMS) if (name.test(program)) return language;
  return undefined;
}

// How each interpreter reads its options, in getopt terms.
interface Spec {
  /** Letters whose value (the rest of the cluster, or the next word) is code. */
  code: string;
  /** Letters that take a value: the rest of the cluster, or the next word. */
  valued: string;
  /** Letters that take only the rest of their cluster, which may be empty (`perl -i.bak`). */
  rest?: string;
  /** Letters followed by optional characters of their own, after which the cluster goes on (`-l0`). */
  digits?: Record<string, RegExp>;
  /** Long options that take the next word when written without `=`, and what that word is. */
  long?: Record<string, 'code' | 'value' | 'module' | 'file'>;
  /** Letters whose value is a module loaded before the code. */
  modules?: string;
  /** Letters whose value is a script file. */
  files?: string;
  /** `python -c` and `-m` end the options: what follows is `sys.argv`. */
  ends?: string;
  /** Options spelt as one-dash words (`erl -eval`, `groovy -cp`), and what the next word is. */
  words?: Record<string, 'code' | 'value' | 'module' | 'file' | 'flag'>;
}

// The JVM's class path options, spelt as one-dash words.
const CLASS_PATH: Spec['words'] = { cp: 'value', classpath: 'value', 'class-path': 'value' };

// Node options that take a separate value (`node --help`), so a value is never read as the script.
const NODE_VALUES = [
  'conditions',
  'cpu-prof-dir',
  'cpu-prof-interval',
  'cpu-prof-name',
  'diagnostic-dir',
  'disable-warning',
  'dns-result-order',
  'env-file',
  'env-file-if-exists',
  'experimental-config-file',
  'experimental-default-type',
  'experimental-sea-config',
  'heap-prof-dir',
  'heap-prof-interval',
  'heap-prof-name',
  'heapsnapshot-near-heap-limit',
  'heapsnapshot-signal',
  'icu-data-dir',
  'input-type',
  'inspect-port',
  'debug-port',
  'localstorage-file',
  'max-http-header-size',
  'openssl-config',
  'redirect-warnings',
  'report-dir',
  'report-directory',
  'report-filename',
  'report-signal',
  'secure-heap',
  'secure-heap-min',
  'snapshot-blob',
  'stack-trace-limit',
  'test-concurrency',
  'test-name-pattern',
  'test-reporter',
  'test-reporter-destination',
  'test-shard',
  'test-skip-pattern',
  'test-timeout',
  'title',
  'tls-cipher-list',
  'tls-keylog',
  'trace-event-categories',
  'trace-event-file-pattern',
  'unhandled-rejections',
  'watch-path',
  'tsconfig',
  'project',
  'compiler',
];
const NODE_LONG: Spec['long'] = {
  ...Object.fromEntries(NODE_VALUES.map((name) => [name, 'value' as const])),
  eval: 'code',
  print: 'code',
  require: 'file',
  import: 'file',
  loader: 'file',
  'experimental-loader': 'file',
};
const DENO_LONG: Spec['long'] = Object.fromEntries(
  ['config', 'import-map', 'lock', 'cert', 'location', 'seed', 'ext'].map((name) => [name, 'value' as const]),
);

const SPECS: Record<InlineLanguage, Spec> = {
  python: { code: 'c', valued: 'mWXQ', long: { 'check-hash-based-pycs': 'value' }, ends: 'cm' },
  javascript: { code: 'ep', valued: 'rC', long: NODE_LONG, files: 'r' },
  perl: {
    code: 'eE',
    valued: 'IF',
    rest: 'iMmxdD',
    digits: { l: /[0-7]*/y, '0': /[0-9a-fA-FxX]*/y, C: /[0-9IOEioSALaD]*/y },
    modules: 'Mm',
  },
  ruby: {
    code: 'e',
    valued: 'rICE',
    long: {
      encoding: 'value',
      'external-encoding': 'value',
      'internal-encoding': 'value',
      require: 'module',
    },
    rest: 'ixF',
    digits: { '0': /[0-7]*/y, W: /[0-2]|:[a-z-]+/y, T: /[0-9]*/y, K: /[a-zA-Z]?/y },
    modules: 'r',
  },
  php: {
    code: 'rBRE',
    valued: 'cdzftS',
    long: { define: 'module', 'php-ini': 'value', file: 'file', run: 'code', 'process-begin': 'code' },
    modules: 'd',
    files: 'f',
  },
  lua: { code: 'e', valued: 'l', modules: 'l' },
  r: { code: 'e', valued: '' },
  applescript: { code: 'e', valued: 'ls' },
  tcl: { code: 'c', valued: '', long: { encoding: 'value' } },
  julia: {
    code: 'eE',
    valued: 'JHptCL',
    rest: 'Og',
    files: 'L',
    long: {
      eval: 'code',
      print: 'code',
      load: 'file',
      sysimage: 'value',
      home: 'value',
      threads: 'value',
      procs: 'value',
      'machine-file': 'value',
      'cpu-target': 'value',
    },
  },
  octave: { code: '', valued: 'p', long: { eval: 'code', path: 'value', 'exec-path': 'value' } },
  gnuplot: { code: 'e', valued: 'c', files: 'c', ends: 'c' },
  // Guile's `-e` names the entry function; `-c` and `-s` end the options.
  scheme: {
    code: 'ce',
    valued: 'lsftrupLxCSXGAIWY',
    files: 'lsftru',
    ends: 'cs',
    long: { eval: 'code', load: 'file', script: 'file', require: 'file' },
  },
  lisp: {
    code: 'x',
    valued: 'icMBLNEmtp',
    files: 'i',
    long: {
      eval: 'code',
      load: 'file',
      script: 'file',
      core: 'value',
      userinit: 'file',
      sysinit: 'file',
      'dynamic-space-size': 'value',
      'control-stack-size': 'value',
    },
    words: { eval: 'code', load: 'file', norc: 'flag', shell: 'flag' },
  },
  erlang: {
    code: '',
    valued: '',
    words: {
      eval: 'code',
      noshell: 'flag',
      noinput: 'flag',
      detached: 'flag',
      pa: 'value',
      pz: 'value',
      sname: 'value',
      name: 'value',
      setcookie: 'value',
      config: 'value',
      boot: 'value',
      env: 'value',
    },
  },
  elixir: {
    code: 'e',
    valued: 'r',
    files: 'r',
    long: { eval: 'code', require: 'file', erl: 'value', cookie: 'value', sname: 'value', name: 'value' },
    words: { pa: 'value', pz: 'value' },
  },
  haskell: {
    code: 'e',
    valued: 'o',
    words: { package: 'value', 'package-id': 'value', 'package-db': 'value', 'package-env': 'value' },
  },
  slang: { code: 'e', valued: '' },
  jvm: {
    code: 'e',
    valued: 'fl',
    files: 'f',
    words: CLASS_PATH,
    long: { classpath: 'value', 'class-path': 'value' },
  },
};

/**
 * Reads an interpreter's arguments: the code it is given inline, the script file it runs, or
 * whether it reads its program from standard input. `node -pe`, `perl -lne`, `perl -0777 -ne`,
 * `ruby -rjson -e`, `php -r`, `python -Ic` and long options that take a value (`node --env-file
 * .env -e …`) are read as each interpreter reads them; so are `deno eval`/`run`/`repl`, `bun exec`,
 * `python -m timeit` and code given as a `data:` URL (`node --import data:…`).
 *
 * @example
 * inlineCode('python', 'python3', args).code; // [{ text: 'import os' }] for `python3 -c 'import os'`
 */
export function inlineCode(language: InlineLanguage, program: string, args: Arg[]): InlineCode {
  const read: InlineCode = { code: [], modules: [], readsStdin: false, files: [], shell: [] };
  let from = 0;
  let spec = SPECS[language];
  if (program === 'deno') {
    const sub = args[0]?.text ?? '';
    // `deno script.ts`, `deno https://…` and `deno -A …` run, as `deno run` does.
    const implicit = sub.startsWith('-') || /[./:]/.test(sub);
    if (sub !== 'eval' && sub !== 'run' && sub !== 'repl' && !implicit) return read;
    from = implicit ? 0 : 1;
    spec = { code: '', valued: 'cL', long: { ...DENO_LONG, eval: 'code' } };
  } else if (program === 'bun' && (args[0]?.text === 'exec' || args[0]?.text === 'x')) {
    if (args[0]?.text === 'exec') read.shell.push(...args.slice(1).map((a) => a.text));
    return read;
  } else if (program === 'bun' && args[0]?.text === 'run') from = 1;
  const options = readInterpreterOptions(args, from, spec, read);
  const operands = args.slice(options.next);
  const first = operands[0];
  if (program === 'deno' && args[0]?.text === 'eval') {
    // `deno eval [options] CODE [ARGS…]`: each word could be the code.
    for (const operand of operands) read.code.push(codeFlow([operand]));
    return read;
  }
  // `python -m x` runs x.py, which may have been written earlier in the line.
  if (language === 'python' && options.module !== undefined) {
    read.files.push(`${options.module.split('.').pop() ?? ''}.py`);
    read.module = { name: options.module, args: operands.map((a) => a.text) };
  }
  // `python -m runpy x` runs module x, or the file x.py.
  const ran = options.module === 'runpy' ? operands.find((a) => !a.text.startsWith('-')) : undefined;
  if (ran !== undefined)
    read.files.push(ran.text.endsWith('.py') ? ran.text : `${ran.text.split('.').pop() ?? ''}.py`);
  if (options.module === 'timeit') {
    for (const operand of operands) if (!operand.text.startsWith('-')) read.code.push(codeFlow([operand]));
  }
  if (language === 'perl') {
    // `-n`/`-p` and `<>` open each file the two-argument way: a name ending or starting with `|`
    // is a command the shell runs.
    for (const operand of operands.slice(read.code.length > 0 ? 0 : 1)) {
      const name = operand.text.trim();
      if (name.endsWith('|')) read.shell.push(name.slice(0, -1));
      else if (name.startsWith('|')) read.shell.push(name.slice(1));
    }
  }
  if (read.code.length > 0 || options.ended) return read;
  if (
    first === undefined ||
    first.text === '-' ||
    /^\/(dev\/(stdin|fd\/0)|proc\/self\/fd\/0)$/.test(first.text)
  ) {
    read.readsStdin = true;
    return read;
  }
  const data = dataUrl(first.text);
  if (data !== undefined) read.code.push({ text: data });
  else if (first.raw.startsWith('<(')) read.code.push(first.hidden ? { hidden: true } : codeFlow([first]));
  else if (/^https?:\/\//i.test(first.text)) read.download = program;
  else read.files.push(first.text);
  return read;
}

/** Reads options up to the first operand; returns its index. */
function readInterpreterOptions(
  args: Arg[],
  from: number,
  spec: Spec,
  read: InlineCode,
): { next: number; ended: boolean; module?: string | undefined } {
  let at = from;
  let ended = false;
  let module: string | undefined;
  const take = (arg: Arg, rest: string): Arg | undefined =>
    rest === '' ? args[++at] : { ...arg, text: rest, raw: rest };
  const use = (kind: 'code' | 'value' | 'module' | 'file', value: Arg | undefined) => {
    if (value === undefined) return;
    const data = dataUrl(value.text);
    if (kind === 'code' || data !== undefined)
      read.code.push(data === undefined ? codeFlow([value]) : { text: data });
    else if (kind === 'module') read.modules.push(value.text);
    else if (kind === 'file') read.files.push(value.text);
  };
  for (; at < args.length && !ended; at++) {
    const arg = args[at] as Arg;
    const text = arg.text;
    if (text === '--') return { next: at + 1, ended, module };
    if (text === '-' || !text.startsWith('-')) break;
    const word = text.startsWith('--') ? undefined : spec.words?.[text.slice(1)];
    if (word !== undefined) {
      if (word !== 'flag') use(word, args[++at]);
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const kind = spec.long?.[text.slice(2, eq < 0 ? undefined : eq)];
      if (kind !== undefined) use(kind, eq >= 0 ? { ...arg, text: text.slice(eq + 1) } : args[++at]);
      // A number after an option nobody listed is its value (`node --stack-size 2000 -e …`).
      else if (eq < 0 && /^\d+$/.test(args[at + 1]?.text ?? '')) at += 1;
      continue;
    }
    for (let j = 1; j < text.length; j++) {
      const letter = text[j] as string;
      const rest = text.slice(j + 1);
      // `node -pe CODE`: print, and the code follows.
      if (letter === 'p' && rest === 'e' && spec.code.includes('e')) continue;
      if (spec.code.includes(letter) || spec.valued.includes(letter)) {
        const value = take(arg, rest);
        if (spec.code.includes(letter)) use('code', value);
        else if (spec.modules?.includes(letter)) use('module', value);
        else if (spec.files?.includes(letter)) use('file', value);
        if (spec.ends?.includes(letter)) {
          ended = true;
          if (letter === 'm') module = value?.text;
        }
        break;
      }
      if (spec.rest?.includes(letter)) {
        if (rest !== '' && spec.modules?.includes(letter)) read.modules.push(rest);
        // `perl -d:Trace` loads Devel::Trace as a debugger.
        if (letter === 'd' && rest.startsWith(':')) read.modules.push(`Devel::${rest.slice(1)}`);
        break;
      }
      const own = spec.digits?.[letter];
      if (own !== undefined) {
        own.lastIndex = j + 1;
        if (own.test(text)) j = own.lastIndex - 1;
      }
    }
  }
  return { next: at, ended, module };
}

/** The code of a `data:` URL (`data:text/javascript,…`, base64 too), or undefined. */
function dataUrl(text: string): string | undefined {
  const match = /^data:([^,]*),(.*)$/is.exec(text);
  if (match === null) return undefined;
  const body = match[2] as string;
  try {
    return /;base64$/i.test(match[1] as string)
      ? Buffer.from(body, 'base64').toString('utf8')
      : decodeURIComponent(body);
  } catch {
    return body;
  }
}
