import type { Arg } from './command-checks.ts';
import type { WrapperSpec } from './command-programs.ts';

/** A command's arguments read as options and operands. */
export interface ReadOptions {
  /** Letters of short options and names of long ones (`-sSLo x --output=y` → s, S, L, o, output). */
  flags: Set<string>;
  /** Option values by letter or long name (`o` → `x`, `output` → `y`). */
  values: Map<string, string>;
  /** Indexes of the operands, in order. */
  operands: number[];
}

/**
 * Reads arguments the way getopt does: short options cluster (`-lc`, `-sSLo file`), an option that
 * takes a value takes the rest of its cluster or the next argument, long options take `=value` or
 * the next argument when they are listed in `spec.long`, and `--` ends the options. With
 * `stopAtOperand`, the first operand ends them too (how wrappers read `timeout 5 rm -rf /`), and
 * only its index is returned, so a wrapper inside a wrapper costs no more than its own options.
 * Reading starts at `from`; with `plus`, `+x` and `+o name` are options too (a shell's `set`).
 */
export function readOptions(
  args: string[],
  spec: WrapperSpec,
  stopAtOperand = false,
  from = 0,
  plus = false,
): ReadOptions {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const operands: number[] = [];
  let i = from;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      i += 1;
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      flags.add(name);
      if (eq >= 0) values.set(name, arg.slice(eq + 1));
      else if (spec.long?.includes(name)) values.set(name, args[++i] ?? '');
    } else if ((arg.startsWith('-') || (plus && arg.startsWith('+'))) && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string;
        flags.add(letter);
        if (spec.short?.includes(letter)) {
          values.set(letter, j + 1 < arg.length ? arg.slice(j + 1) : (args[++i] ?? ''));
          break;
        }
      }
    } else if (stopAtOperand) break;
    else operands.push(i);
  }
  if (stopAtOperand) {
    if (i < args.length) operands.push(i);
  } else for (; i < args.length; i++) operands.push(i);
  return { flags, values, operands };
}

/**
 * Every value of the listed options, in order, where `readOptions` keeps one per name: `--name
 * value`, `--name=value`, `-x value`, `-xvalue`, and one-dash words (`-out value`, `-oG=value`).
 */
export function optionValues(args: Arg[], names: string[]): Arg[] {
  const values: Arg[] = [];
  for (let i = 0; i < args.length; i++) {
    const text = (args[i] as Arg).text;
    if (text === '--') break;
    for (const name of names) {
      if (text === name && args[i + 1] !== undefined) {
        values.push(args[i + 1] as Arg);
        i += 1;
      } else if (name.length > 2 && text.startsWith(`${name}=`))
        values.push({ ...(args[i] as Arg), text: text.slice(name.length + 1) });
      else if (/^-\w$/.test(name) && text.startsWith(name) && text.length > 2 && !text.startsWith('--'))
        values.push({ ...(args[i] as Arg), text: text.slice(2) });
      else continue;
      break;
    }
  }
  return values;
}

/** The operands of a command line once options (and the values of those in `spec`) are set aside. */
export function words(texts: string[], spec: WrapperSpec = {}): string[] {
  const read = readOptions(texts, spec);
  return read.operands.map((i) => texts[i] as string);
}

/** A short-option cluster holding `letter` (`-fdx` holds `f`), or the long name. */
export function hasFlag(texts: string[], letter: string, long?: string): boolean {
  return texts.some(
    (t) =>
      (/^-[A-Za-z]+$/.test(t) && t.slice(1).includes(letter)) || (long !== undefined && t === `--${long}`),
  );
}
