import { type Arg, baseName } from './command-checks.ts';
import { type Context, deeper, type Extra, type Flow, opaque, push } from './command-context.ts';
import { writtenFlow } from './command-files.ts';

/** Runs code given as text: a download, text nobody can read first, or a script to read. */
export function runCode(flow: Flow, ctx: Context, via: string, env = ctx.env): Flow {
  if (flow.download !== undefined) push(ctx, 'downloadExec', `runs the output of ${flow.download} as code`);
  else if (flow.hidden) opaque(ctx, `${via} runs code that cannot be read before it runs`);
  else if (flow.text !== undefined) return ctx.runScript(flow.text, deeper(ctx, env));
  return {};
}

/** The code that words hold once expanded (the words of `eval`, the string of `sh -c`). */
export function codeFlow(args: Arg[]): Flow {
  const download = args.find((a) => a.download)?.download;
  if (download !== undefined) return { download };
  if (args.some((a) => a.hidden)) return { hidden: true };
  const text = args.map((a) => a.text).join(' ');
  if (args.every((a) => a.known) || !args.every((a) => a.onlyExpansion)) return { text };
  // Only expansions: a variable's value is unknown; a command's output came from a program
  // already judged (`eval "$(ssh-agent -s)"`).
  return args.some((a) => !a.known && a.unknownVar) ? { hidden: true } : {};
}

/**
 * What a command reads from its redirections: a heredoc or here-string, the output of `< <( … )`,
 * or a file downloaded earlier. A file read otherwise is judged as running that file would be.
 */
export function stdinOf(redirects: Extra['redirects'], ctx: Context): Flow | undefined {
  const input = redirects.filter((r) => ['<<', '<<-', '<<<', '<'].includes(r.op)).pop();
  if (input === undefined) return undefined;
  const { op, arg } = input;
  if (op !== '<') return codeFlow([arg]);
  if (arg.download !== undefined) return { download: arg.download };
  if (arg.raw.startsWith('<(')) return arg.hidden ? { hidden: true } : codeFlow([arg]);
  if (ctx.downloaded.has(baseName(arg.text))) return { download: 'a downloaded file' };
  if (!arg.known) return { hidden: true };
  return writtenFlow([arg.text], ctx);
}

/** What `echo` and `printf` write, when their words are known: escapes decoded as they decode them. */
export function printed(program: string, args: Arg[]): Flow {
  let words = args;
  let newline = program === 'echo';
  // Without -e or -E, shells differ: dash's echo decodes escapes, bash's does not.
  let escapes: boolean | undefined;
  if (program === 'echo')
    while (words[0] !== undefined && /^-[neE]+$/.test(words[0].text)) {
      const flags = words[0].text;
      if (flags.includes('n')) newline = false;
      // The last of -e and -E decides.
      if (/[eE]/.test(flags)) escapes = flags.lastIndexOf('e') > flags.lastIndexOf('E');
      words = words.slice(1);
    }
  else if (words[0]?.text === '--') words = words.slice(1);
  const flow = codeFlow(words);
  if (flow.text === undefined) return flow;
  if (program === 'echo') {
    const decoded = escapes === false ? flow.text : decodeEscapes(flow.text, true);
    // Both readings are judged when the shell is not known.
    if (escapes === true) flow.text = decoded;
    else if (escapes === undefined && decoded !== flow.text) flow.text = `${flow.text}\n${decoded}`;
    if (newline) flow.text += '\n';
  } else if (words[0] !== undefined)
    flow.text = printf(
      words[0].text,
      words.slice(1).map((a) => a.text),
    );
  return flow;
}

// A conversion (`%s`, `%-5d`, `%%`) or a backslash escape of a printf format.
const FORMAT_PART = /%[-+ #0]*\d*(?:\.\d*)?([a-zA-Z%])|\\(?:[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/gs;
const ESCAPE = /\\(?:0[0-7]{0,3}|[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/gs;
const NAMED_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** printf's output: the format used again while arguments remain, `%b` decoding its argument. */
function printf(format: string, values: string[]): string {
  let out = '';
  let next = 0;
  for (let round = 0; round < values.length + 1; round++) {
    let used = 0;
    out += format.replace(FORMAT_PART, (part, conversion: string | undefined) => {
      if (conversion === undefined) return decodeEscape(part, false);
      if (conversion === '%') return '%';
      used += 1;
      const value = values[next++] ?? '';
      return conversion === 'b' ? decodeEscapes(value, true) : value;
    });
    if (used === 0 || next >= values.length) break;
  }
  return out;
}

/** Decodes `\n`, `\xHH` and octal escapes as `echo -e` (octal after `\0`) or a printf format does. */
function decodeEscapes(text: string, echo: boolean): string {
  return text.includes('\\') ? text.replace(ESCAPE, (sequence) => decodeEscape(sequence, echo)) : text;
}

function decodeEscape(sequence: string, echo: boolean): string {
  const body = sequence.slice(1);
  if (body.startsWith('x') && body.length > 1) return String.fromCharCode(Number.parseInt(body.slice(1), 16));
  if (/^[0-7]+$/.test(body) && (!echo || body.startsWith('0')))
    return String.fromCharCode(Number.parseInt(echo ? body.slice(1) || '0' : body, 8) & 0xff);
  return NAMED_ESCAPES[body] ?? sequence;
}
