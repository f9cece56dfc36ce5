import { type Arg, trimEnd } from './command-checks.ts';
import { type Context, deeper, MAX_DEPTH, opaque, spend, TOO_DEEP } from './command-context.ts';
import { arithmeticOf, expansionParts } from './command-substitution.ts';
import { partText, type Word } from './command-word.ts';

// Words one brace expansion may make; `{a,b}{a,b}…` makes more, and is judged unreadable.
const MAX_BRACE_WORDS = 256;
// What one word that an expansion makes costs from the work left, as characters.
const WORD_COST = 16;

export function expandOne(word: Word, ctx: Context): Arg {
  return expand(word, ctx, false)[0] as Arg;
}

/**
 * Expands a word as far as can be known: literal variables set earlier, the output of `echo` or
 * `printf` substitutions, brace expansion, `$IFS` splitting; and runs every substitution inside
 * it, those that arithmetic or a prompt expansion evaluate included.
 */
export function expand(word: Word, ctx: Context, split = true): Arg[] {
  let text = '';
  let knownText = true;
  let unknownVar = false;
  let hidden = false;
  let download: string | undefined;
  let onlyExpansion = word.parts.length > 0;
  // `"$@"` is one word per positional parameter, quoted or not.
  let positional = false;
  const vars: string[] = [];
  const outputs: string[] = [];
  const unknown = (written: string) => {
    text += written;
    knownText = false;
  };
  for (const part of word.parts) {
    if (part.kind === 'text') {
      text += part.text;
      if (part.text.trim() !== '') onlyExpansion = false;
    } else if (part.kind === 'var') {
      vars.push(part.name);
      positional ||= part.name === '@' || part.name === '*';
      const value = ctx.env.get(part.name);
      // Each expansion is work: `echo $a $a …` reads the value as often as it is written.
      if (value !== undefined && spend(ctx, value.length)) text += value;
      else {
        unknown(`$${part.name}`);
        unknownVar = true;
      }
    } else if (part.kind === 'command' && part.process === '>') {
      // It reads what the command writes: run once the command is known (`curl … > >(sh)`).
      outputs.push(part.script);
      unknown(partText(part));
    } else if (part.kind === 'command') {
      const flow = ctx.runScript(part.script, deeper(ctx));
      download ??= flow.download;
      hidden ||= flow.hidden === true;
      if (flow.text !== undefined && !flow.hidden) text += trimEnd(flow.text, '\n');
      else unknown(partText(part));
    } else if (part.kind === 'unreadable') {
      opaque(ctx, TOO_DEEP);
      hidden = true;
      unknown(part.text);
    } else {
      for (const script of part.scripts) {
        const flow = ctx.runScript(script, deeper(ctx));
        download ??= flow.download;
        hidden ||= flow.hidden === true;
      }
      evaluateArithmetic(part.arithmetic, ctx, new Set());
      for (const name of part.prompt) expandPrompt(name, ctx);
      unknown(part.text);
      unknownVar = true;
    }
  }
  const arg: Arg = {
    text,
    raw: word.raw,
    known: knownText,
    glob: word.glob,
    vars,
    download,
    hidden,
    onlyExpansion,
    unknownVar,
    outputs,
  };
  // An unquoted expansion is split into words at `$IFS`: `$(echo rm -rf /)` is three.
  if (split && (!word.quoted || positional) && word.parts.some((p) => p.kind !== 'text')) {
    const ifs = ctx.env.has('IFS') ? ctx.env.get('IFS') : ' \t\n';
    if (ifs === undefined) return [{ ...arg, known: false, unknownVar: true }];
    if (knownText) {
      const fields = splitFields(text, ifs);
      // Each word made is work too: a value of many words is as costly as its text is long.
      if (!spend(ctx, fields.length * WORD_COST)) return [{ ...arg, known: false, unknownVar: true }];
      if (fields.length > 1) return fields.map((t) => ({ ...arg, text: t }));
    }
  }
  if (split && word.braces && knownText) {
    const words = braceExpand(text, ctx);
    if (words !== undefined) return words.map((t) => ({ ...arg, text: t }));
    opaque(ctx, 'a brace expansion too large to read');
    return [{ ...arg, known: false }];
  }
  return [arg];
}

function splitFields(text: string, ifs: string): string[] {
  if (ifs === '') return [text];
  const separators = new Set(ifs);
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    const c =
      code >= 0xd800 && code < 0xdc00
        ? String.fromCodePoint(text.codePointAt(i) as number)
        : (text[i] as string);
    const end = i + c.length;
    if (separators.has(c)) {
      if (i > start || !/\s/.test(c)) fields.push(text.slice(start, i));
      start = end;
    }
    i = end;
  }
  if (start < text.length) fields.push(text.slice(start));
  return fields;
}

// Parameters bash always holds a number in: arithmetic on them evaluates nothing else.
const NUMERIC_PARAMETER =
  /^([#?$!]|RANDOM|SRANDOM|SECONDS|LINENO|BASHPID|PPID|UID|EUID|EPOCHSECONDS|OPTIND|SHLVL|COLUMNS|LINES)$/;

/**
 * Arithmetic evaluates each variable's value as an expression in turn, array subscripts included,
 * so `x='a[$(rm -rf /)]'; echo $((x))` runs the substitution: a value nobody can know is unreadable.
 */
function evaluateArithmetic(names: string[], ctx: Context, seen: Set<string>): void {
  for (const name of names) {
    if (seen.has(name) || NUMERIC_PARAMETER.test(name)) continue;
    seen.add(name);
    const value = ctx.env.get(name);
    if (value === undefined) {
      opaque(ctx, `arithmetic on $${name}, whose value cannot be known before it runs`);
      return;
    }
    const part = arithmeticOf(value);
    if (part.kind === 'unreadable') opaque(ctx, TOO_DEEP);
    else if (part.kind === 'opaque') {
      for (const script of part.scripts) ctx.runScript(script, deeper(ctx));
      evaluateArithmetic(part.arithmetic, ctx, seen);
    }
  }
}

/** `${x@P}` expands the value as a prompt, substitutions included: read it as double-quoted text. */
function expandPrompt(name: string, ctx: Context): void {
  const value = ctx.env.get(name);
  if (value === undefined || ctx.level > MAX_DEPTH)
    opaque(ctx, `\${${name}@P} expands a value that cannot be known before it runs`);
  else
    expand(
      { parts: expansionParts(value), raw: value, quoted: true, glob: false, braces: false },
      deeper(ctx),
    );
}

/**
 * `a{b,c}d` is `abd acd`, nested groups included (`x{y{a,b},z}` is `xya xyb xz`). Words are made
 * one at a time, each charged to the work left, and no more than `MAX_BRACE_WORDS` of them: a word
 * that makes more (`{a,b}{a,b}…` doubles with each group) is undefined, not read in part.
 */
function braceExpand(text: string, ctx: Context): string[] | undefined {
  const words: string[] = [];
  const pending = [text];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (!spend(ctx, next.length)) return undefined;
    const group = braceGroup(next);
    if (group === undefined) words.push(next);
    else {
      const [open, close] = group;
      const before = next.slice(0, open);
      const after = next.slice(close + 1);
      const items = next.slice(open + 1, close).split(',');
      // Every word waiting makes one word at least.
      if (words.length + pending.length + items.length > MAX_BRACE_WORDS) return undefined;
      for (let k = items.length - 1; k >= 0; k--) pending.push(`${before}${items[k]}${after}`);
    }
  }
  return words;
}

/** The first `{…}` holding a comma and no other brace, as `[open, close]`. */
function braceGroup(text: string): [number, number] | undefined {
  let open = -1;
  let comma = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      open = i;
      comma = false;
    } else if (c === '}') {
      if (open >= 0 && comma) return [open, i];
      open = -1;
    } else if (c === ',') comma = true;
  }
  return undefined;
}
