import type { AnyNode } from './javascript-values.ts';
import { shellLine } from './shell-quote.ts';

// child_process functions that take a command line, and those that take a program and its words.
const LINE = new Set(['exec', 'execSync']);
const WORDS = new Set(['execFile', 'execFileSync', 'spawn', 'spawnSync']);
// Options that change neither which program runs, nor where, nor with what environment
// (`cwd`, `env`, `argv0`, `uid` do, and make the command unknown).
const PLAIN_OPTIONS = new Set([
  'stdio',
  'encoding',
  'timeout',
  'maxBuffer',
  'killSignal',
  'windowsHide',
  'detached',
  'input',
  'shell',
  'signal',
]);

/**
 * The command line a `child_process` call starts, when the code writes it out in literals:
 * `execSync('ls -l')` → `ls -l`, `spawn('git', ['status'], { stdio: 'inherit' })` →
 * `git status`. Undefined for a command built at run time (a variable, a template with
 * expressions, a `+`) and for options that change what runs (`cwd`, `env`, `argv0`).
 *
 * `fn` is the function's name; `call` the CallExpression.
 */
export function childProcessCommand(fn: string, call: AnyNode): string | undefined {
  const line = LINE.has(fn);
  if (!line && !WORDS.has(fn)) return undefined;
  const [first, ...rest] = call['arguments'] as AnyNode[];
  const program = literalString(first);
  if (program === undefined) return undefined;
  const words: string[] = [];
  let shell = false;
  for (const [index, argument] of rest.entries()) {
    if (argument.type === 'ArrowFunctionExpression' || argument.type === 'FunctionExpression') continue;
    if (argument.type === 'ArrayExpression' && index === 0 && !line) {
      for (const element of argument['elements'] as (AnyNode | null)[]) {
        const word = literalString(element);
        if (word === undefined) return undefined;
        words.push(word);
      }
      continue;
    }
    if (argument.type !== 'ObjectExpression') return undefined;
    const options = plainOptions(argument);
    if (options === undefined) return undefined;
    shell = options.shell;
  }
  if (line) return program;
  // With `shell`, node joins the program and its words with spaces into one command line.
  return shell ? [program, ...words].join(' ') : shellLine([program, ...words]);
}

/** A string literal, or a template with no expressions. */
function literalString(node: AnyNode | null | undefined): string | undefined {
  if (node?.type === 'Literal') return typeof node['value'] === 'string' ? node['value'] : undefined;
  if (node?.type !== 'TemplateLiteral' || (node['expressions'] as AnyNode[]).length > 0) return undefined;
  return (
    ((node['quasis'] as AnyNode[])[0]?.['value'] as { cooked?: string } | undefined)?.cooked ?? undefined
  );
}

/** Whether the options object only sets plain options, and whether it asks for the shell. */
function plainOptions(object: AnyNode): { shell: boolean } | undefined {
  let shell = false;
  for (const property of object['properties'] as AnyNode[]) {
    if (property.type !== 'Property' || property['computed']) return undefined;
    const key = property['key'] as AnyNode;
    const name = key.type === 'Identifier' ? (key['name'] as string) : literalString(key);
    if (name === undefined || !PLAIN_OPTIONS.has(name)) return undefined;
    if (name === 'shell') {
      const value = property['value'] as AnyNode;
      // A shell named by path (`shell: '/bin/zsh'`) reads the line its own way.
      if (value.type !== 'Literal' || typeof value['value'] !== 'boolean') return undefined;
      shell = value['value'];
    }
  }
  return { shell };
}
