import { type Arg, baseName } from './command-checks.ts';
import type { Context, Extra, Flow } from './command-context.ts';
import { recordWrite } from './command-files.ts';

const WRITES = new Set(['>', '>|', '&>', '>>', '&>>']);
// A file descriptor named after `>&`, or `-` for closing it.
const DESCRIPTOR = /^(\d+|-)$/;

/**
 * Remembers what a command's output redirections write (`echo … > x.sh`, `cat <<EOF >> x.py`),
 * so that running the file later in the same line is judged by what it holds. Redirections are
 * made in turn, so `> x.sh > /dev/null` leaves x.sh empty and `2> x.sh >&2` writes the output
 * into x.sh. `last`: the command's output is the shell's, which `exec > x.sh` may have sent to a
 * file; otherwise it goes down a pipe.
 */
export function recordRedirects(redirects: Extra['redirects'], flow: Flow, ctx: Context, last = true): Flow {
  // Most commands redirect nothing in a shell whose descriptors exec never moved.
  if (redirects.length === 0 && ctx.fds.size === 0) return flow;
  return writeOutput(openRedirects(redirects, ctx, last), flow, ctx);
}

/**
 * Opens the files a command's redirections name, as a shell does before the command runs: each
 * is emptied unless appended to, and the one that gets the output starts afresh. Returns where
 * each descriptor then writes.
 */
export function openRedirects(redirects: Extra['redirects'], ctx: Context, last: boolean) {
  const { table, opened } = descriptors(redirects, ctx, last);
  const out = table.get(1);
  for (const { arg, append } of opened)
    if (arg !== out) recordWrite(arg, append, { text: '' }, ctx);
    else if (!append) ctx.written.get(baseName(arg.text))?.delete(arg.text);
  return table;
}

/**
 * Adds what a command printed to the file its output goes to, if a file (`exec 3> x.sh`, `>&3`),
 * and returns what it passes down a pipe or to its group: nothing once the output is in a file.
 */
export function writeOutput(table: Context['fds'], flow: Flow, ctx: Context): Flow {
  const out = table.get(1);
  if (typeof out !== 'object') return flow;
  recordWrite(out, true, flow, ctx);
  return STANDARD_STREAM.test(out.text) ? flow : { text: '' };
}

// Files that are the process's own output or errors, which the shell may have piped on.
const STANDARD_STREAM = /^\/(dev\/(stdout|stderr|fd\/\d+)|proc\/self\/fd\/\d+)$/;

/**
 * Where a command's file descriptors write once its redirections are made: a file, or a
 * descriptor of the shell's own (a number). `opened`: the files it opens, in order.
 */
function descriptors(redirects: Extra['redirects'], ctx: Context, last: boolean) {
  const table = new Map(ctx.fds);
  // Down a pipe, the output is the next command's input.
  if (!last) table.set(1, PIPED);
  const opened: { arg: Arg; append: boolean }[] = [];
  for (const { op, arg, fd } of redirects) {
    if (op === '>&' && DESCRIPTOR.test(arg.text)) {
      // `>&2`, `3>&-`: a copy of another descriptor, or closed.
      const from = fd ?? 1;
      const to = arg.text === '-' ? CLOSED : (table.get(Number(arg.text)) ?? Number(arg.text));
      table.set(from, to);
    } else if (WRITES.has(op) || op === '>&') {
      // `&> x`, `>& x`: output and errors.
      if (op.startsWith('&') || op === '>&') {
        table.set(1, arg);
        table.set(2, arg);
      } else table.set(fd ?? 1, arg);
      opened.push({ arg, append: op.endsWith('>>') });
    }
  }
  return { table, opened };
}

// Descriptors that lead to no file: a pipe, and a closed descriptor.
const PIPED = -1;
const CLOSED = -2;

/**
 * `exec` with redirections and no command changes where the shell itself writes: `exec > x.sh`
 * sends the output of every later command into x.sh, `exec 3> x.sh` opens x.sh for `>&3`, and
 * `exec >&-` or `exec > /dev/tty` sends it elsewhere again.
 */
export function execRedirects(redirects: Extra['redirects'], ctx: Context): void {
  ctx.fds = openRedirects(redirects, ctx, true);
}
