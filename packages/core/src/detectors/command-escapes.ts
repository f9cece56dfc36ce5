import type { Arg } from './command-checks.ts';
import type { EmbeddedCode } from './command-embedded.ts';
import { optionValues } from './command-options.ts';
import { shellWord } from './shell-quote.ts';

/**
 * Options whose value is a command line the program runs through a shell, by program:
 * `certbot --pre-hook '…'`, `yt-dlp --exec '…'`, `split --filter '…'`, `zip -TT '…'`,
 * `openvpn --up '…'`, `flock -c '…'`, `restic --password-command '…'`.
 */
const COMMAND_OPTIONS: Record<string, string[]> = {
  certbot: [
    '--pre-hook',
    '--post-hook',
    '--deploy-hook',
    '--renew-hook',
    '--manual-auth-hook',
    '--manual-cleanup-hook',
  ],
  'yt-dlp': ['--exec', '--exec-before-download'],
  'youtube-dl': ['--exec'],
  split: ['--filter'],
  zip: ['-TT', '--unzip-command'],
  openvpn: [
    '--up',
    '--down',
    '--route-up',
    '--route-pre-down',
    '--ipchange',
    '--client-connect',
    '--client-disconnect',
    '--learn-address',
    '--tls-verify',
    '--auth-user-pass-verify',
  ],
  scrot: ['-e', '--exec'],
  borg: ['--rsh'],
  restic: ['--password-command'],
  rclone: ['--password-command'],
  valgrind: ['--db-command'],
  dmsetup: ['--exec'],
  dnsmasq: ['--conf-script'],
  enscript: ['-I', '--filter'],
  gem: ['-e', '--editor'],
  pip: ['--editor'],
  pip3: ['--editor'],
  genie: ['-c'],
  tmate: ['-c'],
  mail: ['--exec'],
  latexmk: ['-pdflatex', '-latex', '-lualatex', '-xelatex', '-dvipdf', '-ps2pdf'],
};

// Editors and debuggers whose command options can leave for a shell or an interpreter.
const VIM = new Set([
  'vi',
  'vim',
  'nvim',
  'view',
  'vimdiff',
  'ex',
  'gvim',
  'evim',
  'rvim',
  'nvi',
  'vim.basic',
]);
const VIM_OPTIONS = ['-c', '--cmd'];
const GDB_OPTIONS = [
  '-ex',
  '--ex',
  '-eval-command',
  '--eval-command',
  '-iex',
  '--iex',
  '-init-eval-command',
  '--init-eval-command',
];
const SQL_CLIENTS: Record<string, string[]> = {
  mysql: ['-e', '--execute'],
  mariadb: ['-e', '--execute'],
  psql: ['-c', '--command'],
  lftp: ['-c', '-e'],
};

/**
 * Command lines run by programs that are not shells but leave for one: the options of
 * `COMMAND_OPTIONS`, `ksu -e cmd args`, and the escapes of editors, debuggers and database
 * clients given as options — `vim -c ':!cmd'`, `vim -c ':py3 …'`, `gdb -ex '!cmd'`,
 * `gdb -ex 'python …'`, `mysql -e '\! cmd'`, `psql -c '\! cmd'`, `sqlite3 db '.shell cmd'`.
 * Code for an interpreter is returned as the command line that would run it (`python3 -c '…'`).
 *
 * @example
 * escapedCode('vim', args)?.code; // ['rm -rf /'] for `vim -c ':!rm -rf /'`
 */
export function escapedCode(program: string, args: Arg[]): EmbeddedCode | undefined {
  if (program === 'ksu') {
    const at = args.findIndex((a) => a.text === '-e');
    return at < 0 ? undefined : { code: [args.slice(at + 1)] };
  }
  if (Object.hasOwn(COMMAND_OPTIONS, program))
    return {
      // mail's `--exec='!cmd'` is its `!` command.
      code: optionValues(args, COMMAND_OPTIONS[program] as string[]).map((a) => [
        program === 'mail' ? { ...a, text: a.text.replace(/^!/, '') } : a,
      ]),
    };
  if (program === 'hg') return hgCode(args);
  if (program === 'sshfs') return { code: sshfsCommands(args) };
  if (program === 'sysctl') return { code: corePatternPipes(args) };
  if (program === 'csvtool') {
    const at = args.findIndex((a) => a.text === 'call');
    return { code: at < 0 || args[at + 1] === undefined ? [] : [[args[at + 1] as Arg]] };
  }
  if (program === 'bpftrace')
    return escapes(
      [
        ...optionValues(args, ['-e']),
        ...optionValues(args, ['-c']).map((a) => ({ ...a, text: `system("${a.text}")` })),
      ],
      systemCalls,
    );
  if (VIM.has(program)) {
    const commands = [
      ...optionValues(args, VIM_OPTIONS),
      ...args.filter((a) => /^\+[^\d+]/.test(a.text)).map((a) => ({ ...a, text: a.text.slice(1) })),
    ];
    return escapes(commands, vimEscape);
  }
  if (program === 'gdb') return escapes(optionValues(args, GDB_OPTIONS), gdbEscape);
  if (program === 'sqlite3') {
    // `sqlite3 [options] db 'sql or .command'…`, and `-cmd '.command'`.
    const commands = optionValues(args, ['-cmd', '--cmd']);
    const operands = args.filter(
      (a, i) => !a.text.startsWith('-') && !/^-?-cmd$/.test(args[i - 1]?.text ?? ''),
    );
    return escapes([...commands, ...operands.slice(1)], sqliteEscape);
  }
  if (Object.hasOwn(SQL_CLIENTS, program))
    return escapes(optionValues(args, SQL_CLIENTS[program] as string[]), sqlClientEscape);
  return undefined;
}

/** What an escape returns for a command line built at run time (`call system(x)`). */
const UNREADABLE = '\0';

/** `hg --config alias.x='!cmd'`, and the hooks and tools Mercurial runs through a shell. */
function hgCode(args: Arg[]): EmbeddedCode {
  const code = optionValues(args, ['--config']).flatMap((a) => {
    const setting = /^(alias\.[^=]+=!|hooks\.[^=]+=|ui\.(editor|merge|ssh)=|pager\.pager=)(.*)$/s.exec(
      a.text,
    );
    return setting === null ? [] : [[{ ...a, text: setting[3] as string }]];
  });
  return { code };
}

/** `sshfs -o ssh_command='cmd'`: the command sshfs runs in place of ssh. */
function sshfsCommands(args: Arg[]): Arg[][] {
  return optionValues(args, ['-o']).flatMap((a) =>
    a.text
      .split(',')
      .filter((option) => option.startsWith('ssh_command='))
      .map((option) => [{ ...a, text: option.slice('ssh_command='.length) }]),
  );
}

/** `sysctl kernel.core_pattern='|cmd'`: the kernel runs the command when a program crashes. */
function corePatternPipes(args: Arg[]): Arg[][] {
  return args.flatMap((a) => {
    const pipe = /^kernel[./]core_pattern\s*=\s*\|(.*)$/s.exec(a.text);
    return pipe === null ? [] : [[{ ...a, text: pipe[1] as string }]];
  });
}

/** The literal command lines of `system("…")` calls (bpftrace). */
function systemCalls(code: string): string[] {
  const calls = [...code.matchAll(/\bsystem\(\s*"((?:[^"\\]|\\.)*)"/g)].map((m) =>
    (m[1] as string).replace(/\\(.)/g, '$1'),
  );
  return calls.length === 0 && /\bsystem\(/.test(code) ? [UNREADABLE] : calls;
}

/** The command lines a list of commands escapes to, each read by `read`. */
function escapes(commands: Arg[], read: (command: string) => string[]): EmbeddedCode {
  const code: (Arg[] | string)[] = [];
  let unreadable: string | undefined;
  for (const command of commands) {
    const lines = read(command.text);
    if (lines.length === 0) continue;
    if (!command.known || lines.includes(UNREADABLE))
      unreadable = 'runs a shell command that cannot be read before it runs';
    else code.push(...lines);
  }
  return { code, unreadable };
}

/** A shell line that runs `code` with an interpreter: `python3 -c '…'`. */
function interpreted(interpreter: string, code: string): string {
  return `${interpreter} -c ${shellWord(code)}`;
}

/**
 * Vim's Ex commands that leave for a shell or an interpreter: `!cmd`, `r !cmd`, `w !cmd`,
 * `terminal cmd`, `call system('cmd')`, `py3 code`, `lua code`, each after optional `:` and
 * `silent`; commands joined by `|` are read one by one (a `!` takes the rest of the line).
 */
function vimEscape(command: string): string[] {
  const lines: string[] = [];
  let rest = command;
  while (rest.trim() !== '') {
    const text = rest.replace(/^[\s:]*(?:sil(?:ent)?!?\s*)?/, '');
    const shell = /^(?:(?:r(?:ead)?|w(?:rite)?|\d*,?\d*)\s*)?!(.*)$/s.exec(text);
    if (shell !== null) {
      lines.push(shell[1] as string);
      break;
    }
    const bar = text.indexOf('|');
    const one = bar < 0 ? text : text.slice(0, bar);
    rest = bar < 0 ? '' : text.slice(bar + 1);
    const terminal = /^ter(?:m|mi|min|mina|minal)?!?\s+(.*)$/s.exec(one);
    const system = /^(?:call\s+|echo\s+|exe(?:cute)?\s+)?system\(\s*(['"])(.*)\1\s*\)/s.exec(one);
    const python = /^(?:py(?:thon)?3?|pyx|pythonx|py3do|pydo)\s+(.*)$/s.exec(one);
    const lua = /^lua(?:do)?\s+(.*)$/s.exec(one);
    if (terminal !== null) lines.push(terminal[1] as string);
    else if (system !== null) lines.push(system[2] as string);
    else if (python !== null) lines.push(interpreted('python3', python[1] as string));
    else if (lua !== null) lines.push(interpreted('lua', lua[1] as string));
    else if (/^(?:call|echo|exe(?:cute)?)\b.*\bsystem\(/s.test(one)) lines.push(UNREADABLE);
  }
  return lines;
}

/** gdb's `!cmd`, `shell cmd`, `pipe … | cmd` and `python code`. */
function gdbEscape(command: string): string[] {
  const text = command.trim();
  const shell = /^(?:!|she(?:ll?)?\s+)(.*)$/s.exec(text);
  if (shell !== null) return [shell[1] as string];
  const pipe = /^(?:pipe|\|)\s.*?\|(.*)$/s.exec(text);
  if (pipe !== null) return [pipe[1] as string];
  const python = /^(?:python|py|pi|python-interactive)\s+(.*)$/s.exec(text);
  if (python !== null) return [interpreted('python3', python[1] as string)];
  return [];
}

/** SQLite shell's `.shell cmd` and `.system cmd`. */
function sqliteEscape(command: string): string[] {
  return [...command.matchAll(/(?:^|[\n;])\s*\.(?:shell|system)\s+([^\n]*)/g)].map((m) => m[1] as string);
}

/** `\! cmd` of mysql and psql, mysql's `system cmd`, lftp's `!cmd`. */
function sqlClientEscape(command: string): string[] {
  return [...command.matchAll(/(?:^|[\n;])\s*(?:\\!|system\s|!)\s*([^\n;]*)/g)].map((m) => m[1] as string);
}
