import { grantsAccess } from './command-accounts.ts';
import {
  dumpsEnvironment,
  isCredentialPath,
  printsCredential,
  SECRET_VARIABLE,
} from './command-credentials.ts';
import { dataLoss } from './command-data-loss.ts';
import { readOptions } from './command-options.ts';
import { outputFiles, readTar } from './command-outputs.ts';
import {
  BLOCK_DEVICE,
  grantsPrivilege,
  overwritesSystemDirectory,
  SYSTEM_FILE,
  SYSTEM_REMOVAL,
  systemPath,
} from './system-paths.ts';

export { systemPath };

import { NETWORK, NETWORK_SUBCOMMANDS, PRIVILEGE, READS_NO_CONTENT, WIPERS } from './command-programs.ts';

/** What one argument of a command holds once the shell has expanded it. */
export interface Arg {
  /** The text, with expansions that cannot be known left as written (`$X`, `$(…)`). */
  text: string;
  /** The word as written. */
  raw: string;
  /** Whether nothing in it is left unknown. */
  known: boolean;
  /** An unquoted glob: it names whatever files match. */
  glob: boolean;
  /** Parameters it expands (`AWS_SECRET_ACCESS_KEY` for `$AWS_SECRET_ACCESS_KEY`). */
  vars: string[];
  /** A program whose download a substitution in it outputs (`$(curl …)`). */
  download?: string | undefined;
  /** A substitution in it decodes or otherwise hides its output (`$(base64 -d …)`). */
  hidden: boolean;
  /** The word is expansions only, no written text. */
  onlyExpansion: boolean;
  /** What is unknown includes a variable or parameter, not only the output of a command. */
  unknownVar: boolean;
  /** The scripts of `>( … )` in it, which read what the command writes there. */
  outputs?: string[];
}

/** An argument written as plain text: known, no glob, no expansion. */
export function literalArg(text: string): Arg {
  return {
    text,
    raw: text,
    known: true,
    glob: false,
    vars: [],
    hidden: false,
    onlyExpansion: false,
    unknownVar: false,
  };
}

export type Push = (cls: 'destructive' | 'privilege' | 'credentials' | 'network', reason: string) => void;

// Paths whose recursive removal takes the system or the home directory with it.
const WIDE =
  /^(\/|\/\*|~\/?|~\/\*|\$HOME\/?|\$HOME\/\*|\.\.\/?|\.\.\/\*|\/(bin|boot|dev|etc|home|lib|lib32|lib64|opt|proc|root|sbin|srv|sys|usr|var|mnt|media|Users|System|Library|Applications)(\/\*?)?|\/usr\/(bin|lib|local|sbin|share)(\/\*?)?)$/;
const WINDOWS_WIDE = /^[a-z]:[\\/]*((windows|users|program files( \(x86\))?)[\\/]*)?\*?$/i;
// Stores whose recursive removal loses what cannot be rebuilt: a repository's history, a
// database's data directory.
const STORE =
  /(^|\/)\.git\/?$|^\/var\/lib\/(postgresql|pgsql|mysql|mariadb|mongodb|redis|docker|containerd|etcd|elasticsearch|opensearch|cassandra|clickhouse|influxdb|rabbitmq|kafka|zookeeper|minio|couchdb|neo4j)(\/[^/]+){0,3}\/?$/;
// What `rm -r` of removes the whole working directory (or, after `cd /`, the whole disk).
const WHOLE_DIRECTORY = /^(\.|\.\/|\*|\.\/\*|\.\*|\.\/\.\*)$/;
/** Bash's pseudo-devices for TCP and UDP connections (`/dev/tcp/host/port`). */
export const NETWORK_DEVICE = /^\/dev\/(tcp|udp)\//;
// A relative path that only climbs: it reaches above the working directory, wherever that is.
const ONLY_UP = /^(\.\.\/)*\.\.\/?\*?$/;
// An in-place edit option, alone or after other flags in its cluster (`-i`, `-pi`, `-Ei`, `--in-place`).
const IN_PLACE = /^-[abcfghjknoprstuvwyzALNOPSTUVWX]*i|^--in-place/;

/** Joins a path onto the directory a `cd` earlier in the script moved to. */
export function resolvePath(path: string, cwd: string | undefined): string {
  if (cwd === undefined || /^([/~]|\$HOME|[a-z]:)/i.test(path)) return path;
  if (WHOLE_DIRECTORY.test(path))
    return `${trimEnd(cwd, '/')}/${path.replace(/^\.\/?/, '') || ''}`.replace(/\/$/, '') || '/';
  return `${trimEnd(cwd, '/')}/${path.replace(/^\.\//, '')}`;
}

/** Whether a path names the system, the disk, a drive or the home directory as a whole. */
export function isWide(path: string, raw: string, cwd: string | undefined): boolean {
  const resolved = systemPath(resolvePath(path, cwd));
  return (
    WIDE.test(resolved) ||
    WIDE.test(`${resolved}/`) ||
    ONLY_UP.test(resolved) ||
    WINDOWS_WIDE.test(raw) ||
    WINDOWS_WIDE.test(path)
  );
}

/**
 * Whether an `rm`-style deletion is destructive: recursive removal of a wide path (or of the
 * whole working directory), a glob over a system directory, or `--no-preserve-root`. Deleting
 * named files, or files inside the working directory without `-r`, is ordinary work.
 */
export function removes(args: Arg[], cwd: string | undefined): string | undefined {
  const texts = args.map((a) => a.text);
  const read = readOptions(texts, {});
  const flags = texts.slice(0, read.operands[0] ?? texts.length).filter((t) => t.startsWith('-'));
  const recursive = read.flags.has('r') || read.flags.has('R') || read.flags.has('recursive');
  const operands = read.operands.map((i) => args[i] as Arg);
  const wide = operands.find(
    (a) => isWide(a.text, a.raw, cwd) && (recursive || a.text.endsWith('*') || WINDOWS_WIDE.test(a.raw)),
  );
  const whole = recursive ? operands.find((a) => WHOLE_DIRECTORY.test(a.text)) : undefined;
  const system = operands.find((a) => SYSTEM_REMOVAL.test(systemPath(a.text)));
  const store = recursive
    ? operands.find((a) => STORE.test(systemPath(resolvePath(a.text, cwd))))
    : undefined;
  const target = wide ?? whole ?? system ?? store;
  if (target === undefined && !read.flags.has('no-preserve-root')) return undefined;
  return [...flags, target === undefined ? '' : WINDOWS_WIDE.test(target.raw) ? target.raw : target.text]
    .join(' ')
    .trim();
}

/**
 * Whether removing or overwriting `path` is destructive, as `rm -r` of it would be judged: a wide
 * path, the whole working directory, a file of the system itself, or a disk.
 *
 * @example
 * destructiveRemoval('build', undefined); // false
 */
export function destructiveRemoval(path: string, cwd: string | undefined): boolean {
  const resolved = systemPath(path);
  return (
    isWide(path, path, cwd) ||
    WHOLE_DIRECTORY.test(path) ||
    SYSTEM_REMOVAL.test(resolved) ||
    BLOCK_DEVICE.test(resolved)
  );
}

/**
 * The checks of one program and its arguments: deletions, disk writes, privilege, credential
 * reads, network. `program` is a lower-case basename; `args` follow it; `budget` is the work
 * left for matching globs against credential locations.
 */
export function checkProgram(
  program: string,
  args: Arg[],
  cwd: string | undefined,
  push: Push,
  budget?: { work: number },
): void {
  const texts = args.map((a) => a.text);
  const read = readOptions(texts, {});
  const operands = read.operands.map((i) => args[i] as Arg);
  const recursive = read.flags.has('R') || read.flags.has('recursive');
  if (program === 'rm') {
    const removed = removes(args, cwd);
    if (removed !== undefined) push('destructive', `rm ${removed}`);
  }
  if (['remove-item', 'ri', 'del', 'erase', 'rd', 'rmdir'].includes(program)) {
    const deep = texts.some((t) => /^[-/](r|recurse|s)$/i.test(t));
    const target = operands.find((a) => !/^[-/]\w+$/.test(a.raw) && isWide(a.text, a.raw, cwd));
    if (deep && target !== undefined) push('destructive', `${program} removes ${target.raw} recursively`);
  }
  if (WIPERS.has(program) || program.startsWith('mkfs.')) push('destructive', `runs ${program}`);
  if (
    ((program === 'systemctl' || program === 'loginctl') &&
      /^(poweroff|reboot|halt|kexec)$/.test(operands[0]?.text ?? '')) ||
    ((program === 'init' || program === 'telinit') && /^[06]$/.test(operands[0]?.text ?? ''))
  )
    push('destructive', `${program} ${operands[0]?.text} stops the machine`);
  if (program === 'sgdisk' && texts.some((a) => /^(-Z|-o|--zap-all|--clear)$/.test(a)))
    push('destructive', 'sgdisk erases the partition table');
  if (program === 'cryptsetup' && texts.some((a) => /^(luksFormat|erase|luksErase)$/.test(a)))
    push('destructive', 'cryptsetup erases a disk');
  if ((program === 'zpool' || program === 'zfs') && texts[0] === 'destroy')
    push('destructive', `${program} destroy`);
  checkOutputs(program, args, push);
  const lost = dataLoss(program, args);
  if (lost !== undefined) push('destructive', lost);
  if (['cp', 'tee', 'mv', 'install'].includes(program)) {
    const written = program === 'tee' ? operands : operands.slice(-1);
    const append = program === 'tee' && (read.flags.has('a') || read.flags.has('append'));
    if (written.some((a) => BLOCK_DEVICE.test(systemPath(a.text))))
      push('destructive', `${program} writes to a block device`);
    const system = append ? undefined : written.find((a) => SYSTEM_FILE.test(systemPath(a.text)));
    if (system !== undefined) push('destructive', `${program} overwrites ${system.text}`);
    // `cp /dev/null /etc/passwd` empties the file; it grants nothing.
    const empty =
      program === 'cp' && operands.length === 2 && systemPath(operands[0]?.text ?? '') === '/dev/null';
    if (!empty) for (const a of written) checkGrant(program, a.text, append ? 'adds to' : 'writes', push);
  }
  const unpacked = unpacksInto(program, texts, cwd);
  if (unpacked !== undefined && overwritesSystemDirectory(unpacked))
    push('destructive', `${program} unpacks an archive over ${unpacked}`);
  if (
    program === 'truncate' &&
    operands.some((a) => SYSTEM_FILE.test(systemPath(a.text)) || BLOCK_DEVICE.test(systemPath(a.text)))
  )
    push('destructive', 'truncate empties a system file');
  if (program === 'rimraf' && operands.some((a) => isWide(a.text, a.raw, cwd)))
    push('destructive', `rimraf ${operands.map((a) => a.raw).join(' ')}`);
  if (program === 'rsync' && texts.some((t) => t.startsWith('--delete'))) {
    const target = operands[operands.length - 1];
    if (target !== undefined && !target.text.includes(':') && isWide(target.text, target.raw, cwd))
      push('destructive', `rsync --delete into ${target.raw}`);
  }
  if (['sed', 'gsed', 'perl', 'ruby'].includes(program) && texts.some((t) => IN_PLACE.test(t))) {
    const system = args.find((a) => SYSTEM_FILE.test(systemPath(a.text)));
    if (system !== undefined) push('destructive', `${program} edits ${system.text} in place`);
    for (const a of args) checkGrant(program, a.text, 'edits', push);
  }
  if ((program === 'chmod' || program === 'chown' || program === 'chgrp') && recursive) {
    if (operands.some((a) => isWide(a.text, a.raw, cwd)))
      push('destructive', `${program} -R on a system path`);
  }
  if (program === 'chmod' && operands.some((a) => setsId(a.text)))
    push('privilege', 'chmod sets setuid/setgid');
  if (program === 'chown' && /^(root|0)([:.]|$)|[:.](root|0)$/.test(operands[0]?.text ?? ''))
    push('privilege', 'chown to root');
  if (program === 'chgrp' && /^(root|0|wheel)$/.test(operands[0]?.text ?? ''))
    push('privilege', 'chgrp to root');
  const account = accountFileOpened(program, operands);
  if (account !== undefined) push('privilege', `${program} opens ${account} to other users`);
  if (program === 'getent' && /^g?shadow$/.test(texts[0] ?? '')) push('credentials', `getent ${texts[0]}`);
  if (program === 'git' && texts[0] === 'push' && texts.some((a) => a === '-f' || a.startsWith('--force')))
    push('destructive', 'git push --force');
  if (program === 'kill' && texts.some((a) => a === '-1' || a === '1'))
    push('destructive', 'kill of every process or init');
  if (program === 'crontab' && texts.includes('-r')) push('destructive', 'crontab -r removes every job');
  if (PRIVILEGE.has(program)) push('privilege', `runs ${program}`);
  const granted = grantsAccess(program, texts);
  if (granted !== undefined) push('privilege', granted);
  if (
    program === 'setpriv' &&
    ['reuid', 'ruid', 'euid', 'regid', 'rgid', 'egid'].some((k) =>
      /^(0|root)$/.test(read.values.get(k) ?? ''),
    )
  )
    push('privilege', 'setpriv switches to root');
  if (dumpsEnvironment(program, texts)) push('credentials', `${program} dumps the environment`);
  const printed = printsCredential(program, texts);
  if (printed !== undefined) push('credentials', printed);
  if (program === 'echo' || program === 'printf' || program === 'print') {
    const secret = args.flatMap((a) => a.vars).find((name) => SECRET_VARIABLE.test(name));
    if (secret !== undefined) push('credentials', `prints $${secret}`);
  }
  if (!READS_NO_CONTENT.has(program)) {
    // Relative to where a `cd` went, too: `cd ~/.aws; cat credentials`.
    const credential = args.find(
      (a) =>
        isCredentialPath(a.text, a.glob, budget) ||
        (cwd !== undefined && isCredentialPath(resolvePath(a.text, cwd), a.glob, budget)),
    );
    if (credential !== undefined) push('credentials', `touches ${credential.text}`);
  }
  if (NETWORK.has(program)) push('network', `runs ${program}`);
  const subcommand = Object.hasOwn(NETWORK_SUBCOMMANDS, program) ? NETWORK_SUBCOMMANDS[program] : undefined;
  const serves = subcommand === undefined ? undefined : texts.find((t) => subcommand.test(t));
  if (serves !== undefined) push('network', `runs ${program} ${serves}`);
}

/** Checks a redirection: writing to a disk, overwriting a system file, reading a credential file. */
export function checkRedirect(op: string, target: Arg, push: Push, budget?: { work: number }): void {
  const writes = op === '>' || op === '>|' || op === '&>' || op === '>>' || op === '&>>';
  const path = systemPath(target.text);
  if (writes && BLOCK_DEVICE.test(path)) push('destructive', 'writes to a block device');
  if (NETWORK_DEVICE.test(path)) push('network', `opens a connection through ${path}`);
  if ((op === '>' || op === '>|' || op === '&>') && SYSTEM_FILE.test(path))
    push('destructive', `overwrites ${target.text}`);
  if (writes) checkGrant('', target.text, op === '>>' || op === '&>>' ? 'adds to' : 'writes', push);
  if (op !== '<<' && op !== '<<-' && op !== '<<<' && isCredentialPath(target.text, target.glob, budget))
    push('credentials', `touches ${target.text}`);
}

/**
 * Checks the files a program writes through its options, operands or script (see `outputFiles`):
 * a disk, a file of the system written over, a file that grants privileges. For a wrapper
 * (`strace -o x cmd`), `args` are its own.
 */
export function checkOutputs(program: string, args: Arg[], push: Push): void {
  for (const { file, append } of outputFiles(program, args)) {
    const path = systemPath(file.text);
    if (BLOCK_DEVICE.test(path)) push('destructive', `${program} writes to a device`);
    else if (!append && SYSTEM_FILE.test(path)) push('destructive', `${program} writes over ${file.text}`);
    checkGrant(program, file.text, append ? 'adds to' : 'writes', push);
  }
}

/**
 * Judges a write to a file that decides who may act as root (`/etc/passwd`, `/etc/sudoers.d/x`, a
 * root cron job): whatever is written there grants privileges.
 */
function checkGrant(program: string, file: string, how: 'writes' | 'adds to' | 'edits', push: Push): void {
  if (!grantsPrivilege(file)) return;
  const writer = program === '' ? '' : `${program} `;
  push('privilege', `${writer}${how} ${file}, which grants privileges`);
}

/** Where `tar -x` or `unzip` unpacks (`-C`/`--directory`, `-d`, else the directory it runs in). */
function unpacksInto(program: string, texts: string[], cwd: string | undefined): string | undefined {
  if (program === 'tar' || program === 'bsdtar' || program === 'gtar') {
    const { read, bundled } = readTar(texts);
    const extracts =
      read.flags.has('x') || read.flags.has('extract') || read.flags.has('get') || bundled.includes('x');
    if (!extracts) return undefined;
    return read.values.get('C') ?? read.values.get('directory') ?? cwd;
  }
  if (program === 'unzip') return readOptions(texts, { short: 'dx' }).values.get('d') ?? cwd;
  return undefined;
}

// The files that hold the system's accounts, password hashes and sudo rules.
const ACCOUNT_FILE = /^\/etc\/(passwd|shadow|group|gshadow|sudoers|sudoers\.d\/.*)$/;

/**
 * An account file given to another owner (`chown me /etc/shadow`) or opened to writing by others,
 * or to reading by others for the files of hashes (`chmod 666 /etc/passwd`, `chmod o+r /etc/shadow`).
 */
function accountFileOpened(program: string, operands: Arg[]): string | undefined {
  if (program !== 'chown' && program !== 'chgrp' && program !== 'chmod') return undefined;
  const [first, ...paths] = operands;
  const file = paths.find((a) => ACCOUNT_FILE.test(systemPath(a.text)))?.text;
  if (file === undefined || first === undefined) return undefined;
  if (program !== 'chmod') return /^(root|0)?([:.](root|0)?)?$/.test(first.text) ? undefined : file;
  const hashes = /shadow|sudoers/.test(file);
  const mode = first.text;
  const numeric = /^0*[0-7]{3,4}$/.test(mode) ? mode.slice(-3) : undefined;
  if (numeric !== undefined) {
    const [group, other] = [Number(numeric[1]), Number(numeric[2])];
    return (group | other) & 2 || (hashes && other & 4) ? file : undefined;
  }
  // `o+r`, `a+w`, `+w`, `g=rw`: who gains what (no one named is everyone).
  const opens = mode.split(',').some((clause) => {
    const grant = /^([ugoa]*)[+=]([rwxXst]*)$/.exec(clause);
    if (grant === null) return false;
    const who = grant[1] === '' ? 'a' : (grant[1] as string);
    const others = /[oa]/.test(who);
    return (
      ((others || who.includes('g')) && grant[2]?.includes('w')) ||
      (hashes && others && grant[2]?.includes('r'))
    );
  });
  return opens ? file : undefined;
}

// `4755`, `04755`, `u+s`, `g=rwxs`, `+s`.
function setsId(mode: string): boolean {
  if (/^0*[2-7]\d{3}$/.test(mode)) return true;
  return mode.split(',').some((clause) => /^[ugoa]*[+=][rwxXst]*s/.test(clause));
}

/** Files a downloader writes: `-o file`, `-O` (the URL's name), wget's default name, `> file`. */
export function downloadedFiles(program: string, texts: string[], redirects: string[]): string[] {
  const files = [...redirects];
  const urls = texts.filter((t) => /^[a-z][\w+.-]*:\/\//i.test(t));
  const urlName = (url: string) => baseName(trimEnd(withoutQuery(url), '/'));
  if (program === 'curl') {
    const read = readOptions(texts, {
      short: 'odHuAexXTFmwKbcrEYyzCUQtP',
      long: ['output', 'data', 'header', 'user', 'url', 'request', 'user-agent'],
    });
    const output = read.values.get('o') ?? read.values.get('output');
    if (output !== undefined) files.push(output);
    if (read.flags.has('O') || read.flags.has('remote-name')) files.push(...urls.map(urlName));
  } else if (program === 'wget') {
    const read = readOptions(texts, {
      short: 'OoaPeUtTwYQlAdIXD',
      long: ['output-document', 'directory-prefix'],
    });
    const output = read.values.get('O') ?? read.values.get('output-document');
    if (output !== undefined) files.push(output);
    else files.push(...urls.map(urlName));
  } else {
    const read = readOptions(texts, { short: 'oO', long: ['output', 'out', 'outfile'] });
    for (const key of ['o', 'O', 'output', 'out', 'outfile']) {
      const value = read.values.get(key);
      if (value !== undefined) files.push(value);
    }
  }
  return files.filter((f) => f !== '' && f !== '-').map(baseName);
}

/**
 * A URL without its query and fragment: from the first `?` or `#` on its last line (a `.` of a
 * regular expression stops at a line break, and so did the reading this replaces).
 */
function withoutQuery(url: string): string {
  let line = 0;
  for (let i = url.length - 1; i >= 0; i--) {
    if (LINE_BREAKS.includes(url[i] as string)) {
      line = i + 1;
      break;
    }
  }
  for (let i = line; i < url.length; i++) if (url[i] === '?' || url[i] === '#') return url.slice(0, i);
  return url;
}

const LINE_BREAKS = '\n\r\u2028\u2029';

/**
 * The text without the run of `chars` that ends it. A loop, not `/[…]+$/`: a regular expression
 * anchored only at the end is tried from every position, which takes quadratic time on a long run.
 */
export function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1] as string)) end -= 1;
  return end === text.length ? text : text.slice(0, end);
}

export function baseName(word: string): string {
  const slash = Math.max(word.lastIndexOf('/'), word.lastIndexOf('\\'));
  return slash >= 0 ? word.slice(slash + 1) : word;
}
