import { type Arg, literalArg } from './command-checks.ts';
import type { EmbeddedCode } from './command-embedded.ts';
import { optionValues } from './command-options.ts';
import { ANSIBLE_COMMAND_MODULE } from './command-programs.ts';
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
  // Programs named by an option and run later: a download's hook, a capture file's
  // post-rotate command, scp's ssh, wget's password prompt, logrotate's mailer, forge's solc.
  aria2c: [
    '--on-download-start',
    '--on-download-pause',
    '--on-download-stop',
    '--on-download-complete',
    '--on-download-error',
    '--on-bt-download-complete',
  ],
  tcpdump: ['-z'],
  scp: ['-S'],
  sftp: ['-S'],
  wget: ['--use-askpass'],
  logrotate: ['-m', '--mail'],
  forge: ['--use'],
  check_ssl_cert: ['--grep-bin', '--openssl', '--file-bin', '--curl-bin', '--date'],
  sshuttle: ['-e', '--ssh-cmd'],
  // `fail2ban-client set jail action name actionban 'cmd'`: the jail runs it on each ban.
  'fail2ban-client': [
    'actionban',
    'actionunban',
    'actionstart',
    'actionstop',
    'actioncheck',
    'actionflush',
    'actionrepair',
  ],
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
// lftp's commands, given as options or piped in. The escapes of SQL clients (`psql -c '\! cmd'`,
// `mysql -e 'system cmd'`) are read with the rest of their SQL (`judgeSql`).
const LFTP_OPTIONS = ['-c', '-e'];

/**
 * Command lines run by programs that are not shells but leave for one: the options of
 * `COMMAND_OPTIONS`, `ksu -e cmd args`, and the escapes of editors, debuggers and database
 * clients given as options — `vim -c ':!cmd'`, `vim -c ':py3 …'`, `gdb -ex '!cmd'`,
 * `gdb -ex 'python …'`, `lftp -c '!cmd'`, `sqlite3 db '.shell cmd'`.
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
  const interpreter = interpreterCode(program, args);
  if (Object.hasOwn(COMMAND_OPTIONS, program)) {
    // mail's `--exec='!cmd'` is its `!` command.
    const commands = optionValues(args, COMMAND_OPTIONS[program] as string[]).map((a) => [
      program === 'mail' ? { ...a, text: a.text.replace(/^!/, '') } : a,
    ]);
    return { ...interpreter, code: [...commands, ...(interpreter?.code ?? [])] };
  }
  if (interpreter !== undefined) return interpreter;
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
  // Without a command of their own they read commands from standard input.
  if (program === 'gdb') {
    const batch = args.some((a) => /^--?batch(-silent)?$/.test(a.text));
    return piped(escapes(optionValues(args, GDB_OPTIONS), gdbEscape), !batch, (script) =>
      script.split('\n').flatMap(gdbEscape),
    );
  }
  if (program === 'sqlite3') {
    // `sqlite3 [options] db 'sql or .command'…`, and `-cmd '.command'`.
    const commands = optionValues(args, ['-cmd', '--cmd']);
    const operands = args.filter(
      (a, i) => !a.text.startsWith('-') && !/^-?-cmd$/.test(args[i - 1]?.text ?? ''),
    );
    const read = escapes([...commands, ...operands.slice(1)], sqliteEscape);
    return piped(read, operands.length < 2, sqliteEscape);
  }
  // `ansible all -m shell -a 'cmd'`: the command modules (`command` is the default) run `-a` on
  // every host matched, as `ssh host cmd` does.
  if (program === 'ansible') {
    const module = optionValues(args, ['-m', '--module-name']).at(-1)?.text ?? 'command';
    if (!ANSIBLE_COMMAND_MODULE.test(module)) return undefined;
    return {
      code: optionValues(args, ['-a', '--args']).map((a) => [{ ...a, text: a.text.replace(/^cmd=/, '') }]),
    };
  }
  // `apt-get -o APT::Update::Pre-Invoke::=cmd update`: APT runs its hooks through a shell.
  if (program === 'apt' || program === 'apt-get') {
    const hooks = optionValues(args, ['-o', '--option']).flatMap((a) => {
      const hook = /^[\w:-]*(?:Pre|Post)-Invoke(?:-Success)?(?:::)?=(.*)$/is.exec(a.text)?.[1];
      return hook === undefined ? [] : [hook];
    });
    return hooks.length === 0 ? undefined : { code: hooks };
  }
  if (program === 'lftp') {
    const commands = optionValues(args, LFTP_OPTIONS);
    return piped(escapes(commands, lftpEscape), commands.length === 0, lftpEscape);
  }
  return undefined;
}

/**
 * Options whose value is code for an interpreter, and the command line that would run it:
 * `rake -e '…'` (Ruby), `latexmk -e '…'` and `exiftool -if '…'` (Perl), `sqlmap --eval '…'`.
 */
const CODE_OPTIONS: Record<string, [string[], string]> = {
  rake: [['-e', '--execute', '-p', '--execute-print', '-E', '--execute-continue'], 'ruby -e'],
  latexmk: [['-e'], 'perl -e'],
  exiftool: [['-if'], 'perl -e'],
  sqlmap: [['--eval'], 'python3 -c'],
};

/**
 * Subcommands that run code given as their operand, or as an option for `knife exec -E`:
 * `drush php:eval '…'`, `wp eval '…'` (PHP), `rails runner '…'` (Ruby).
 */
const EVAL_COMMANDS: Record<string, [RegExp, string]> = {
  drush: [/^(php:eval|php-eval|eval|ev)$/, 'php -r'],
  wp: [/^eval$/, 'php -r'],
  bee: [/^(eval|ev|php-eval)$/, 'php -r'],
  rails: [/^(runner|r)$/, 'ruby -e'],
  knife: [/^exec$/, 'ruby -e'],
};

/** Code for an interpreter given to a program that is not one (see `CODE_OPTIONS`, `EVAL_COMMANDS`). */
function interpreterCode(program: string, args: Arg[]): EmbeddedCode | undefined {
  if (Object.hasOwn(CODE_OPTIONS, program)) {
    const [options, runner] = CODE_OPTIONS[program] as [string[], string];
    return escapes(optionValues(args, options), (code) => [interpreted(runner, code)]);
  }
  if (Object.hasOwn(EVAL_COMMANDS, program)) {
    const [subcommand, runner] = EVAL_COMMANDS[program] as [RegExp, string];
    const at = args.findIndex((a) => !a.text.startsWith('-'));
    if (at < 0 || !subcommand.test((args[at] as Arg).text)) return undefined;
    const after = args.slice(at + 1);
    const code =
      program === 'knife'
        ? optionValues(after, ['-E', '--exec'])
        : after.filter((a) => !a.text.startsWith('-')).slice(0, 1);
    return escapes(code, (text) => [interpreted(runner, text)]);
  }
  // GIMP's batch commands are Scheme unless the interpreter named is Python's.
  if (/^gimp(-console)?(-[\d.]+)?$/.test(program)) {
    const language = optionValues(args, ['--batch-interpreter'])[0]?.text;
    if (language !== 'python-fu-eval') return undefined;
    return escapes(optionValues(args, ['-b', '--batch']), (code) => [interpreted('python3 -c', code)]);
  }
  return undefined;
}

/** What an escape returns for a command line built at run time (`call system(x)`). */
export const UNREADABLE = '\0';

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
export function escapes(commands: Arg[], read: (command: string) => string[]): EmbeddedCode {
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

/** A shell line that runs `code` with an interpreter and its code option: `python3 -c '…'`. */
export function interpreted(runner: string, code: string): string {
  return `${runner} ${shellWord(code)}`;
}

// Vim's commands that run a line of an interpreter's code, and the command line that would.
const VIM_LANGUAGES: [RegExp, string][] = [
  [/^(?:py(?:thon)?3?|pyx|pythonx|py3do|pydo)\s+/, 'python3 -c'],
  [/^lua(?:do)?\s+/, 'lua -e'],
  [/^perl(?:do)?\s+/, 'perl -e'],
  [/^rub(?:y|ydo)?\s+/, 'ruby -e'],
];

/**
 * Vim's Ex commands that leave for a shell or an interpreter: `!cmd`, `r !cmd`, `w !cmd`,
 * `terminal cmd`, `call system('cmd')`, `py3 code`, `lua code`, `perl code`, `ruby code`, each after optional `:` and
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
    const language = VIM_LANGUAGES.find(([name]) => name.test(one));
    if (terminal !== null) lines.push(terminal[1] as string);
    else if (system !== null) lines.push(system[2] as string);
    else if (language !== undefined) lines.push(interpreted(language[1], one.replace(language[0], '')));
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
  if (python !== null) return [interpreted('python3 -c', python[1] as string)];
  return [];
}

/** `read` with the script piped into the program read the same way, when it reads one. */
export function piped(
  read: EmbeddedCode,
  readsStdin: boolean,
  reader: (command: string) => string[],
): EmbeddedCode {
  return readsStdin ? { ...read, stdin: (text) => escapes([literalArg(text)], reader) } : read;
}

/**
 * SQLite shell's dot-commands that leave for a shell or touch files, as the shell line that
 * does the same: `.shell cmd` and `.system cmd`; `.output`, `.once`, `.read` and `.import` of
 * `|cmd`; `.output FILE`, `.once FILE`, `.save FILE` and `.log FILE` write FILE (`: > FILE`);
 * `.import FILE table` reads it (`cat FILE`).
 */
function sqliteEscape(command: string): string[] {
  const lines: string[] = [];
  for (const [, name, rest] of command.matchAll(/(?:^|[\n;])\s*\.(\w+)[ \t]*([^\n]*)/g) as Iterable<
    [string, string, string]
  >) {
    if (name === 'shell' || name === 'system') {
      lines.push(rest);
      continue;
    }
    // Options (`--csv`, `-x`) come before the file.
    const word = [...rest.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)].find(
      (m) => !m[0].startsWith('-'),
    );
    if (word === undefined) continue;
    const file = word[1] ?? word[2] ?? (word[0] as string);
    // An unquoted `|cmd …` pipes into the rest of the line.
    if (file.startsWith('|') && ['output', 'once', 'read', 'import'].includes(name))
      lines.push(word[3] === undefined ? file.slice(1) : rest.slice(word.index + 1));
    else if (['output', 'once', 'save', 'log'].includes(name) && !/^(stdout|stderr|off)$/.test(file))
      lines.push(`: > ${shellWord(file)}`);
    else if (name === 'import') lines.push(`cat -- ${shellWord(file)}`);
  }
  return lines;
}

/** lftp's `!cmd`. */
function lftpEscape(command: string): string[] {
  return [...command.matchAll(/(?:^|[\n;])\s*!\s*([^\n;]*)/g)].map((m) => m[1] as string);
}
