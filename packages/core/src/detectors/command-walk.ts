import { type Arg, checkRedirect } from './command-checks.ts';
import {
  type Context,
  deeper,
  type Flow,
  MAX_DEPTH,
  opaque,
  push,
  pusher,
  spend,
  TOO_DEEP,
} from './command-context.ts';
import { expand, expandOne } from './command-expand.ts';
import { stdinOf } from './command-flow.ts';
import { execRedirects, openRedirects, recordRedirects, writeOutput } from './command-redirects.ts';
import { commandVariable, runArgs } from './command-run.ts';
import { type Command, type Pipeline, parseScript } from './command-syntax.ts';
import { ASSIGNMENT, assign } from './command-variables.ts';
import { partText, type Word } from './command-word.ts';

export function runScript(text: string, ctx: Context, stdin?: Flow): Flow {
  // Charged first: scripts nested too deeply still cost what they are.
  if (!spend(ctx, text.length)) return { hidden: true };
  if (ctx.level > MAX_DEPTH) {
    opaque(ctx, TOO_DEEP);
    return { hidden: true };
  }
  return runList(parseScript(text), ctx, stdin);
}

/** `stdin`: what the list reads (a `>( … )` script reads what its command writes). */
function runList(pipelines: Pipeline[], ctx: Context, stdin?: Flow): Flow {
  const flows = pipelines.map((pipeline) => runPipeline(pipeline, ctx, stdin));
  // What the list prints, when every part of it prints known text (`{ echo a; echo b; } > x.sh`).
  const texts = flows.map((f) => f.text);
  const known = texts.filter((t) => t !== undefined);
  return {
    download: flows.find((f) => f.download)?.download,
    text: texts.length > 0 && known.length === texts.length ? texts.join('') : undefined,
    hidden: flows.some((f) => f.hidden),
    paths: flows.flatMap((f) => f.paths ?? []),
    partial: known.length > 0 && known.length < texts.length ? known.join('') : undefined,
  };
}

function runPipeline(pipeline: Pipeline, ctx: Context, input: Flow | undefined): Flow {
  let previous: Flow | undefined;
  // What any earlier command passes down the pipe (`curl … | tee x | sh`).
  let download: string | undefined = input?.download;
  let hidden = input?.hidden === true;
  for (const [n, command] of pipeline.commands.entries()) {
    const stdin: Flow | undefined =
      previous === undefined
        ? input
        : { download, text: previous.text, hidden, paths: previous.paths ?? [], partial: previous.partial };
    previous = runCommand(command, ctx, stdin, n === pipeline.commands.length - 1);
    download ??= previous.download;
    hidden ||= previous.hidden === true;
  }
  // A function that starts copies of itself in the background or down a pipe multiplies.
  const { fn } = ctx;
  if (
    fn !== undefined &&
    (pipeline.commands.length > 1 || pipeline.next === '&') &&
    pipeline.commands.some(
      (c) => c.kind === 'simple' && c.words[0] !== undefined && partsText(c.words[0]) === fn,
    )
  ) {
    push(ctx, 'destructive', 'a fork bomb');
  }
  return { ...previous, download, hidden };
}

/** `last`: the command's output is the shell's (it is not piped on). */
function runCommand(command: Command, ctx: Context, stdin: Flow | undefined, last = true): Flow {
  if (command.kind === 'unreadable') {
    opaque(ctx, command.reason);
    return { hidden: true };
  }
  if (command.kind === 'function') {
    ctx.functions.set(command.name, runCommand(command.body, { ...ctx, fn: command.name }, undefined));
    return { text: '' };
  }
  if (command.kind === 'group') {
    const targets = command.redirects.flatMap((r) =>
      r.target ? [{ op: r.op, arg: expandOne(r.target, ctx), fd: r.fd }] : [],
    );
    // The group's files are opened first; its body writes its errors where the group's go
    // (`{ echo … >&2; } 2> x.sh`), and what it prints is the group's output.
    const fds = ctx.fds;
    const table = openRedirects(targets, ctx, last);
    ctx.fds = new Map(table);
    ctx.fds.delete(1);
    const flow = runList(command.body, ctx, stdinOf(targets, ctx) ?? stdin);
    ctx.fds = fds;
    for (const { op, arg } of targets) checkRedirect(op, arg, pusher(ctx), ctx.budget);
    const passed = writeOutput(table, flow, ctx);
    runOutputs(
      targets.map((t) => t.arg),
      flow,
      stdin,
      ctx,
    );
    return passed;
  }
  const args = command.words.flatMap((w) => expand(w, ctx));
  const redirects = command.redirects.flatMap((r) =>
    r.target ? [{ op: r.op, arg: expandOne(r.target, ctx), fd: r.fd }] : [],
  );
  const groups = command.groups.map((g) => runCommand(g, ctx, undefined));
  let i = 0;
  while (i < args.length && ASSIGNMENT.test((args[i] as Arg).text)) commandVariable(args[i++] as Arg, ctx);
  if (i === args.length) {
    for (const arg of args) assign(arg, ctx);
    for (const { op, arg } of redirects) checkRedirect(op, arg, pusher(ctx), ctx.budget);
    // `> x.sh` alone empties the file; `$(< x.sh)` is what the file holds.
    recordRedirects(redirects, { text: '' }, ctx);
    return stdinOf(redirects, ctx) ?? {};
  }
  const called = ctx.functions.get((args[i] as Arg).text);
  const ran = runArgs(args.slice(i), { redirects, groups, stdin }, ctx);
  // A function prints what its body prints, read where it was defined.
  const flow = called === undefined ? ran : { ...called, paths: [...(called.paths ?? [])] };
  runOutputs([...args, ...redirects.map((r) => r.arg)], flow, stdin, ctx);
  if (i !== args.length - 1 || (args[i] as Arg).text !== 'exec')
    return recordRedirects(redirects, flow, ctx, last);
  execRedirects(redirects, ctx);
  return flow;
}

/** `>( … )` scripts read what the command writes, and what it passes on of its input (`tee`). */
function runOutputs(args: Arg[], flow: Flow, stdin: Flow | undefined, ctx: Context): void {
  const input: Flow = {
    download: flow.download ?? stdin?.download,
    text: flow.text,
    hidden: flow.hidden === true || stdin?.hidden === true,
  };
  for (const arg of args) for (const script of arg.outputs ?? []) runScript(script, deeper(ctx), input);
}

function partsText(word: Word): string {
  return word.parts.map(partText).join('');
}
