import type { Arg } from './command-checks.ts';
import { readOptions } from './command-options.ts';
import type { RemoteCommand } from './command-remote.ts';

// Programs that run a command in an environment they set up: the subcommand words before the
// command, the options that take a value, and the option whose value is a shell command line.
interface Runner {
  sub: string[][];
  short?: string;
  long?: string[];
  shell?: string[];
  /** Subcommands that are the program run (`yarn node x.js` runs `node x.js`). */
  program?: string[];
}

const PYTHON_ENV: Runner['long'] = [
  'directory',
  'project',
  'python',
  'with',
  'with-requirements',
  'with-editable',
];
const RUNNERS: Record<string, Runner> = {
  uv: {
    sub: [['run'], ['tool', 'run']],
    short: 'pw',
    long: [
      ...(PYTHON_ENV ?? []),
      'package',
      'env-file',
      'extra',
      'group',
      'index',
      'index-url',
      'extra-index-url',
      'find-links',
      'from',
    ],
  },
  uvx: { sub: [[]], short: 'pw', long: [...(PYTHON_ENV ?? []), 'from', 'index-url'] },
  poetry: { sub: [['run']], short: 'CP', long: ['directory', 'project'] },
  pipenv: { sub: [['run']] },
  pdm: { sub: [['run']], short: 'p', long: ['project'] },
  rye: { sub: [['run']] },
  pixi: { sub: [['run'], ['exec']], short: 'e', long: ['environment', 'manifest-path', 'spec'] },
  conda: { sub: [['run']], short: 'np', long: ['name', 'prefix', 'cwd'] },
  mamba: { sub: [['run']], short: 'np', long: ['name', 'prefix', 'cwd'] },
  micromamba: { sub: [['run']], short: 'np', long: ['name', 'prefix', 'cwd'] },
  npm: { sub: [['exec'], ['x']], short: 'pwc', long: ['package', 'workspace', 'call'], shell: ['c', 'call'] },
  npx: { sub: [[]], short: 'pc', long: ['package', 'call'], shell: ['c', 'call'] },
  pnpm: { sub: [['exec'], ['dlx']], short: 'C', long: ['dir', 'package', 'filter'] },
  pnpx: { sub: [[]], long: ['package'] },
  yarn: { sub: [['exec'], ['dlx'], ['node']], short: 'p', long: ['package'], program: ['node'] },
  bunx: { sub: [[]], short: 'p', long: ['package'] },
  bundle: { sub: [['exec']], long: ['gemfile'] },
  sshpass: { sub: [[]], short: 'pfdP' },
};

/**
 * Commands run through a project or package runner (`uv run`, `poetry run`, `conda run -n env`,
 * `npm exec --`, `npx`, `pnpm exec`, `yarn exec`, `bundle exec`, `sshpass -p … ssh …`): the
 * command after the runner's options, run as an argument vector, and `npm exec -c '…'`'s line.
 *
 * @example
 * runnerCommand('uv', args)?.argv; // [Arg 'rm', Arg '-rf', Arg '/'] for `uv run rm -rf /`
 */
export function runnerCommand(program: string, args: Arg[]): RemoteCommand | undefined {
  const runner = Object.hasOwn(RUNNERS, program) ? RUNNERS[program] : undefined;
  if (runner === undefined) return undefined;
  const texts = args.map((a) => a.text);
  const sub = runner.sub.find((words) => words.every((word, i) => texts[i] === word));
  if (sub === undefined) return undefined;
  const read = readOptions(texts, { short: runner.short ?? '', long: runner.long ?? [] }, true, sub.length);
  const lines = (runner.shell ?? []).flatMap((name) => {
    const value = read.values.get(name);
    return value === undefined ? [] : [value];
  });
  const own = sub.length > 0 && runner.program?.includes(sub[sub.length - 1] as string);
  const start = own ? sub.length - 1 : read.operands[0];
  const argv = start === undefined ? undefined : args.slice(start);
  return { lines, argv, privilege: [] };
}
