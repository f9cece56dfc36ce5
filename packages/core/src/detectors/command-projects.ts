import micromatch from 'micromatch';
import { parse as parseYaml } from 'yaml';
import { type Arg, baseName } from './command-checks.ts';
import type { Context, Flow } from './command-context.ts';
import { ranWritten, writtenFlow } from './command-files.ts';
import { runCode } from './command-flow.ts';
import type { InlineCode, InlineLanguage } from './command-inline.ts';
import { judgeInline } from './command-inline-judge.ts';
import { unitCommands } from './command-later.ts';
import { optionValues, readOptions } from './command-options.ts';
import { ANSIBLE_COMMAND_MODULE } from './command-programs.ts';
import { runnerCommand } from './command-runners.ts';

// npm's names for its commands that run scripts, with the lifecycle scripts each one runs
// (`npm help scripts`); `run` runs the script it names, with its `pre` and `post` scripts.
const INSTALL = [
  'preinstall',
  'install',
  'postinstall',
  'prepublish',
  'preprepare',
  'prepare',
  'postprepare',
];
const PACK = ['prepack', 'prepare', 'postpack'];
const NPM: Record<string, string[] | 'named'> = {
  run: 'named',
  'run-script': 'named',
  rum: 'named',
  urn: 'named',
  test: ['pretest', 'test', 'posttest'],
  t: ['pretest', 'test', 'posttest'],
  tst: ['pretest', 'test', 'posttest'],
  start: ['prestart', 'start', 'poststart'],
  stop: ['prestop', 'stop', 'poststop'],
  restart: [
    'prerestart',
    'restart',
    'postrestart',
    'prestop',
    'stop',
    'poststop',
    'prestart',
    'start',
    'poststart',
  ],
  install: INSTALL,
  i: INSTALL,
  in: INSTALL,
  ins: INSTALL,
  inst: INSTALL,
  insta: INSTALL,
  instal: INSTALL,
  isnt: INSTALL,
  isnta: INSTALL,
  isntal: INSTALL,
  isntall: INSTALL,
  add: INSTALL,
  ci: INSTALL,
  'clean-install': INSTALL,
  ic: INSTALL,
  'install-clean': INSTALL,
  'isntall-clean': INSTALL,
  'install-test': [...INSTALL, 'pretest', 'test', 'posttest'],
  it: [...INSTALL, 'pretest', 'test', 'posttest'],
  'install-ci-test': [...INSTALL, 'pretest', 'test', 'posttest'],
  cit: [...INSTALL, 'pretest', 'test', 'posttest'],
  rebuild: INSTALL,
  rb: INSTALL,
  pack: PACK,
  publish: [...PACK, 'prepublishOnly', 'prepublish', 'publish', 'postpublish'],
  version: ['preversion', 'version', 'postversion'],
};

// Options of the package managers that take a value before their command (`npm --prefix app test`).
const MANAGER_OPTIONS = {
  short: 'wC',
  long: ['prefix', 'workspace', 'filter', 'dir', 'cwd', 'cache', 'registry', 'userconfig', 'loglevel'],
};

// Test files and configuration a test runner loads and runs (its defaults).
const PYTEST_FILES = ['conftest.py', 'test_*.py', '*_test.py'];
const UNITTEST_FILES = ['test*.py'];
const JS_TEST_FILES = ['*.{test,spec}.{js,mjs,cjs,ts,mts,cts}'];
const JS_TEST_RUNNERS = new Set(['jest', 'vitest', 'mocha', 'ava', 'tap', 'playwright', 'cypress']);
// Configuration files JavaScript tools load as modules (`eslint.config.js`, `.eslintrc.cjs`,
// `vite.config.ts`), and the tools that load them.
const JS_CONFIG_FILES = ['*.config.{js,mjs,cjs,ts,mts,cts}', '.*rc.{js,cjs,mjs}'];
const JS_TOOLS = new Set([
  ...JS_TEST_RUNNERS,
  'eslint',
  'prettier',
  'stylelint',
  'webpack',
  'webpack-cli',
  'rollup',
  'vite',
  'next',
  'nuxt',
  'nuxi',
  'astro',
  'svelte-kit',
  'babel',
  'tailwindcss',
  'postcss',
  'tsup',
  'parcel',
  'gatsby',
  'remix',
  'react-scripts',
  'ng',
  'vue-cli-service',
  'commitlint',
  'lint-staged',
  'nodemon',
  'storybook',
  'nx',
  'turbo',
  'drizzle-kit',
  'prisma',
  'knex',
  'sequelize',
  'typeorm',
  'hardhat',
  'truffle',
  'wrangler',
  'electron-builder',
]);
// Files every Python start-up imports when they are on its path.
const PYTHON_START = ['sitecustomize.py', 'usercustomize.py'];

/**
 * Runs what a program runs from project files written earlier in the same command line: the
 * scripts of a written `package.json` (`npm test`, `npm install`'s lifecycle scripts, `pnpm
 * build`, `yarn`), the test files and `conftest.py` a test runner loads (`pytest`, `jest`), the
 * configuration JavaScript tools load, the script of `uv run x.py`, the `setup.py` of `pip
 * install .` and the task files of rake, invoke, fab and nox. Each is judged as if it ran now. Interpreters: see `interpreterProjectFiles`.
 */
export function runsProjectFiles(program: string, args: Arg[], ctx: Context): void {
  if (ctx.written.size === 0) return;
  const texts = args.map((a) => a.text);
  if (program === 'npm' || program === 'pnpm' || program === 'yarn' || program === 'bun') {
    packageScripts(program, texts, ctx);
    return;
  }
  if (program === 'pytest' || program === 'py.test') {
    runPytest(texts, ctx);
    return;
  }
  if (program === 'uv') {
    // `uv run x.py` runs it with Python.
    const script = runnerCommand(program, args)?.argv?.[0]?.text;
    if (script?.endsWith('.py')) ranWritten(script, ctx, 'python');
    return;
  }
  if (JS_TOOLS.has(program)) {
    runTests(JS_CONFIG_FILES, 'javascript', ctx);
    if (JS_TEST_RUNNERS.has(program)) runTests(JS_TEST_FILES, 'javascript', ctx);
    return;
  }
  if (program === 'composer') {
    composerScripts(texts, ctx);
    return;
  }
  const configured = configuredCommands(program, args, ctx);
  if (configured !== undefined) {
    runCode(configured.flow, ctx, configured.via);
    return;
  }
  if (program === 'pip' || program === 'pip3') {
    if (installsProject(texts)) ranWritten('setup.py', ctx, 'python');
    return;
  }
  const tasks = Object.hasOwn(TASK_FILES, program) ? TASK_FILES[program] : undefined;
  if (tasks !== undefined) {
    // The task file named by an option, or the default names.
    const read = readOptions(texts, { short: tasks.option, long: tasks.long });
    const named =
      read.values.get(tasks.option) ?? tasks.long.map((name) => read.values.get(name)).find(Boolean);
    // invoke's `-c tasks2` names a module.
    const file =
      named !== undefined && tasks.language === 'python' && !named.includes('.') ? `${named}.py` : named;
    for (const name of file === undefined ? tasks.files : [file]) ranWritten(name, ctx, tasks.language);
  }
}

/**
 * The commands a configuration written earlier in the line runs when a program takes it up: the
 * `Exec…=` lines of a unit given to `systemctl link|enable|start`, the `shell`/`command`/`raw`
 * tasks of a playbook given to `ansible-playbook`, the `Pre-Invoke`/`Post-Invoke` hooks of an APT
 * configuration given to `apt-get -c`, and the `PreUp`/`PostUp`/`PreDown`/`PostDown` lines of a
 * `wg-quick` configuration.
 */
function configuredCommands(
  program: string,
  args: Arg[],
  ctx: Context,
): { flow: Flow; via: string } | undefined {
  const texts = args.map((a) => a.text);
  const operands = texts.filter((t) => !t.startsWith('-'));
  let file: string | undefined;
  let read: (text: string) => string[];
  if (program === 'systemctl' && /^(link|enable|start|restart|reenable)$/.test(operands[0] ?? '')) {
    file = operands.slice(1).find((t) => /\.(service|socket|timer|path|mount)$/.test(t) && t.includes('/'));
    read = unitCommands;
  } else if (program === 'ansible-playbook') {
    file = operands.find((t) => /\.ya?ml$/.test(t) || ctx.written.has(baseName(t)));
    read = playbookCommands;
  } else if (program === 'apt-get' || program === 'apt') {
    file = optionValues(args, ['-c', '--config-file'])[0]?.text;
    read = aptHooks;
  } else if (program === 'wg-quick' && /^(up|down|strip|save)$/.test(operands[0] ?? '')) {
    file = operands[1];
    read = (text) =>
      [...text.matchAll(/^\s*(?:Pre|Post)(?:Up|Down)\s*=\s*(.*)$/gim)].map((m) => m[1] as string);
  } else return undefined;
  const flow = file === undefined ? undefined : writtenFlow([file], ctx);
  if (flow === undefined) return undefined;
  const via = `${program}, with ${file} written earlier,`;
  if (flow.text === undefined) return { flow, via };
  const commands = read(flow.text);
  return commands.length === 0 ? undefined : { flow: { text: commands.join('\n') }, via };
}

/** The command lines of a playbook's `shell`, `command` and `raw` tasks, found at any depth. */
function playbookCommands(text: string): string[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch {
    // A playbook that does not parse does not run.
    return [];
  }
  const commands: string[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (ANSIBLE_COMMAND_MODULE.test(key)) {
        const line = typeof value === 'string' ? value : (value as { cmd?: unknown } | null)?.cmd;
        if (typeof line === 'string') commands.push(line);
      }
      visit(value, depth + 1);
    }
  };
  visit(document, 0);
  return commands;
}

/** The commands of APT's `Pre-Invoke`/`Post-Invoke` hooks in a configuration (`Dpkg::Pre-Invoke {"cmd";};`). */
function aptHooks(text: string): string[] {
  return [...text.matchAll(/(?:Pre|Post)-Invoke(?:-Success)?\s*\{([^}]*)\}/gi)].flatMap((m) =>
    [...(m[1] as string).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => q[1] as string),
  );
}

/**
 * The scripts `composer` runs from a `composer.json` written earlier in the line: the one
 * `run-script` names, a custom command of that name, and the install and update events.
 */
function composerScripts(texts: string[], ctx: Context): void {
  const flow = writtenFlow(['composer.json'], ctx);
  if (flow === undefined) return;
  const via = 'composer, with a composer.json written earlier,';
  if (flow.text === undefined) {
    runCode(flow, ctx, via);
    return;
  }
  let scripts: unknown;
  try {
    scripts = (JSON.parse(flow.text) as { scripts?: unknown } | null)?.scripts;
  } catch {
    return;
  }
  if (scripts === null || typeof scripts !== 'object') return;
  const [command, named] = texts.filter((t) => !t.startsWith('-'));
  const names =
    command === 'run-script' || command === 'run'
      ? [named]
      : command === undefined || /^(install|i|update|u|upgrade|require|create-project)$/.test(command)
        ? [
            'pre-install-cmd',
            'post-install-cmd',
            'pre-update-cmd',
            'post-update-cmd',
            'pre-autoload-dump',
            'post-autoload-dump',
          ]
        : [command];
  for (const name of names) {
    const script = name === undefined ? undefined : (scripts as Record<string, unknown>)[name];
    for (const line of Array.isArray(script) ? script : [script])
      if (typeof line === 'string')
        runCode({ text: line.replace(/^@php /, 'php ') }, ctx, `${via} (script "${name}")`);
  }
}

// Task runners that load a file of the project as code: rake a Rakefile, invoke `tasks.py`, fab a
// fabfile, nox a noxfile; the option that names another file.
const TASK_FILES: Record<
  string,
  { files: string[]; language: InlineLanguage; option: string; long: string[] }
> = {
  rake: {
    files: ['Rakefile', 'rakefile', 'Rakefile.rb', 'rakefile.rb'],
    language: 'ruby',
    option: 'f',
    long: ['rakefile'],
  },
  invoke: { files: ['tasks.py'], language: 'python', option: 'c', long: ['collection'] },
  inv: { files: ['tasks.py'], language: 'python', option: 'c', long: ['collection'] },
  fab: { files: ['fabfile.py'], language: 'python', option: 'r', long: ['search-root'] },
  nox: { files: ['noxfile.py'], language: 'python', option: 'f', long: ['noxfile'] },
  // Bundler evaluates the Gemfile, Vagrant the Vagrantfile (both Ruby); easy_install runs setup.py.
  bundle: { files: ['Gemfile', 'gems.rb'], language: 'ruby', option: '', long: ['gemfile'] },
  vagrant: { files: ['Vagrantfile'], language: 'ruby', option: '', long: [] },
  easy_install: { files: ['setup.py'], language: 'python', option: '', long: [] },
};

/**
 * What an interpreter runs from project files written earlier in the line, as `inlineCode` read
 * its arguments: `node --test` the test files; every Python run `sitecustomize.py` and the
 * `import` lines of `.pth` files, and `python -m pytest`/`unittest`/`pip install .` what those run.
 */
export function interpreterProjectFiles(
  language: InlineLanguage,
  read: InlineCode,
  texts: string[],
  ctx: Context,
): void {
  if (ctx.written.size === 0) return;
  if (language === 'javascript' && texts.includes('--test')) runTests(JS_TEST_FILES, 'javascript', ctx);
  if (language !== 'python') return;
  runTests(PYTHON_START, 'python', ctx);
  pthFiles(ctx);
  const { name, args } = read.module ?? { name: undefined, args: [] };
  if (name === 'pytest') runPytest(args, ctx);
  else if (name === 'unittest') runTests(UNITTEST_FILES, 'python', ctx);
  else if (name === 'pip' && installsProject(args)) ranWritten('setup.py', ctx, 'python');
}

/** The scripts a package manager runs from a `package.json` written earlier in the line. */
function packageScripts(program: string, texts: string[], ctx: Context): void {
  const flow = writtenFlow(['package.json'], ctx);
  if (flow === undefined) return;
  const via = `${program}, with a package.json written earlier,`;
  if (flow.text === undefined) {
    // What it holds cannot be known: any script could run.
    runCode(flow, ctx, via);
    return;
  }
  const scripts = scriptsOf(flow.text);
  if (scripts === undefined) return;
  const names = scriptNames(program, texts);
  // `npm start` without a start script runs `node server.js`.
  if (names.includes('start') && scripts.get('start') === undefined)
    ranWritten('server.js', ctx, 'javascript');
  for (const name of names) {
    const script = scripts.get(name);
    if (script !== undefined) runCode({ text: script }, ctx, `${via} (script "${name}")`);
  }
}

/** The `scripts` of a package.json's text, or `undefined` when it does not parse (npm stops there). */
function scriptsOf(text: string): Map<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const scripts = (parsed as { scripts?: unknown } | null)?.scripts;
  const found = new Map<string, string>();
  if (scripts === null || typeof scripts !== 'object') return found;
  for (const [name, script] of Object.entries(scripts))
    if (typeof script === 'string') found.set(name, script);
  return found;
}

/** The names of the scripts a package manager's command runs, `pre` and `post` scripts included. */
function scriptNames(program: string, texts: string[]): string[] {
  const read = readOptions(texts, MANAGER_OPTIONS, true);
  const at = read.operands[0];
  // `yarn` alone installs.
  if (at === undefined) return program === 'yarn' ? INSTALL : [];
  const command = texts[at] as string;
  const lifecycle = Object.hasOwn(NPM, command) ? NPM[command] : undefined;
  if (Array.isArray(lifecycle)) return lifecycle;
  let name: string | undefined = command;
  if (lifecycle === 'named') {
    const rest = readOptions(texts, MANAGER_OPTIONS, true, at + 1);
    name = rest.operands[0] === undefined ? undefined : texts[rest.operands[0]];
  } else if (program === 'npm') return [];
  // pnpm, yarn and bun run a script by its name alone (`pnpm build`).
  return name === undefined ? [] : [`pre${name}`, name, `post${name}`];
}

/** Whether `pip install` builds a project from a directory (`.`, `-e .`, `./pkg`), running its setup.py. */
function installsProject(texts: string[]): boolean {
  const at = texts.findIndex((t) => !t.startsWith('-'));
  if (texts[at] !== 'install') return false;
  return texts
    .slice(at + 1)
    .some((t) => t === '.' || t === '..' || t.startsWith('./') || t.startsWith('../') || t.startsWith('/'));
}

/** pytest loads conftest.py and the test files it finds, and the files it is given. */
function runPytest(texts: string[], ctx: Context): void {
  runTests(PYTEST_FILES, 'python', ctx);
  for (const text of texts)
    if (text.endsWith('.py') && !text.startsWith('-')) ranWritten(text, ctx, 'python');
}

/** Judges the written files whose names match a test runner's patterns, as that runner runs them. */
function runTests(patterns: string[], language: 'python' | 'javascript', ctx: Context): void {
  for (const name of [...ctx.written.keys()])
    if (micromatch.isMatch(name, patterns, { dot: true })) ranWritten(name, ctx, language);
}

/** Lines of a `.pth` file that start with `import` are run by every Python start-up. */
function pthFiles(ctx: Context): void {
  for (const name of [...ctx.written.keys()]) {
    if (!name.endsWith('.pth')) continue;
    const flow = writtenFlow([name], ctx);
    if (flow === undefined) continue;
    const via = `${name}, a .pth file written earlier,`;
    if (flow.text === undefined) {
      // Content that cannot be known is not judged, as for a file already on disk.
      if (flow.hidden === true || flow.download !== undefined) judgeInline('python', via, flow, [], ctx);
      continue;
    }
    const code = flow.text
      .split('\n')
      .filter((line) => /^import[ \t]/.test(line))
      .join('\n');
    if (code !== '') judgeInline('python', via, { text: code }, [], ctx);
  }
}
