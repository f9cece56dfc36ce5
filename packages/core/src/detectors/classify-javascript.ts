import { stripTypeScriptTypes } from 'node:module';
import { type Node, type Options, parse } from 'acorn';
import { full } from 'acorn-walk';
import { type CodeClassification, type CodeFinding, uniqueFindings } from './code-findings.ts';
import { CREDENTIAL_PATH } from './credential-paths.ts';

const SPAWN_MODULES = new Set(['child_process', 'cluster', 'worker_threads']);
const FS_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'rimraf', 'del']);
const NETWORK_MODULES = new Set([
  'http',
  'https',
  'http2',
  'net',
  'dgram',
  'tls',
  'dns',
  'undici',
  'axios',
  'node-fetch',
  'ws',
  'got',
  'request',
  'superagent',
]);
const EVAL_MODULES = new Set(['vm']);
const DELETE_CALLS = new Set([
  'rm',
  'rmSync',
  'unlink',
  'unlinkSync',
  'rmdir',
  'rmdirSync',
  'remove',
  'removeSync',
  'emptyDir',
  'emptyDirSync',
]);
const NETWORK_CONSTRUCTORS = new Set(['XMLHttpRequest', 'WebSocket', 'EventSource']);

const options: Options = {
  ecmaVersion: 'latest',
  sourceType: 'module',
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowHashBang: true,
  allowImportExportEverywhere: true,
};

/**
 * Analyses JavaScript (or TypeScript, with `typescript: true`) by parsing it with acorn and
 * walking the syntax tree: imports and requires of process, filesystem and network modules, calls
 * that delete files, `eval` / `new Function` / computed imports, and reads of `process.env` or
 * credential files. Text in comments and in unrelated strings does not count.
 *
 * @example
 * classifyJavaScript("require('child_process').execSync('id')") // processSpawn
 */
export function classifyJavaScript(code: string, { typescript = false } = {}): CodeClassification {
  let source = code;
  try {
    if (typescript) source = stripTypeScriptTypes(code, { mode: 'transform' });
  } catch (error) {
    return { ok: false, error: `TypeScript could not be read: ${(error as Error).message}` };
  }
  let tree: Node;
  try {
    tree = parse(source, options);
  } catch (error) {
    return { ok: false, error: `JavaScript could not be parsed: ${(error as Error).message}` };
  }
  const findings: CodeFinding[] = [];
  const modules = new Set<string>();
  const push = (cls: CodeFinding['class'], reason: string) => findings.push({ class: cls, reason });
  const useModule = (raw: string) => {
    const name = raw.replace(/^node:/, '');
    modules.add(name);
    if (SPAWN_MODULES.has(name)) push('processSpawn', `imports ${name}`);
    if (NETWORK_MODULES.has(name)) push('network', `imports ${name}`);
    if (EVAL_MODULES.has(name)) push('dynamicEval', `imports ${name}`);
  };
  const calls: { callee: string; object: string | undefined }[] = [];

  full(tree, (node) => {
    const n = node as unknown as Record<string, unknown> & { type: string };
    switch (n.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration': {
        const value = literal(n['source']);
        if (value !== undefined) useModule(value);
        break;
      }
      case 'ImportExpression': {
        const value = literal(n['source']);
        if (value === undefined) push('dynamicEval', 'imports a computed module name');
        else useModule(value);
        break;
      }
      case 'CallExpression':
      case 'NewExpression': {
        const callee = n['callee'] as Record<string, unknown> & { type: string };
        const args = n['arguments'] as unknown[];
        const name = calleeName(callee);
        const object = callee.type === 'MemberExpression' ? objectName(callee['object']) : undefined;
        if (name === 'require' && callee.type === 'Identifier') {
          const value = literal(args[0]);
          if (value === undefined) push('dynamicEval', 'requires a computed module name');
          else useModule(value);
        }
        if (name === 'eval' && callee.type === 'Identifier') push('dynamicEval', 'calls eval');
        if (name === 'Function' && callee.type === 'Identifier')
          push('dynamicEval', 'builds a function from a string');
        if ((name === 'setTimeout' || name === 'setInterval') && literal(args[0]) !== undefined)
          push('dynamicEval', `${name} with a string`);
        if (
          name === 'fetch' &&
          (callee.type === 'Identifier' || object === 'globalThis' || object === 'window')
        )
          push('network', 'calls fetch');
        if (n.type === 'NewExpression' && name !== undefined && NETWORK_CONSTRUCTORS.has(name))
          push('network', `creates ${name}`);
        if (object === 'Deno' && (name === 'run' || name === 'Command')) push('processSpawn', `Deno.${name}`);
        if (object === 'Bun' && (name === 'spawn' || name === 'spawnSync' || name === '$'))
          push('processSpawn', `Bun.${name}`);
        if (object === 'process' && (name === 'binding' || name === 'dlopen'))
          push('processSpawn', `process.${name}`);
        if (object === 'Deno' && name === 'remove') push('fileDelete', 'Deno.remove');
        if (name !== undefined) calls.push({ callee: name, object });
        break;
      }
      case 'MemberExpression': {
        if (objectName(n['object']) === 'process' && propertyName(n) === 'env')
          push('credentials', 'reads process.env');
        break;
      }
      case 'Literal':
      case 'TemplateElement': {
        const text = n.type === 'Literal' ? n['value'] : (n['value'] as { cooked?: unknown })?.cooked;
        if (typeof text === 'string' && CREDENTIAL_PATH.test(text))
          push('credentials', `refers to ${text.slice(0, 60)}`);
        break;
      }
    }
  });
  const usesFs = [...modules].some((m) => FS_MODULES.has(m));
  for (const { callee, object } of calls) {
    if (
      DELETE_CALLS.has(callee) &&
      (usesFs || object === 'fs' || object === 'fsp' || object === 'promises')
    ) {
      push('fileDelete', `calls ${object ? `${object}.` : ''}${callee}`);
    }
  }
  return { ok: true, findings: uniqueFindings(findings) };
}

function literal(node: unknown): string | undefined {
  const n = node as
    | { type?: string; value?: unknown; quasis?: { value: { cooked?: string } }[]; expressions?: unknown[] }
    | undefined;
  if (n?.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n?.type === 'TemplateLiteral' && n.expressions?.length === 0) return n.quasis?.[0]?.value.cooked;
  return undefined;
}

function calleeName(callee: Record<string, unknown> & { type: string }): string | undefined {
  if (callee.type === 'Identifier') return callee['name'] as string;
  if (callee.type === 'MemberExpression') return propertyName(callee);
  return undefined;
}

function propertyName(member: Record<string, unknown>): string | undefined {
  const property = member['property'] as { type?: string; name?: string; value?: unknown } | undefined;
  if (property?.type === 'Identifier' && member['computed'] !== true) return property.name;
  return typeof property?.value === 'string' ? property.value : undefined;
}

function objectName(node: unknown): string | undefined {
  const n = node as { type?: string; name?: string } | undefined;
  return n?.type === 'Identifier' ? n.name : undefined;
}
