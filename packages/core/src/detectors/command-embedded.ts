import { awkString, printStatements, readAwk } from './command-awk.ts';
import type { Arg } from './command-checks.ts';
import { escapedCode } from './command-escapes.ts';
import { macroCode } from './command-macros.ts';
import { readOptions } from './command-options.ts';
import { readSed, readSedScript } from './command-sed.ts';

/** Code a program runs that is written inside its arguments rather than after them. */
export interface EmbeddedCode {
  /** Command lines it runs: arguments joined as `sh -c` would read them, or literal text. */
  code: (Arg[] | string)[];
  /** Why it runs code that cannot be read before it runs (`sed`'s `e`, awk's `system(x)`). */
  unreadable?: string | undefined;
  /** Whether it runs the commands it reads from standard input (`at now`). */
  readsStdin?: boolean;
  /** Command lines that read text nobody can know on their standard input (awk's `print | "sh"`). */
  piped?: string[];
  /** What it runs of the script piped into it (`echo 'esyscmd(…)' | m4`, `dc`, `ed`, `make -f -`). */
  stdin?: ((text: string) => EmbeddedCode) | undefined;
}

// Git settings whose value is a command git runs through the shell.
const GIT_COMMAND_KEY =
  /^(core\.(sshcommand|pager|editor|fsmonitor|askpass|gitproxy)|sequence\.editor|diff\.external|diff\..+\.(textconv|command)|filter\..+\.(clean|smudge|process)|merge\..+\.driver|gpg\.(\w+\.)?program|pager\..+|uploadpack\.packobjectshook|credential\.helper|remote\..+\.(uploadpack|receivepack)|sendemail\.\w*cmd)$/i;
// GNU tar options that run a command, by full name (tar also takes a unique prefix of one).
const TAR_COMMAND_OPTIONS = [
  'to-command',
  'use-compress-program',
  'rsh-command',
  'info-script',
  'new-volume-script',
];
const TMUX_VALUES: Record<string, string> = {
  'new-session': 'cefFnstxy',
  new: 'cefFnstxy',
  'new-window': 'cefFnt',
  neww: 'cefFnt',
  'split-window': 'cefFlt',
  splitw: 'cefFlt',
  'respawn-pane': 'cet',
  respawnp: 'cet',
  'respawn-window': 'cet',
  respawnw: 'cet',
  'run-shell': 'cdt',
  run: 'cdt',
  'display-popup': 'bcdehsStTwxy',
  popup: 'bcdehsStTwxy',
  'pipe-pane': 't',
  pipep: 't',
  'if-shell': 't',
  if: 't',
  'send-keys': 'Nt',
  send: 'Nt',
};

/**
 * Programs that run a command line given as an argument or an option: `trap`, `script -c`,
 * `alias` (its body runs where the alias is used), `sg`, `tmux`, `at`, `git -c alias.x='!…'`,
 * package.json scripts set by `npm pkg set`,
 * tar's `--to-command` and `--checkpoint-action=exec=`, sed's `e`, awk's `system()` and pipes.
 * `program` is a lower-case basename; `args` follow it.
 *
 * @example
 * embeddedCode('trap', args)?.code; // [[Arg 'rm -rf /']] for `trap "rm -rf /" EXIT`
 */
export function embeddedCode(program: string, args: Arg[]): EmbeddedCode | undefined {
  const texts = args.map((a) => a.text);
  switch (program) {
    case 'trap': {
      const from = texts[0] === '--' ? 1 : 0;
      const action = args[from];
      if (action === undefined || args.length < from + 2 || /^(-[lpP]?|)$/.test(action.text))
        return undefined;
      return { code: [[action]] };
    }
    case 'script': {
      const read = readOptions(texts, {
        short: 'cEIOBTm',
        long: [
          'command',
          'echo',
          'log-in',
          'log-out',
          'log-io',
          'log-timing',
          'logging-format',
          'output-limit',
        ],
      });
      return withValue(args, read.values.get('c') ?? read.values.get('command'));
    }
    case 'alias':
      return {
        code: args.flatMap((a) => {
          const eq = a.text.indexOf('=');
          return eq > 0 ? [[{ ...a, text: a.text.slice(eq + 1) }]] : [];
        }),
      };
    case 'sg': {
      const operands = args.filter((a) => a.text !== '-' && a.text !== '-c');
      return { code: operands.length > 1 ? [operands.slice(1)] : [] };
    }
    case 'at':
    case 'batch': {
      const read = readOptions(texts, { short: 'qfmMt' });
      return read.values.has('f') ? undefined : { code: [], readsStdin: true };
    }
    case 'tmux':
      return tmuxCode(args);
    case 'npm':
      return npmScripts(args);
    case 'git':
      return gitCode(args);
    case 'tar':
      return tarCode(args);
    case 'sed':
    case 'gsed':
      return sedCode(args);
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk':
      return awkCode(args);
    default:
      return escapedCode(program, args) ?? macroCode(program, args);
  }
}

/**
 * Scripts set in package.json, which `npm test`, `npm install` or `npm run` run later:
 * `npm pkg set scripts.test='…'` and the older `npm set-script test '…'`.
 */
function npmScripts(args: Arg[]): EmbeddedCode | undefined {
  const words = args.filter((a) => !a.text.startsWith('-'));
  if (words[0]?.text === 'set-script') return { code: words[2] === undefined ? [] : [[words[2]]] };
  if (words[0]?.text !== 'pkg' || words[1]?.text !== 'set') return undefined;
  return {
    code: words.slice(2).flatMap((a) => {
      const set = /^scripts\.[^=]+=/.exec(a.text);
      return set === null ? [] : [[{ ...a, text: a.text.slice(set[0].length) }]];
    }),
  };
}

/** The argument whose text an option took, as code. */
function withValue(args: Arg[], value: string | undefined): EmbeddedCode | undefined {
  if (value === undefined) return undefined;
  const arg = args.find((a) => a.text === value || a.text.endsWith(`=${value}`));
  return { code: [arg === undefined ? value : [{ ...arg, text: value }]] };
}

/** `tmux [-c cmd] new -d "cmd" \; run-shell "cmd" \; send-keys "cmd" Enter`. */
function tmuxCode(args: Arg[]): EmbeddedCode {
  const code: (Arg[] | string)[] = [];
  let i = 0;
  while (i < args.length && (args[i] as Arg).text.startsWith('-')) {
    const option = (args[i] as Arg).text;
    if (/^-[LSfcT]$/.test(option)) {
      if (option === '-c' && args[i + 1] !== undefined) code.push([args[i + 1] as Arg]);
      i += 2;
    } else i += 1;
  }
  while (i < args.length) {
    const name = (args[i] as Arg).text;
    let end = i + 1;
    while (end < args.length && (args[end] as Arg).text !== ';') end += 1;
    const values = Object.hasOwn(TMUX_VALUES, name) ? TMUX_VALUES[name] : undefined;
    if (values !== undefined) {
      const words = args.slice(i + 1, end);
      const read = readOptions(
        words.map((a) => a.text),
        { short: values },
        true,
      );
      const operands = words.slice(read.operands[0] ?? words.length);
      if (name === 'if-shell' || name === 'if') code.push(operands.slice(0, 1));
      else if (name === 'send-keys' || name === 'send')
        code.push(operands.filter((a) => !/^(Enter|C-m|KPEnter)$/.test(a.text)));
      else if (operands.length > 0) code.push(operands);
    }
    i = end + 1;
  }
  return { code };
}

/** `git -c alias.x='!cmd'`, `git -c core.pager=cmd`: settings git runs as shell commands. */
function gitCode(args: Arg[]): EmbeddedCode {
  const read: EmbeddedCode & { code: (Arg[] | string)[] } = { code: [] };
  let i = 0;
  for (; i < args.length; i++) {
    const text = (args[i] as Arg).text;
    if (!text.startsWith('-')) break;
    if (text === '-C' || text === '-c') i += 1;
    if (text !== '-c' || args[i] === undefined) continue;
    const setting = args[i] as Arg;
    const eq = setting.text.indexOf('=');
    gitSetting(
      setting.text.slice(0, eq < 0 ? undefined : eq),
      setting.known,
      eq < 0 ? '' : setting.text.slice(eq + 1),
      read,
    );
  }
  // `git config core.fsmonitor 'cmd'`: the next git command runs it.
  if (args[i]?.text === 'config') {
    const operands: Arg[] = [];
    for (let j = i + 1; j < args.length; j++) {
      const arg = args[j] as Arg;
      if (GIT_CONFIG_VALUED.test(arg.text)) j += 1;
      else if (!arg.text.startsWith('-')) operands.push(arg);
    }
    const [key, value] = operands;
    if (key !== undefined && value !== undefined) gitSetting(key.text, value.known, value.text, read);
  }
  return read;
}

/**
 * The commands a git configuration file's text sets (`[core] fsmonitor = …`, `[alias] x = !…`),
 * as `git config` would read them: `[section "sub"]` and `[section.sub]` headers, `key = value`
 * lines, quoted values, `#` and `;` comments, and lines continued with a backslash.
 */
export function gitConfigCode(text: string): string[] {
  const read: { code: (Arg[] | string)[]; unreadable?: string } = { code: [] };
  let section = '';
  for (let line of text.replace(/\\\r?\n/g, '').split('\n')) {
    const header = /^\s*\[\s*([\w.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\]/.exec(line);
    if (header !== null) {
      section = header[2] === undefined ? (header[1] as string) : `${header[1]}.${header[2]}`;
      // A setting may follow its header on the same line.
      line = line.slice(header[0].length);
    }
    const setting = /^\s*([A-Za-z][\w-]*)\s*=\s*(.*)$/.exec(line);
    if (setting === null || section === '') continue;
    const value = configValue(setting[2] as string);
    gitSetting(`${section}.${setting[1]}`, true, value, read);
  }
  return read.code.filter((code) => typeof code === 'string');
}

/** A git config value: quotes removed, escapes read, a comment outside quotes dropped. */
function configValue(raw: string): string {
  let value = '';
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === '"') quoted = !quoted;
    else if (c === '\\') {
      const next = raw[++i] ?? '';
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else if (!quoted && (c === '#' || c === ';')) break;
    else value += c;
  }
  return value.trim();
}

// `git config` options that take the next word.
const GIT_CONFIG_VALUED = /^(-f|--file|--blob|--type|--default|--comment)$/;

/** A setting whose value git runs as a command: an alias starting with `!`, a command key, a credential helper. */
function gitSetting(
  key: string,
  known: boolean,
  value: string,
  read: { code: (Arg[] | string)[]; unreadable?: string | undefined },
): void {
  const alias = /^alias\./i.test(key) && value.startsWith('!');
  if (!alias && !GIT_COMMAND_KEY.test(key) && !/^credential\./i.test(key)) return;
  if (!known) read.unreadable = `git ${key} runs a command that cannot be read before it runs`;
  else if (alias || !/^credential\./i.test(key) || value.startsWith('!'))
    read.code.push(value.replace(/^!/, ''));
}

/** GNU tar's `--to-command`, `--checkpoint-action=exec=`, `-I`/`--use-compress-program`, `-F`. */
function tarCode(args: Arg[]): EmbeddedCode {
  const code: (Arg[] | string)[] = [];
  const add = (value: string | undefined) => {
    if (value !== undefined) code.push(value);
  };
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Arg).text;
    const next = args[i + 1]?.text;
    if (text === '-I' || text === '-F') add(next);
    if (!text.startsWith('--')) continue;
    const eq = text.indexOf('=');
    const name = text.slice(2, eq < 0 ? undefined : eq);
    const value = eq < 0 ? next : text.slice(eq + 1);
    if (name.length < 3) continue;
    if ('checkpoint-action'.startsWith(name)) add(value?.match(/^exec=([\s\S]*)$/)?.[1]);
    else if (TAR_COMMAND_OPTIONS.some((option) => option.startsWith(name))) add(value);
  }
  return { code };
}

/** GNU sed runs a command with `e` (and the `e` flag of `s`): any such script is unreadable. */
function sedCode(args: Arg[]): EmbeddedCode | undefined {
  return readSed(args).scripts.some((script) => readSedScript(script).runs)
    ? { code: [], unreadable: 'sed runs a command from its script (the e command)' }
    : undefined;
}

/**
 * awk runs commands with `system(…)`, `"cmd" | getline` and `print … | "cmd"`: a literal command is
 * read, anything else is unreadable.
 */
function awkCode(args: Arg[]): EmbeddedCode | undefined {
  const { source } = readAwk(args);
  if (source === undefined) return undefined;
  const code: string[] = [];
  const piped: string[] = [];
  let unreadable: string | undefined;
  const literal = (expression: string) => {
    const command = awkString(expression);
    if (command === undefined) unreadable = 'awk runs a command that cannot be read before it runs';
    else code.push(command);
  };
  // Each call's argument is read to its `)`: past a number of calls, the program is unreadable.
  let calls = 0;
  for (const match of source.matchAll(/\bsystem\s*\(/g)) {
    calls += 1;
    if (calls > MAX_AWK_CALLS) {
      unreadable = 'awk runs more commands than can be read before it runs';
      break;
    }
    literal(balanced(source, match.index + match[0].length));
  }
  const { statements, strings } = printStatements(source);
  const stringAt = new Map(strings.map(([start, end]) => [end, start]));
  // `cmd | getline`: the string or the word just before the pipe.
  for (const match of source.matchAll(/\|&?\s*getline\b/g)) {
    let end = match.index;
    while (end > 0 && /\s/.test(source[end - 1] as string)) end -= 1;
    const start = stringAt.get(end);
    if (start !== undefined) literal(source.slice(start, end));
    else if (end > 0 && source[end - 1] !== '|') literal(source.slice(end - 1, end));
  }
  for (const { start, end, masked } of statements) {
    const pipe = /(?<!\|)\|&?(?!\|)/.exec(masked);
    if (pipe === null) continue;
    const before = code.length;
    literal(source.slice(start + pipe.index + pipe[0].length, end));
    piped.push(...code.splice(before));
  }
  return { code, unreadable, piped };
}

// `system(…)` calls read in one awk program.
const MAX_AWK_CALLS = 32;

/** The text up to the `)` that closes a `(` just before `start`, skipping strings. */
function balanced(text: string, start: number): string {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i += 1;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    } else if (c === '(') depth += 1;
    else if (c === ')' && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}
