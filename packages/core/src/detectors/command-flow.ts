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

export function printed(program: string, args: Arg[]): Flow {
  let words = args;
  let newline = program === 'echo';
  if (program === 'echo')
    while (words[0] !== undefined && /^-[neE]+$/.test(words[0].text)) {
      if (words[0].text.includes('n')) newline = false;
      words = words.slice(1);
    }
  const flow = codeFlow(words);
  if (newline && flow.text !== undefined) flow.text += '\n';
  if (program === 'printf' && flow.text !== undefined && words[0] !== undefined) {
    const values = words.slice(1).map((a) => a.text);
    const format = words[0].text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
    flow.text = format.includes('%')
      ? format.replace(/%[-0-9.]*[sbdc]/g, () => values.shift() ?? '')
      : format;
  }
  return flow;
}
