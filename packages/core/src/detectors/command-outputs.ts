import { type Arg, literalArg } from './command-checks.ts';
import { optionValues, type ReadOptions, readOptions } from './command-options.ts';

/** How a program names the file it writes: options (getopt-style or one-dash words), or operands. */
interface OutputSpec {
  /** Short options whose value is the file written. */
  short?: string;
  /** Long options (`--output`) whose value is the file written. */
  long?: string[];
  /** Whole words, one dash and several letters (`-out`, `-fprint`), followed by the file. */
  words?: string[];
  /** The operand that is the file written, by position (negative from the end). */
  operand?: number;
  /** Only when this many operands or more are given (`uniq in out`, `ln -s target name`). */
  operands?: number;
}

const COMPILER: OutputSpec = { short: 'o' };

/**
 * Programs that write a file their options or operands name: `sort -o`, `curl -o`, `wget -O`,
 * `openssl … -out`, compilers' `-o`, `tcpdump -w`, `find -fprint`, `ln -s x name`, `uniq in out`.
 */
const OUTPUTS: Record<string, OutputSpec> = {
  sort: { short: 'o', long: ['output'] },
  curl: { short: 'o', long: ['output'] },
  wget: { short: 'Oao', long: ['output-document', 'output-file', 'append-output'] },
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
  exiftool: COMPILER,
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
};

/**
 * The files a program writes through its options or operands (`dd of=`, `tar -cf`, the table
 * above), for the checks that judge overwriting a file of the system or a disk.
 *
 * @example
 * outputFiles('sort', args).map((a) => a.text); // ['/etc/passwd'] for `sort -o /etc/passwd x`
 */
export function outputFiles(program: string, args: Arg[]): Arg[] {
  const texts = args.map((a) => a.text);
  if (program === 'dd')
    return args.filter((a) => a.text.startsWith('of=')).map((a) => at(a, a.text.slice(3)));
  if (program === 'tar' || program === 'bsdtar' || program === 'gtar') return tarArchive(args, texts);
  const spec = Object.hasOwn(OUTPUTS, program) ? OUTPUTS[program] : undefined;
  if (spec === undefined) return [];
  const files = spec.words === undefined ? [] : optionValues(args, spec.words);
  if (spec.short !== undefined || spec.long !== undefined) {
    const read = readOptions(texts, { short: spec.short ?? '', long: spec.long ?? [] });
    for (const name of [...(spec.short ?? ''), ...(spec.long ?? [])]) {
      const value = read.values.get(name);
      if (value !== undefined)
        files.push(
          at(
            args.find((a) => a.text.endsWith(value)),
            value,
          ),
        );
    }
  }
  if (spec.operand !== undefined) {
    const operands = readOptions(texts, {}).operands.map((i) => args[i] as Arg);
    const operand = operands.at(spec.operand);
    if (operand !== undefined && operands.length >= (spec.operands ?? 1) && !operand.text.includes(':'))
      files.push(operand);
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

/** An argument standing for `text`, a part of the word it was written in. */
function at(arg: Arg | undefined, text: string): Arg {
  return arg === undefined ? literalArg(text) : { ...arg, text };
}
