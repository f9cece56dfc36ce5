import type { Arg } from './command-checks.ts';
import type { EmbeddedCode } from './command-embedded.ts';
import { escapes, interpreted, piped, UNREADABLE } from './command-escapes.ts';
import { optionValues, readOptions } from './command-options.ts';
import { shellWord } from './shell-quote.ts';

// TeX engines and formats, which run `\write18{…}` when shell escape is on.
const TEX = new Set([
  'tex',
  'etex',
  'pdftex',
  'xetex',
  'luatex',
  'luahbtex',
  'luajittex',
  'latex',
  'pdflatex',
  'xelatex',
  'lualatex',
  'luajitlatex',
  'ptex',
  'eptex',
  'uptex',
  'euptex',
  'platex',
  'uplatex',
  'amstex',
]);
const RPM = new Set(['rpm', 'rpmdb', 'rpmquery', 'rpmverify', 'rpmbuild', 'rpmspec', 'rpmsign']);

/**
 * Command lines run by macro and document languages given on the command line or piped in:
 * m4's `esyscmd(…)`, make's `$(shell …)`, `!=` and recipes in `--eval`, rpm's `%(…)`,
 * `%{lua:…}` and `--pipe`, dc's `!`, ed's `!`, and TeX's `\write18{…}` under `-shell-escape`
 * with `\directlua{…}`. Lua code is returned as the command line that would run it.
 *
 * @example
 * macroCode('make', args)?.code; // ['rm -rf /'] for `make --eval='$(shell rm -rf /)'`
 */
export function macroCode(program: string, args: Arg[]): EmbeddedCode | undefined {
  const texts = args.map((a) => a.text);
  if (program === 'm4' || program === 'gm4') {
    const read = readOptions(texts, {
      short: 'DUIlFRtoH',
      long: [
        'define',
        'undefine',
        'include',
        'nesting-limit',
        'freeze-state',
        'reload-state',
        'trace',
        'debugfile',
        'hashsize',
      ],
    });
    const stdin = read.operands.length === 0 || read.operands.some((n) => texts[n] === '-');
    return piped({ code: [] }, stdin, m4Commands);
  }
  if (program === 'make' || program === 'gmake') {
    const evals = optionValues(args, ['--eval', '-E']);
    // Command-line assignments expand `$(shell …)` when they are used, or at once with `:=`.
    const assignments = args.filter((a) => /^[\w.-]+\s*(?::{0,3}|\+|\?)=/.test(a.text));
    const stdin = optionValues(args, ['-f', '--file', '--makefile']).some((a) => a.text === '-');
    const values = assignments.map((a) => ({ ...a, text: a.text.replace(/^[^=]*=/, '') }));
    return piped(escapes([...evals, ...values], makeCommands), stdin, makeCommands);
  }
  if (RPM.has(program)) {
    const read = escapes(optionValues(args, ['--eval', '-E', '--define', '-D']), rpmCommands);
    return { ...read, code: [...read.code, ...optionValues(args, ['--pipe']).map((a) => [a])] };
  }
  if (program === 'dc') {
    const expressions = optionValues(args, ['-e', '--expression']);
    const read = readOptions(texts, { short: 'ef', long: ['expression', 'file'] });
    const stdin =
      (expressions.length === 0 &&
        !read.values.has('f') &&
        !read.values.has('file') &&
        read.operands.length === 0) ||
      read.operands.some((n) => texts[n] === '-');
    return piped(escapes(expressions, dcCommands), stdin, dcCommands);
  }
  if (program === 'ed' || program === 'red') return piped({ code: [] }, true, edCommands);
  if (TEX.has(program)) {
    const shellEscape = texts.some((t) => /^--?(shell-escape|enable-write18)$/.test(t));
    const code = args.filter((a) => !a.text.startsWith('-') && a.text.includes('\\'));
    return escapes(code, (text) => texCommands(text, shellEscape));
  }
  return undefined;
}

/**
 * Where the bracket opened at `open` closes, counting nested brackets of the same kind; -1 when
 * it does not.
 */
function closing(text: string, open: number): number {
  const opener = text[open] as string;
  const closer = ({ '(': ')', '{': '}', '[': ']' } as Record<string, string>)[opener] as string;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === opener) depth += 1;
    else if (text[i] === closer && --depth === 0) return i;
  }
  return -1;
}

/**
 * m4's `syscmd(cmd)` and `esyscmd(cmd)` (`m4_` prefixed under `-P`): the first argument, with
 * one level of `` `quotes' `` taken off, as m4 collects it. Anywhere in the text, quoted or not,
 * since a quoted call runs when the macro it defines is used.
 */
function m4Commands(text: string): string[] {
  const lines: string[] = [];
  for (const call of text.matchAll(/(?<!\w)(?:m4_)?e?syscmd\(/g)) {
    // Other quote characters make the argument unreadable here.
    if (/\bchangequote\b/.test(text)) return [UNREADABLE];
    const argument = m4Argument(text, call.index + call[0].length);
    lines.push(argument ?? UNREADABLE);
  }
  return lines;
}

function m4Argument(text: string, from: number): string | undefined {
  let quotes = 0;
  let parens = 0;
  let value = '';
  let i = from;
  while (i < text.length && quotes === 0 && /\s/.test(text[i] as string)) i += 1;
  for (; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '`') {
      if (quotes++ > 0) value += c;
      continue;
    }
    if (c === "'" && quotes > 0) {
      if (--quotes > 0) value += c;
      continue;
    }
    if (quotes === 0) {
      if (c === '(') parens += 1;
      else if (c === ')' && parens-- === 0) return value;
      else if (c === ',' && parens === 0) return value;
    }
    value += c;
  }
  return undefined;
}

/**
 * Makefile text (`--eval`, `-f -`): `$(shell cmd)`, `VAR != cmd`, recipe lines, and `$(file …)`
 * as the shell line that does the same (`: > f`, `cat f`). A command holding a variable or a
 * function call is not known before make runs.
 */
function makeCommands(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const lines: string[] = [];
  for (const call of joined.matchAll(/\$[({]shell\s/g)) {
    const end = closing(joined, call.index + 1);
    lines.push(end < 0 ? UNREADABLE : makeValue(joined.slice(call.index + call[0].length, end)));
  }
  for (const call of joined.matchAll(/\$[({]file\s+(>>|>|<)\s*([^,)}\s]+)/g)) {
    const [, op, file] = call as unknown as [string, string, string];
    if (file.includes('$')) lines.push(UNREADABLE);
    else lines.push(op === '<' ? `cat -- ${shellWord(file)}` : `: ${op} ${shellWord(file)}`);
  }
  let rule = false;
  for (const line of joined.split(/\r?\n/)) {
    if (line.startsWith('\t')) {
      if (rule) lines.push(makeValue(recipe(line.slice(1))));
      continue;
    }
    if (line.trim() === '' || /^\s*#/.test(line)) continue;
    const shellAssignment = /^\s*(?:export\s+|override\s+)?[\w.-]+\s*!=(.*)$/.exec(line);
    if (shellAssignment !== null) {
      lines.push(makeValue(shellAssignment[1] as string));
      rule = false;
      continue;
    }
    // `targets : prerequisites ; recipe`, not an assignment (`x := y`, `x = a:b`).
    const ruleLine = /^([^=:#\t][^=:#]*)::?(?!=)([^;#=]*)(?:;(.*))?$/.exec(line);
    rule = ruleLine !== null && !/^\s*(?:define|ifn?eq|ifn?def|else|endif|include|-include)\b/.test(line);
    const inline = ruleLine?.[3];
    if (rule && inline !== undefined && inline.trim() !== '') lines.push(makeValue(recipe(inline)));
  }
  return lines.filter((l) => l.trim() !== '');
}

/** A recipe line without the prefixes that only tell make how to run it (`@`, `-`, `+`). */
function recipe(line: string): string {
  return line.replace(/^[\s@+-]*/, '');
}

/** Make's `$$` is a `$`; any other `$` expands something not known here. */
function makeValue(text: string): string {
  const value = text.replace(/\$\$/g, '\0');
  return value.includes('$') ? UNREADABLE : value.replace(/\0/g, '$');
}

/** rpm macros: `%(cmd)` and `%{lua: code}`, with `%%` a percent sign. */
function rpmCommands(text: string): string[] {
  const masked = text.replace(/%%/g, '\0\0');
  const lines: string[] = [];
  for (const call of masked.matchAll(/%\(|%\{lua:/g)) {
    const end = closing(masked, call.index + 1);
    if (end < 0) {
      lines.push(UNREADABLE);
      continue;
    }
    const body = text.slice(call.index + call[0].length, end);
    if (call[0] === '%(')
      lines.push(/%[{(\w]/.test(body.replace(/%%/g, '')) ? UNREADABLE : body.replace(/%%/g, '%'));
    else lines.push(interpreted('lua -e', body));
  }
  return lines;
}

/**
 * dc's `!`, which runs the rest of its line (or of the string it is executed from); `!<`, `!>`
 * and `!=` compare. `#` starts a comment outside strings.
 */
function dcCommands(text: string): string[] {
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth += 1;
    else if (c === ']' && depth > 0) depth -= 1;
    else if (c === '#' && depth === 0) i = lineEnd(text, i) - 1;
    else if (c === '!' && !/[<>=]/.test(text[i + 1] ?? '')) {
      let end = lineEnd(text, i);
      const close = text.indexOf(']', i);
      if (depth > 0 && close >= 0 && close < end) end = close;
      const command = text.slice(i + 1, end);
      if (command.trim() !== '') lines.push(command);
      i = end - 1;
    }
  }
  return lines;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/**
 * ed's commands that leave for a shell: `!cmd`, `r !cmd`, `w !cmd`, `e !cmd`. Lines typed after
 * `a`, `i` or `c` are text, up to a line holding only `.`.
 */
function edCommands(text: string): string[] {
  const lines: string[] = [];
  let input = false;
  for (const line of text.split(/\r?\n/)) {
    if (input) {
      input = line !== '.';
      continue;
    }
    const shell = ED_SHELL.exec(line)?.[1];
    if (shell !== undefined) {
      if (shell.trim() !== '') lines.push(shell);
    } else input = ED_INPUT.test(line);
  }
  return lines;
}

// An ed address: line numbers, `.`, `$`, `,`, `;`, offsets and marks (`'a`).
const ED_ADDRESS = String.raw`(?:[\d.,;$+\s-]|'[a-z])*`;
const ED_SHELL = new RegExp(`^${ED_ADDRESS}(?:[rwWeE]\\s*)?!(.*)$`);
const ED_INPUT = new RegExp(`^${ED_ADDRESS}[aic]$`);

/**
 * TeX code on the command line: with shell escape on, `\write18{cmd}`, `\ShellEscape{cmd}` and
 * `\input|"cmd"`; and always `\directlua{…}` (LuaTeX's Lua can open and remove files). A command
 * holding a control sequence is expanded by TeX first, so it is not known here.
 */
function texCommands(text: string, shellEscape: boolean): string[] {
  const lines: string[] = [];
  const braced = (pattern: RegExp, use: (body: string) => string) => {
    for (const call of text.matchAll(pattern)) {
      const open = call.index + call[0].length - 1;
      const end = closing(text, open);
      lines.push(end < 0 ? UNREADABLE : use(text.slice(open + 1, end)));
    }
  };
  if (shellEscape) {
    const command = (body: string) => (body.includes('\\') ? UNREADABLE : body);
    braced(/\\(?:write18|ShellEscape)\s*\{/g, command);
    for (const pipe of text.matchAll(/\\input\s*\|\s*(?:"([^"]*)"|(\S+))/g))
      lines.push(command(pipe[1] ?? (pipe[2] as string)));
  }
  braced(/\\(?:directlua|luaexec|luadirect)\s*\{/g, (body) => interpreted('lua -e', body));
  return lines;
}
