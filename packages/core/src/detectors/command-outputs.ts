import { awkWrites, readAwk } from './command-awk.ts';
import { type Arg, literalArg } from './command-checks.ts';
import { optionValues, type ReadOptions, readOptions } from './command-options.ts';
import { readSed, readSedScript } from './command-sed.ts';

/** A file a program writes: the argument that names it, and whether it adds to its end. */
export interface Output {
  file: Arg;
  append: boolean;
}

/** How a program names the file it writes: options (getopt-style or one-dash words), or operands. */
interface OutputSpec {
  /** Short options whose value is the file written. */
  short?: string;
  /** Long options (`--output`) whose value is the file written. */
  long?: string[];
  /** Whole words, one dash and several letters (`-out`, `-fprint`), followed by the file. */
  words?: string[];
  /** Options that make the file added to rather than written anew (`wget -a file`, `time -a`). */
  appends?: string[];
  /** Other short options that take a value, so that operands are told from it (`script -c cmd`). */
  values?: string;
  /** The operand that is the file written, by position (negative from the end). */
  operand?: number;
  /** Only when this many operands or more are given (`uniq in out`, `ln -s target name`). */
  operands?: number;
}

const COMPILER: OutputSpec = { short: 'o' };
const TRACER: OutputSpec = { short: 'o', long: ['output'] };

// PowerShell parameters of the writing cmdlets that name the file, and those that take another value.
const POWERSHELL_PATH = /^-(file)?path$|^-literalpath$|^-pspath$/i;
const POWERSHELL_VALUE =
  /^-(encoding|width|value|inputobject|stream|delimiter|filter|include|exclude|credential|variable)$/i;

/** The files `Out-File`, `Set-Content`, `Add-Content` and `Tee-Object` write: named, or the first positional. */
function powershellPaths(args: Arg[]): Arg[] {
  const named: Arg[] = [];
  const positional: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Arg).text;
    const next = args[i + 1];
    if (POWERSHELL_PATH.test(text) && next !== undefined) named.push(next);
    if ((POWERSHELL_PATH.test(text) || POWERSHELL_VALUE.test(text)) && next !== undefined) i += 1;
    else if (!text.startsWith('-')) positional.push(args[i] as Arg);
  }
  return named.length > 0 ? named : positional.slice(0, 1);
}

/**
 * Programs that write a file their options or operands name: `sort -o`, `curl -o`, `wget -O`,
 * `openssl … -out`, compilers' `-o`, `tcpdump -w`, `find -fprint`, `ln -s x name`, `uniq in out`.
 */
const OUTPUTS: Record<string, OutputSpec> = {
  sort: { short: 'o', long: ['output'] },
  curl: { short: 'o', long: ['output'] },
  wget: {
    short: 'Oao',
    long: ['output-document', 'output-file', 'append-output'],
    appends: ['a', 'append-output'],
  },
  shuf: { short: 'o', long: ['output'] },
  strace: TRACER,
  ltrace: TRACER,
  time: { short: 'o', long: ['output'], appends: ['a', 'append'] },
  script: { operand: -1, values: 'cEIOTB', appends: ['a'] },
  screen: { words: ['-Logfile'] },
  'iptables-save': { short: 'f', long: ['file'] },
  'ip6tables-save': { short: 'f', long: ['file'] },
  hashcat: { short: 'o', long: ['outfile'] },
  patch: { short: 'o', long: ['output'] },
  'lwp-download': { operand: 1, operands: 2 },
  openssl: { words: ['-out', '-keyout'] },
  gcc: COMPILER,
  cc: COMPILER,
  'g++': COMPILER,
  'c++': COMPILER,
  clang: COMPILER,
  'clang++': COMPILER,
  tcc: COMPILER,
  rustc: COMPILER,
  ld: COMPILER,
  as: COMPILER,
  go: COMPILER,
  zstd: COMPILER,
  pandoc: { short: 'o', long: ['output'] },
  iconv: { short: 'o', long: ['output'] },
  base64: { short: 'o', long: ['output'] },
  gpg: { short: 'o', long: ['output'] },
  age: { short: 'o', long: ['output'] },
  tsc: { long: ['outFile'] },
  tcpdump: { short: 'w' },
  nmap: { words: ['-oN', '-oX', '-oG', '-oA', '-oS'] },
  find: { words: ['-fprint', '-fprintf', '-fprint0', '-fls'] },
  uniq: { operand: 1, operands: 2 },
  xxd: { operand: 1, operands: 2 },
  ln: { operand: -1, operands: 2 },
  rsync: { operand: -1, operands: 2 },
  scp: { operand: -1, operands: 2 },
  sponge: { operand: 0 },
  zip: { operand: 0 },
  csvtool: { short: 'o' },
  gtester: { short: 'o' },
  check_log: { short: 'O' },
  logrotate: { short: 'l', long: ['log'] },
  mypy: { long: ['junit-xml'] },
  rlwrap: { short: 'l', long: ['logfile'] },
  varnishncsa: { short: 'w' },
  varnishlog: { short: 'w' },
  dmidecode: { long: ['dump-bin'] },
  'update-alternatives': { long: ['install'] },
};

/**
 * The files a program writes through its options, operands or own script (`dd of=`, `tar -cf`,
 * the table above, sed's `w`, awk's `print > "file"`, socat's `open:` address), for the checks
 * that judge overwriting a file of the system or a disk, or adding to a file that grants
 * privileges.
 *
 * @example
 * outputFiles('sort', args).map((o) => o.file.text); // ['/etc/passwd'] for `sort -o /etc/passwd x`
 */
export function outputFiles(program: string, args: Arg[]): Output[] {
  const texts = args.map((a) => a.text);
  const written = (files: Arg[], append = false) => files.map((file) => ({ file, append }));
  switch (program) {
    case 'dd':
      return args
        .filter((a) => a.text.startsWith('of='))
        .map((a) => ({
          file: at(a, a.text.slice(3)),
          append: args.some((b) => /^oflag=.*append/.test(b.text)),
        }));
    case 'tar':
    case 'bsdtar':
    case 'gtar':
      return written(tarArchive(args, texts));
    case 'sed':
    case 'gsed': {
      // `w` files are written anew when sed starts, whatever the script does.
      const files = readSed(args).scripts.flatMap((script) => readSedScript(script).writes);
      return written(files.map((file) => holding(args, file)));
    }
    case 'awk':
    case 'gawk':
    case 'mawk':
    case 'nawk': {
      const { source, files, inPlace } = readAwk(args);
      const printed = (source === undefined ? [] : awkWrites(source)).map(({ file, append }) => ({
        file: holding(args, file),
        append,
      }));
      return inPlace ? [...printed, ...written(files)] : printed;
    }
    case 'out-file':
    case 'set-content':
    case 'add-content':
    case 'tee-object':
      return written(
        powershellPaths(args),
        program === 'add-content' || texts.some((t) => /^-append$/i.test(t)),
      );
    case 'exiftool':
      // One-dash words: `-o` and `-W` name files written; `-FileName=` moves the file there.
      return written([
        ...optionValues(args, ['-o', '-out', '-W', '-tagOut']),
        ...args.flatMap((a) => {
          const moved = /^-(?:file|test)name<?=(.+)$/is.exec(a.text)?.[1];
          return moved === undefined ? [] : [at(a, moved)];
        }),
      ]);
    case 'dos2unix':
    case 'unix2dos':
    case 'mac2unix':
    case 'unix2mac':
      // New-file mode: `-n in out` writes `out`.
      return written(
        args.flatMap((a, i) =>
          /^(-n|--newfile)$/.test(a.text) && args[i + 2] !== undefined ? [args[i + 2] as Arg] : [],
        ),
      );
    case 'docker':
    case 'podman': {
      // `docker cp container:path host-path` writes host-path.
      const operands = args.filter((a) => !a.text.startsWith('-'));
      const target = operands.at(-1);
      return operands[0]?.text === 'cp' && operands.length === 3 && !target?.text.includes(':')
        ? written([target as Arg])
        : [];
    }
    case 'socat':
      // `OPEN:`, `GOPEN:` and `CREATE:` addresses are files socat writes what the other side sends.
      return written(
        args.flatMap((a) => {
          const file = /^(?:g?open|creat(?:e)?):([^,]+)/i.exec(a.text)?.[1];
          return file === undefined ? [] : [at(a, file)];
        }),
      );
  }
  const spec = Object.hasOwn(OUTPUTS, program) ? OUTPUTS[program] : undefined;
  if (spec === undefined) return [];
  const files = written(spec.words === undefined ? [] : optionValues(args, spec.words));
  if (spec.short !== undefined || spec.long !== undefined) {
    const read = readOptions(texts, { short: spec.short ?? '', long: spec.long ?? [] });
    for (const name of [...(spec.short ?? ''), ...(spec.long ?? [])]) {
      const value = read.values.get(name);
      if (value !== undefined)
        files.push({
          file: at(
            args.find((a) => a.text.endsWith(value)),
            value,
          ),
          append: spec.appends?.some((flag) => flag === name || read.flags.has(flag)) === true,
        });
    }
  }
  if (spec.operand !== undefined) {
    const read = readOptions(texts, { short: spec.values ?? '' });
    const operands = read.operands.map((i) => args[i] as Arg);
    const operand = operands.at(spec.operand);
    if (operand !== undefined && operands.length >= (spec.operands ?? 1) && !operand.text.includes(':'))
      files.push({ file: operand, append: spec.appends?.some((flag) => read.flags.has(flag)) === true });
  }
  return files;
}

/** How tar reads its arguments: options, and the old style's leading letters (`tar cf x.tar …`). */
export function readTar(texts: string[]): { read: ReadOptions; bundled: string } {
  const read = readOptions(texts, { short: 'fCbFgHIKLNTVX', long: ['file', 'directory'] });
  const bundled =
    read.operands[0] === 0 && /^[A-Za-z]+$/.test(texts[0] as string) ? (texts[0] as string) : '';
  return { read, bundled };
}

/** The archive `tar -c`, `-r` or `-u` writes (`-f`, `--file`). */
function tarArchive(args: Arg[], texts: string[]): Arg[] {
  const { read, bundled } = readTar(texts);
  const writes =
    ['c', 'r', 'u', 'create', 'append', 'update'].some((f) => read.flags.has(f)) || /[cru]/.test(bundled);
  // `tar cf archive …`: the old style takes the archive as the word after the letters.
  const file =
    read.values.get('f') ?? read.values.get('file') ?? (bundled.includes('f') ? texts[1] : undefined);
  return writes && file !== undefined
    ? [
        at(
          args.find((a) => a.text.endsWith(file)),
          file,
        ),
      ]
    : [];
}

/** The argument whose script names `file` (sed's `w`, awk's `print >`), standing for the file. */
function holding(args: Arg[], file: string): Arg {
  return at(
    args.find((a) => a.text.includes(file)),
    file,
  );
}

/** An argument standing for `text`, a part of the word it was written in. */
function at(arg: Arg | undefined, text: string): Arg {
  return arg === undefined ? literalArg(text) : { ...arg, text };
}
