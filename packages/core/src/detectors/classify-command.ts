import { parse } from 'shell-quote';
import { CREDENTIAL_PATH } from './credential-paths.ts';

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

type Token = ReturnType<typeof parse>[number];

interface Segment {
  words: string[];
  /** The operator that ended the segment (`|`, `&&`, `;`, `<(`, `)` …). */
  next: string | undefined;
  /** Redirection targets (`> file`). */
  redirects: string[];
  /** Nesting depth in `$( )`, `<( )` or `( )` groups. */
  depth: number;
}

const SEPARATORS = new Set(['|', '||', '&&', ';', '&', ';;', '|&', '(', ')', '<(', '>(']);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '>|', '&>']);
const WRAPPERS = new Set([
  'nohup',
  'time',
  'nice',
  'ionice',
  'stdbuf',
  'command',
  'builtin',
  'exec',
  'timeout',
  'xargs',
  'env',
  'watch',
]);
const PRIVILEGE = new Set(['sudo', 'su', 'doas', 'pkexec', 'runas', 'setcap', 'visudo', 'chroot']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'ash', 'csh', 'tcsh']);
const INTERPRETERS = new Set([
  ...SHELLS,
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'node',
  'php',
  'pwsh',
  'powershell',
  'iex',
  'invoke-expression',
  'source',
  '.',
  'eval',
  'deno',
  'bun',
]);
const DOWNLOADERS = new Set([
  'curl',
  'wget',
  'fetch',
  'aria2c',
  'http',
  'https',
  'iwr',
  'invoke-webrequest',
  'irm',
  'invoke-restmethod',
  'lwp-download',
]);
const NETWORK = new Set([
  ...DOWNLOADERS,
  'nc',
  'ncat',
  'netcat',
  'socat',
  'ssh',
  'scp',
  'sftp',
  'rsync',
  'ftp',
  'telnet',
  'nmap',
]);
const WIPERS = new Set([
  'mkfs',
  'mke2fs',
  'mkswap',
  'wipefs',
  'shred',
  'fdisk',
  'sfdisk',
  'parted',
  'gdisk',
  'shutdown',
  'reboot',
  'halt',
  'poweroff',
  'killall5',
]);
const DEVICE = /^\/dev\/(sd|hd|nvme|vd|xvd|mmcblk|disk|mapper|md)/;
const SYSTEM_PATH =
  /^(\/|\/\*|~\/?|~\/\*|\*|\.\/?\*?|\.\.\/?|\$HOME\/?|\/(bin|boot|dev|etc|home|lib|lib64|opt|proc|root|sbin|srv|sys|usr|var)(\/\*?)?)$/;
const FORK_BOMB = /(\S+)\s*\(\s*\)\s*\{[^}]*\1\s*\|\s*\1\s*&/;
const SUBSTITUTION = /`([^`]*)`/g;
const MAX_DEPTH = 4;

/**
 * Classifies a shell command line by parsing it the way a shell tokenises it (quotes, operators,
 * pipelines, `$( )` and `<( )` groups), following `sh -c`, `eval` and backticks into their
 * strings. Looks at what runs, not at substrings of the whole line.
 *
 * @example
 * classifyCommand('curl -s https://x.sh | sudo bash').findings.map((f) => f.class)
 * // ['downloadExec', 'privilege', 'network']
 */
export function classifyCommand(command: string): CommandClassification {
  const result: CommandClassification = { programs: [], findings: [] };
  analyse(command, result, 0);
  const seen = new Set<string>();
  result.findings = result.findings.filter((f) => {
    const key = `${f.class}:${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return result;
}

/** `executes`: the whole string is run as code (it came from `sh -c` or `eval`). */
function analyse(command: string, result: CommandClassification, level: number, executes = false): void {
  if (level > MAX_DEPTH) {
    result.findings.push({ class: 'destructive', reason: 'commands nested too deeply to analyse' });
    return;
  }
  if (FORK_BOMB.test(command)) result.findings.push({ class: 'destructive', reason: 'a fork bomb' });
  for (const match of command.matchAll(SUBSTITUTION)) analyse(match[1] ?? '', result, level + 1);
  const segments = split(parse(command, (name) => `$${name}`));
  const downloads = new Set<number>();
  const downloadedFiles = new Set<string>();
  segments.forEach((segment, index) => {
    const { program, args } = resolveProgram(segment.words, result);
    if (program === undefined) return;
    result.programs.push(program);
    inspect(program, args, segment, result, level);
    if (DOWNLOADERS.has(program)) {
      downloads.add(index);
      const file = outputFile(args);
      if (file) downloadedFiles.add(file);
    }
    const runs = INTERPRETERS.has(program) ? args.find((a) => !a.startsWith('-')) : program;
    if (runs !== undefined && [...downloadedFiles].some((file) => sameFile(file, runs))) {
      result.findings.push({
        class: 'downloadExec',
        reason: `runs ${runs}, downloaded earlier in the same command`,
      });
    }
  });
  // A download piped into an interpreter, or fed to one through <( ) or $( ).
  segments.forEach((segment, index) => {
    if (!downloads.has(index)) return;
    for (let j = index + 1; j < segments.length; j++) {
      const previous = segments[j - 1] as Segment;
      const target = resolveProgram((segments[j] as Segment).words, undefined).program;
      if (previous.next !== '|' && previous.next !== '|&') break;
      if (target !== undefined && INTERPRETERS.has(target)) {
        result.findings.push({
          class: 'downloadExec',
          reason: `downloads with ${programOf(segment)} and pipes it into ${target}`,
        });
        return;
      }
    }
    if (
      segment.depth > 0 &&
      (executes || segments.some((s) => s.depth < segment.depth && INTERPRETERS.has(programOf(s) ?? '')))
    ) {
      result.findings.push({
        class: 'downloadExec',
        reason: `runs the output of ${programOf(segment)} as code`,
      });
    }
  });
}

function split(tokens: Token[]): Segment[] {
  const segments: Segment[] = [];
  let current: Segment = { words: [], next: undefined, redirects: [], depth: 0 };
  let depth = 0;
  let redirect = false;
  for (const token of tokens) {
    if (typeof token === 'string') {
      if (redirect) current.redirects.push(token);
      else current.words.push(token);
      redirect = false;
    } else if ('op' in token) {
      if (token.op === 'glob') {
        current.words.push((token as { pattern: string }).pattern);
      } else if (REDIRECTS.has(token.op)) {
        redirect = true;
      } else if (SEPARATORS.has(token.op)) {
        current.next = token.op;
        segments.push(current);
        if (token.op === '(' || token.op === '<(' || token.op === '>(') depth += 1;
        if (token.op === ')') depth = Math.max(0, depth - 1);
        current = { words: [], next: undefined, redirects: [], depth };
      }
    }
  }
  segments.push(current);
  return segments.filter((s) => s.words.length > 0 || s.redirects.length > 0);
}

/** Skips assignments and wrappers (`FOO=1 nohup sudo rm …` runs rm); notes privilege wrappers. */
function resolveProgram(
  words: string[],
  result: CommandClassification | undefined,
): { program?: string; args: string[] } {
  let i = 0;
  while (i < words.length) {
    const word = words[i] as string;
    const name = basename(word);
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word === '$' || word === '{' || word === '}') i += 1;
    else if (PRIVILEGE.has(name)) {
      result?.programs.push(name);
      result?.findings.push({ class: 'privilege', reason: `runs ${name}` });
      i += 1;
      // Options of the wrapper, and the value of those that take one (sudo -u root).
      while (i < words.length && (words[i] as string).startsWith('-'))
        i += /^-[ugCDhprtT]$/.test(words[i] as string) ? 2 : 1;
    } else if (WRAPPERS.has(name)) {
      const start = i;
      i += 1;
      while (i < words.length && /^(-|\d|[A-Za-z_][A-Za-z0-9_]*=)/.test(words[i] as string)) i += 1;
      // A wrapper with nothing to wrap is the program itself (`env` alone prints the environment).
      if (i >= words.length) return { program: name, args: words.slice(start + 1) };
    } else return { program: name, args: words.slice(i + 1) };
  }
  return { args: [] };
}

function inspect(
  program: string,
  args: string[],
  segment: Segment,
  result: CommandClassification,
  level: number,
): void {
  const push = (cls: CommandClass, reason: string) => result.findings.push({ class: cls, reason });
  const flags = args.filter((a) => a.startsWith('-')).join(' ');
  if (program === 'rm' && /(^|\s)(-[a-zA-Z]*[rRf]|--recursive|--force|--no-preserve-root)/.test(flags)) {
    const target = args.find((a) => !a.startsWith('-') && SYSTEM_PATH.test(a));
    if (target !== undefined || flags.includes('--no-preserve-root'))
      push('destructive', `rm ${flags} ${target ?? ''}`.trim());
  }
  if (WIPERS.has(program) || program.startsWith('mkfs.')) push('destructive', `runs ${program}`);
  if (program === 'dd' && args.some((a) => a.startsWith('of=/dev/')))
    push('destructive', 'dd writes to a device');
  if (program === 'find' && (args.includes('-delete') || (args.includes('-exec') && args.includes('rm')))) {
    push('destructive', 'find deletes what it finds');
  }
  if (
    (program === 'chmod' || program === 'chown') &&
    /-[a-zA-Z]*R/.test(flags) &&
    args.some((a) => SYSTEM_PATH.test(a))
  ) {
    push('destructive', `${program} -R on a system path`);
  }
  if (program === 'chmod' && args.some((a) => /^([ugoa]*\+s|[2467]\d{3})$/.test(a)))
    push('privilege', 'chmod sets setuid/setgid');
  if (program === 'chown' && args.some((a) => /^root(:|$)/.test(a))) push('privilege', 'chown to root');
  if (program === 'git' && args[0] === 'push' && args.some((a) => a === '-f' || a.startsWith('--force')))
    push('destructive', 'git push --force');
  if (program === 'kill' && args.some((a) => a === '-1' || a === '1'))
    push('destructive', 'kill of every process or init');
  if (program === 'crontab' && args.includes('-r')) push('destructive', 'crontab -r removes every job');
  if (segment.redirects.some((target) => DEVICE.test(target)))
    push('destructive', 'writes to a block device');
  if (
    program === 'printenv' ||
    ((program === 'env' || program === 'export' || program === 'set') && args.length === 0)
  ) {
    push('credentials', `${program} dumps the environment`);
  }
  if (program === 'gcloud' && args.join(' ').includes('print-access-token'))
    push('credentials', 'prints a cloud access token');
  if (program === 'aws' && args[0] === 'configure' && args[1] === 'get')
    push('credentials', 'reads AWS configuration');
  if (program === 'security' && /find-(generic|internet)-password/.test(args.join(' ')))
    push('credentials', 'reads the keychain');
  for (const word of [...args, ...segment.redirects]) {
    if (CREDENTIAL_PATH.test(word)) {
      push('credentials', `touches ${word}`);
      break;
    }
  }
  if (NETWORK.has(program)) push('network', `runs ${program}`);
  // Strings that are themselves commands.
  if ((SHELLS.has(program) || program === 'su') && args.includes('-c')) {
    const code = args[args.indexOf('-c') + 1];
    if (code !== undefined) analyse(code, result, level + 1, true);
  }
  if (program === 'eval' || program === 'xargs')
    analyse(args.join(' '), result, level + 1, program === 'eval');
}

function outputFile(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-o' || arg === '-O' || arg === '--output' || arg === '--output-document') return args[i + 1];
    if (arg.startsWith('--output=') || arg.startsWith('--output-document='))
      return arg.slice(arg.indexOf('=') + 1);
  }
  return undefined;
}

function sameFile(a: string, b: string): boolean {
  const clean = (p: string) => p.replace(/^\.\//, '');
  return clean(a) === clean(b);
}

function programOf(segment: Segment): string | undefined {
  return resolveProgram(segment.words, undefined).program;
}

function basename(word: string): string {
  const slash = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
  return (slash >= 0 ? word.slice(slash + 1) : word).toLowerCase().replace(/\.exe$/, '');
}
