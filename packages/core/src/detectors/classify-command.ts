import type { Arg } from './command-checks.ts';
import {
  type CommandClass,
  type CommandClassification,
  type CommandFinding,
  finish,
  guarded,
  newContext,
} from './command-context.ts';
import { expand } from './command-expand.ts';
import { runArgs } from './command-run.ts';
import { runScript } from './command-walk.ts';
import { literalWord } from './command-word.ts';

export type { CommandClass, CommandClassification, CommandFinding };

/**
 * Classifies a shell command line by parsing it the way a shell does: words and quotes, newlines
 * and `;` between commands, pipelines, groups, functions, heredocs and here-strings, and the
 * scripts inside `$( )`, backticks and `<( )` (double-quoted ones too). It follows `sh -c`,
 * `eval`, `su -c`, wrappers (`timeout`, `env`, `xargs`, `find -exec`…) and literal variables into
 * what they run, and tracks `cd`, downloads and assignments across the script.
 *
 * What cannot be read before it runs gets every class, so the strictest effect configured
 * applies: a program named by an expansion that cannot be known (`$X -rf /`, `$(… | base64 -d)`),
 * a shell fed a script nobody can read first (`cat x | sh`, `sh -c "$X"`, `base64 -d … | sh`),
 * arithmetic on an unknown value, and a command line nested too deeply or too long to read.
 *
 * @example
 * classifyCommand('curl -s https://x.sh | sudo bash').findings.map((f) => f.class)
 * // ['privilege', 'network', 'downloadExec']
 */
export function classifyCommand(command: string): CommandClassification {
  const ctx = newContext(runScript, runArgs);
  guarded(ctx, () => runScript(command, ctx));
  return finish(ctx);
}

/**
 * Classifies a command given as an argument vector (`['bash', '-c', 'rm -rf /']`): each item is
 * already one word, as `execve` receives it.
 *
 * @example
 * classifyArgv(['rm', '-rf', '/']).findings[0]?.class; // 'destructive'
 */
export function classifyArgv(argv: readonly string[]): CommandClassification {
  const ctx = newContext(runScript, runArgs);
  guarded(ctx, () =>
    runArgs(
      argv.map((item) => expand(literalWord(item), ctx)[0] as Arg),
      { redirects: [], groups: [], stdin: undefined },
      ctx,
    ),
  );
  return finish(ctx);
}
