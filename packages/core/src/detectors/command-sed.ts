import type { Arg } from './command-checks.ts';

/** A sed command line as sed reads it: its scripts, the files it edits, and whether in place. */
export interface SedCall {
  scripts: string[];
  /** The file operands (after the script, when the script is the first operand). */
  files: Arg[];
  /** `-i`/`--in-place`: the files are rewritten with the output. */
  inPlace: boolean;
  /** A script comes from a file (`-f`): what it holds is not in the arguments. */
  fromFile: boolean;
}

/** What a sed script does that matters to a guard. */
export interface SedScript {
  /** It runs a command (`e`, or the `e` flag of `s`). */
  runs: boolean;
  /** The text of its `a`, `i` and `c` commands. */
  texts: string[];
  /** Its `s` commands, in order. */
  substitutions: Substitution[];
  /** The files its `w` and `W` commands and the `w` flag of `s` write (overwritten when sed starts). */
  writes: string[];
}

/** An `s` command: its pattern, its replacement and its flags, as written. */
export interface Substitution {
  pattern: string;
  replacement: string;
  flags: string;
}

/** Reads sed's arguments: `-e`/`--expression` scripts, or the first operand; `-i`; the files. */
export function readSed(args: Arg[]): SedCall {
  const read: SedCall = { scripts: [], files: [], inPlace: false, fromFile: false };
  let fromOption = false;
  let operands = false;
  const operand = (arg: Arg) => {
    if (fromOption || read.fromFile) read.files.push(arg);
    else {
      read.scripts.push(arg.text);
      fromOption = true;
    }
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as Arg;
    const text = arg.text;
    if (operands || text === '-' || !text.startsWith('-')) operand(arg);
    else if (text === '--') operands = true;
    else if (text.startsWith('--expression')) {
      fromOption = true;
      read.scripts.push(text.includes('=') ? text.slice(text.indexOf('=') + 1) : (args[++i]?.text ?? ''));
    } else if (text.startsWith('--file')) {
      read.fromFile = true;
      if (!text.includes('=')) i += 1;
    } else if (text.startsWith('--in-place')) read.inPlace = true;
    else if (!text.startsWith('--')) {
      for (let j = 1; j < text.length; j++) {
        const letter = text[j] as string;
        // `-i` takes the rest of its word as a backup suffix.
        if (letter === 'i') {
          read.inPlace = true;
          break;
        }
        if (letter === 'e' || letter === 'f' || letter === 'l') {
          const value = j + 1 < text.length ? text.slice(j + 1) : (args[++i]?.text ?? '');
          if (letter === 'e') {
            fromOption = true;
            read.scripts.push(value);
          } else if (letter === 'f') read.fromFile = true;
          break;
        }
      }
    }
  }
  return read;
}

/**
 * Reads a sed script: whether it runs a command (GNU sed's `e` command and the `e` flag of `s`),
 * and the text it writes of its own (`$a rm -rf ~`, `1i\` + text, `c`, the replacement of `s`).
 */
export function readSedScript(script: string): SedScript {
  const read: SedScript = { runs: false, texts: [], substitutions: [], writes: [] };
  let i = 0;
  // The rest of the line: the text of `a`, `i`, `c`, a file name or a label.
  const line = () => {
    const start = i;
    while (i < script.length && script[i] !== '\n') i += 1;
    return script.slice(start, i);
  };
  // The delimited parts of `s`, `y` or an address (`\%re%`), a delimiter escaped in them unescaped.
  const delimited = (count: number): string[] => {
    const delimiter = script[i] ?? '';
    i += 1;
    const parts: string[] = [''];
    for (let n = 0; n < count && i < script.length; i++) {
      const c = script[i] as string;
      if (c === '\\' && script[i + 1] === delimiter) {
        parts[n] += delimiter;
        i += 1;
      } else if (c === '\\') {
        parts[n] += c + (script[i + 1] ?? '');
        i += 1;
      } else if (c === delimiter) {
        n += 1;
        if (n < count) parts.push('');
      } else parts[n] += c;
    }
    return parts;
  };
  while (i < script.length) {
    const c = script[i] as string;
    if (/[\s;{}!,0-9$~+]/.test(c)) i += 1;
    else if (c === '/') delimited(1);
    else if (c === '\\') {
      i += 1;
      delimited(1);
    } else if (c === 's') {
      i += 1;
      const [pattern = '', replacement = ''] = delimited(2);
      const flags = /^[gpiImMe0-9]*/.exec(script.slice(i))?.[0] ?? '';
      if (flags.includes('e')) read.runs = true;
      i += flags.length;
      // The `w` flag comes last: the file name is the rest of the line.
      if (script[i] === 'w') {
        i += 1;
        read.writes.push(line().trimStart());
      }
      read.substitutions.push({ pattern, replacement, flags });
    } else if (c === 'y') {
      i += 1;
      delimited(2);
    } else if (c === 'e') {
      read.runs = true;
      i += 1;
    } else if (c === 'a' || c === 'i' || c === 'c') {
      // GNU's one-line form (`a text`) or the classic one (`a\` and the text on the next lines,
      // each but the last ending in a backslash).
      i += 1;
      let text = line().replace(/^\s*/, '');
      if (text.startsWith('\\')) text = text.slice(1);
      if (text === '' && i < script.length) {
        i += 1;
        text = line();
      }
      while (text.endsWith('\\') && i < script.length) {
        i += 1;
        text = `${text.slice(0, -1)}\n${line()}`;
      }
      read.texts.push(text);
    } else if (c === 'w' || c === 'W') {
      i += 1;
      read.writes.push(line().trimStart());
    } else if ('rRbtT:#'.includes(c)) line();
    else i += 1;
  }
  return read;
}

/**
 * The text sed could write besides the lines of `input` it leaves alone: its `a`, `i` and `c`
 * text, and `input` with its substitutions made. A substitution is made when its pattern is
 * literal (`s/^#//`, `s/foo/rm/g`), on every line whatever its address; otherwise, or when the
 * input is not known, its replacement stands as a line of its own. A pattern with
 * regular-expression syntax is never run: it is the command line's text, and could take
 * exponential time.
 */
export function sedWrites(scripts: readonly SedScript[], input: string | undefined): string[] {
  const texts = scripts.flatMap((script) => script.texts);
  let lines = input?.split('\n');
  let changed = false;
  for (const { pattern, replacement, flags } of scripts.flatMap((script) => script.substitutions)) {
    const literal = literalPattern(pattern);
    if (lines === undefined || literal === undefined) {
      texts.push(replaced(replacement, ''));
      continue;
    }
    const { text, start, end } = literal;
    const global = flags.includes('g');
    lines = lines.map((line) => {
      if (start || end) {
        const at = start ? 0 : line.length - text.length;
        if (at < 0 || !line.startsWith(text, at) || (start && end && line.length !== text.length))
          return line;
        changed = true;
        return line.slice(0, at) + replaced(replacement, text) + line.slice(at + text.length);
      }
      if (text === '' || !line.includes(text)) return line;
      changed = true;
      return global
        ? line.split(text).join(replaced(replacement, text))
        : line.replace(text, () => replaced(replacement, text));
    });
  }
  if (changed && lines !== undefined) texts.push(lines.join('\n'));
  return texts.filter((text) => text.trim() !== '');
}

/** A pattern with no regular-expression syntax but its anchors, as the text it matches. */
function literalPattern(pattern: string): { text: string; start: boolean; end: boolean } | undefined {
  let body = pattern;
  const start = body.startsWith('^');
  if (start) body = body.slice(1);
  const end = body.endsWith('$') && !body.endsWith('\\$');
  if (end) body = body.slice(0, -1);
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '\\') {
      const next = body[i + 1] ?? '';
      // `\.`, `\*`, `\/`… are the character; `\(`, `\{`, `\n`, `\w`… are syntax.
      if (!/[.*[\]^$\\/#,:@%!~-]/.test(next)) return undefined;
      text += next;
      i += 1;
    } else if ('.*[]^$'.includes(c)) return undefined;
    else text += c;
  }
  return { text, start, end };
}

/**
 * A replacement's text for one match: `&` is the match, `\&` an ampersand, `\n` a newline, a
 * group reference nothing (literal patterns have no groups), and `\x` the character x.
 */
function replaced(replacement: string, match: string): string {
  return replacement.replace(/\\(.)|&/gs, (whole, c: string | undefined) => {
    if (whole === '&') return match;
    if (c === 'n') return '\n';
    if (c === 't') return '\t';
    return /[1-9]/.test(c ?? '') ? '' : (c ?? '');
  });
}
