import type { Arg } from './command-checks.ts';
import type { Context } from './command-context.ts';
import { readOptions } from './command-options.ts';

// The longest value a variable is known to hold; a longer one is judged as a value not known
// (`a=$a$a` repeated doubles it each time).
const MAX_VALUE = 4096;
export const ASSIGNMENT = /^[A-Za-z_]\w*(\[[^\]]*\])?\+?=/;

export function assign(arg: Arg, ctx: Context): void {
  const eq = arg.text.indexOf('=');
  const name = arg.text.slice(0, eq).replace(/\+$/, '');
  ctx.env.set(name, arg.known ? stored(arg.text.slice(eq + 1)) : undefined);
}

/** A value as a variable holds it: one longer than `MAX_VALUE` is not known. */
export function stored(value: string): string | undefined {
  return value.length > MAX_VALUE ? undefined : value;
}

/** `for name in words`: the name holds one of the words; known only when they are plain. */
export function loopVariable(args: Arg[], ctx: Context): void {
  const name = args[0]?.text;
  if (name === undefined || !/^[A-Za-z_]\w*$/.test(name)) return;
  const words = args[1]?.raw === 'in' ? args.slice(2) : [];
  const plain = words.every((a) => a.known && /^[\w.,:@%/+-]*$/.test(a.text));
  ctx.env.set(name, plain ? stored(words[0]?.text ?? '') : undefined);
}

/**
 * Builtins that set variables to values read at run time (`read c`, `printf -v c`, `mapfile a`):
 * a value assigned earlier is no longer known.
 */
export function forgetSet(program: string, args: Arg[], ctx: Context): void {
  const texts = args.map((a) => a.text);
  let names: string[] = [];
  if (program === 'read') {
    const read = readOptions(texts, { short: 'adinNptu' });
    names = [...read.operands.map((i) => texts[i] as string), read.values.get('a') ?? ''];
    if (read.operands.length === 0) names.push('REPLY');
  } else if (program === 'printf') names = [readOptions(texts, { short: 'v' }).values.get('v') ?? ''];
  else if (program === 'mapfile' || program === 'readarray') {
    const read = readOptions(texts, { short: 'dnOstuC' });
    names = [texts[read.operands[0] ?? -1] ?? 'MAPFILE'];
  } else if (program === 'getopts') names = [texts[1] ?? ''];
  else if (program === 'unset' || program === 'let') names = texts.map((t) => /^\w*/.exec(t)?.[0] ?? '');
  for (const name of names) {
    const bracket = name.indexOf('[');
    if (name !== '') ctx.env.set(bracket < 0 ? name : name.slice(0, bracket), undefined);
  }
}

/**
 * The words after `sh -c script` are its `$0`, `$1`…; `$@` and `$*` are `$1`… joined, known only
 * when every one is.
 */
export function positionalEnv(args: Arg[], indexes: number[], ctx: Context): Map<string, string | undefined> {
  const env = new Map(ctx.env);
  const values = indexes.map((index) => args[index] as Arg);
  for (const [n, arg] of values.entries()) env.set(String(n), arg.known ? stored(arg.text) : undefined);
  const rest = values.slice(1);
  const all = rest.every((a) => a.known) ? stored(rest.map((a) => a.text).join(' ')) : undefined;
  for (const name of ['@', '*']) env.set(name, all);
  env.set('#', String(rest.length));
  return env;
}
