import { isPlainVariable } from './code-environment.ts';
import type { CodeFinding } from './code-findings.ts';
import { childProcessCommand } from './javascript-commands.ts';
import {
  type AnyNode,
  type JavaScriptValues,
  moduleName,
  moduleValue,
  normalize,
  UNREADABLE,
} from './javascript-values.ts';
import { overwritesSystem } from './system-paths.ts';

const SPAWN_MODULES = new Set([
  'child_process',
  'cluster',
  'worker_threads',
  // Packages that run commands.
  'execa',
  'cross-spawn',
  'shelljs',
  'zx',
  'node-pty',
  'tinyexec',
  'nano-spawn',
  'child-process-promise',
  'node-cmd',
  'sudo-prompt',
]);
const DELETE_MODULES = new Set(['rimraf', 'del', 'trash', 'premove']);
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
  'ky',
  'request',
  'superagent',
  'nodemailer',
  'socket.io-client',
  // Clients, servers and drivers of common packages (a scoped package by its scope).
  'socket.io',
  'cross-fetch',
  'isomorphic-fetch',
  'needle',
  'ofetch',
  'openai',
  '@anthropic-ai',
  '@aws-sdk',
  'aws-sdk',
  '@google-cloud',
  'googleapis',
  '@azure',
  '@octokit',
  'octokit',
  'stripe',
  'twilio',
  '@slack',
  'discord.js',
  'telegraf',
  'express',
  'fastify',
  'koa',
  '@hapi',
  'pg',
  'mysql',
  'mysql2',
  'mongodb',
  'mongoose',
  'redis',
  'ioredis',
  'ssh2',
  'ssh2-sftp-client',
  'basic-ftp',
  'ftp',
  'puppeteer',
  'playwright',
  'playwright-core',
  'selenium-webdriver',
  'amqplib',
  'kafkajs',
  'mqtt',
  'nats',
  '@grpc',
  'graphql-request',
]);
// `.env` loaders and keychains: a project's secrets.
const CREDENTIAL_MODULES = new Set(['dotenv', 'dotenv-expand', '@dotenvx', 'keytar']);
const EVAL_MODULES = new Set(['vm', 'inspector', 'repl']);
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
const ENVIRONMENTS = ['g:process.env', 'g:Deno.env', 'g:Bun.env'];
// Calls that write over the file their first argument names, or their second (copies, moves).
const FS_WRITERS = new Set([
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'truncate',
  'truncateSync',
  'createWriteStream',
  'outputFile',
  'outputFileSync',
]);
const FS_COPIERS = new Set([
  'copyFile',
  'copyFileSync',
  'cp',
  'cpSync',
  'rename',
  'renameSync',
  'move',
  'moveSync',
]);
const GLOBAL_WRITERS = new Set([
  'g:Deno.writeFile',
  'g:Deno.writeFileSync',
  'g:Deno.writeTextFile',
  'g:Deno.writeTextFileSync',
  'g:Deno.truncate',
  'g:Deno.truncateSync',
  'g:Bun.write',
]);
const GLOBALS: Record<string, CodeFinding['class']> = {
  'g:fetch': 'network',
  'g:XMLHttpRequest': 'network',
  'g:WebSocket': 'network',
  'g:WebSocketStream': 'network',
  'g:EventSource': 'network',
  'g:RTCPeerConnection': 'network',
  'g:navigator.sendBeacon': 'network',
  'g:Deno.connect': 'network',
  'g:Deno.connectTls': 'network',
  'g:Deno.listen': 'network',
  'g:Deno.listenTls': 'network',
  'g:Deno.listenDatagram': 'network',
  'g:Deno.serve': 'network',
  'g:Deno.resolveDns': 'network',
  'g:Bun.connect': 'network',
  'g:Bun.listen': 'network',
  'g:Bun.serve': 'network',
  'g:Bun.udpSocket': 'network',
  'g:Deno.run': 'processSpawn',
  'g:Deno.Command': 'processSpawn',
  'g:Bun.spawn': 'processSpawn',
  'g:Bun.spawnSync': 'processSpawn',
  'g:Bun.$': 'processSpawn',
  'g:process.binding': 'processSpawn',
  'g:process._linkedBinding': 'processSpawn',
  'g:process.dlopen': 'processSpawn',
  'g:Deno.remove': 'fileDelete',
  'g:Deno.removeSync': 'fileDelete',
  'g:Bun.file().delete': 'fileDelete',
  'g:Bun.file().unlink': 'fileDelete',
  'g:eval': 'dynamicEval',
  'g:Function': 'dynamicEval',
};
// A property of these whose name is computed at run time could be any of the above.
const SENSITIVE = new Set([
  'g:',
  'g:process',
  'g:require',
  'g:module',
  'g:Reflect',
  'g:Deno',
  'g:Bun',
  'm:module',
]);

/**
 * Objects that lead to every capability (`require`, `process.binding`, `module.require`,
 * `globalThis.eval`…). Passed around as values (`[require][0]`, `{ r: require }`, `f(process)`)
 * they are used out of sight, which counts as dynamic.
 */
const PASSED = new Set(['g:', 'g:process', 'g:require', 'g:module', 'g:Deno', 'g:Bun', 'm:module']);

/**
 * The filesystem module as a whole: passed around (`pick(fs, name)`, `Object.values(fs)`), its
 * deleting functions are called out of sight.
 */
const PASSED_FS = new Set(['m:fs', 'm:fs.promises']);

/** What an expression holding `value` shows when it is passed out of sight (see `PASSED`). */
export function passedAroundFindings(value: string): CodeFinding[] {
  if (PASSED_FS.has(value))
    return [
      {
        class: 'fileDelete',
        reason: `passes ${value.slice(2)} around, where its deleting calls are out of sight`,
      },
    ];
  if (!PASSED.has(value)) return [];
  const name = value === 'g:' ? 'the global object' : value.slice(2);
  return [{ class: 'dynamicEval', reason: `passes ${name} around` }];
}

/** A module's name however it is spelled (`node:child_process`, `fs/promises` → `fs`). */
function canonicalModule(raw: string): string {
  return moduleName((normalize(moduleValue(raw)).slice(2).split('.')[0] as string).split('/')[0] as string);
}

/**
 * What importing a module (by any spelling: `node:fs/promises`, a subpath) shows. A module named
 * by a URL (`https://…`, `data:…`) is code from elsewhere.
 */
export function moduleFindings(raw: string): CodeFinding[] {
  const scheme = /^(https?|data):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    const code: CodeFinding = { class: 'dynamicEval', reason: `imports code from ${scheme}:` };
    return scheme === 'data'
      ? [code]
      : [code, { class: 'network', reason: 'imports a module over the network' }];
  }
  const module = canonicalModule(raw);
  const findings: CodeFinding[] = [];
  if (SPAWN_MODULES.has(module)) findings.push({ class: 'processSpawn', reason: `imports ${module}` });
  if (DELETE_MODULES.has(module)) findings.push({ class: 'fileDelete', reason: `imports ${module}` });
  if (NETWORK_MODULES.has(module)) findings.push({ class: 'network', reason: `imports ${module}` });
  if (EVAL_MODULES.has(module)) findings.push({ class: 'dynamicEval', reason: `imports ${module}` });
  if (CREDENTIAL_MODULES.has(module)) findings.push({ class: 'credentials', reason: `imports ${module}` });
  return findings;
}

/**
 * What an expression holding `value` shows where it stands: a dangerous module or global
 * (`fetch`, `eval`, `Deno.run`…), a deleting function of `fs`, the environment (unless one
 * variable that never holds a secret is read by name), or a property of a sensitive object whose
 * name is computed at run time.
 */
export function classifyValue(
  value: string,
  { node, parent, values }: { node: AnyNode; parent: AnyNode | undefined; values: JavaScriptValues },
): CodeFinding[] {
  if (value.startsWith(UNREADABLE))
    return [{ class: 'dynamicEval', reason: 'reads a property chain too long to follow' }];
  const findings: CodeFinding[] = [];
  const parts = value.slice(value.indexOf(':') + 1).split('.');
  const name = value.slice(2);
  const called =
    (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent['callee'] === node;
  const verb = called ? 'calls' : 'uses';
  if (value.startsWith('m:')) {
    // A child_process call whose command is written out says which command it starts.
    const command =
      called && parts.length === 2 && canonicalModule(parts[0] as string) === 'child_process'
        ? childProcessCommand(parts[1] as string, parent as AnyNode)
        : undefined;
    for (const finding of moduleFindings(parts[0] as string))
      findings.push(
        command !== undefined && finding.class === 'processSpawn' ? { ...finding, command } : finding,
      );
    if (parts[0] === 'fs' && parts.length > 1 && DELETE_CALLS.has(parts.at(-1) as string)) {
      const target = called ? stringArgument(parent, values) : undefined;
      findings.push({
        class: 'fileDelete',
        reason: `${verb} ${name}`,
        ...(target === undefined ? {} : { target }),
      });
    }
    if (parts[0] === 'fs' && parts.includes('?'))
      findings.push({ class: 'fileDelete', reason: 'reads a computed property of fs' });
  }
  if (Object.hasOwn(GLOBALS, value) && !onlyInspected(node, parent)) {
    const cls = GLOBALS[value] as CodeFinding['class'];
    const target = cls === 'fileDelete' && called ? stringArgument(parent, values) : undefined;
    findings.push({ class: cls, reason: `${verb} ${name}`, ...(target === undefined ? {} : { target }) });
  }
  const written = called ? overwritten(value, parent, values) : undefined;
  if (written !== undefined)
    findings.push({ class: 'fileDelete', reason: `overwrites ${written} (${name})`, target: written });
  if (parts[0] === 'module' && parts.includes('_compile'))
    findings.push({ class: 'dynamicEval', reason: 'compiles a module from a string' });
  for (const environment of ENVIRONMENTS) {
    if (value === environment && !readByName(node, parent))
      findings.push({ class: 'credentials', reason: `reads ${environment.slice(2)}` });
    if (value.startsWith(`${environment}.`)) {
      const variable = value.slice(environment.length + 1).split('.')[0] as string;
      // Setting a variable reads nothing (`process.env.NODE_OPTIONS = '…'`).
      const written =
        parent?.type === 'AssignmentExpression' && parent['left'] === node && parent['operator'] === '=';
      if (!written && !isPlainVariable(variable) && !(variable === 'get' && plainGet(node, parent)))
        findings.push({ class: 'credentials', reason: `reads ${environment.slice(2)}` });
    }
  }
  const computed = parts.indexOf('?');
  if (computed >= 0 && !value.startsWith('g:process.env')) {
    const base = `${value.slice(0, 2)}${parts.slice(0, computed).join('.')}`;
    if (SENSITIVE.has(base))
      findings.push({
        class: 'dynamicEval',
        reason: `reads a computed property of ${base === 'g:' ? 'the global object' : base.slice(2)}`,
      });
  }
  return findings;
}

/**
 * Whether a global is only looked at, not run: `v instanceof Function`, `Function.prototype`,
 * `eval.name`. What is read through it (`Function.prototype.constructor`) is judged on its own.
 */
function onlyInspected(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (parent?.type === 'BinaryExpression')
    return parent['operator'] === 'instanceof' && parent['right'] === node;
  if (parent?.type !== 'MemberExpression' || parent['object'] !== node || parent['computed'] === true)
    return false;
  const property = (parent['property'] as AnyNode)['name'];
  return property === 'prototype' || property === 'name' || property === 'length';
}

/** Whether the environment object is only read further by name, which decides on its own. */
function readByName(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (parent?.type === 'MemberExpression' && parent['object'] === node) return true;
  const pattern = (parent?.['id'] ?? parent?.['left']) as AnyNode | undefined;
  const source = parent?.['init'] ?? parent?.['right'];
  return (
    source === node &&
    pattern?.type === 'ObjectPattern' &&
    (pattern['properties'] as AnyNode[]).every((p) => p.type !== 'RestElement')
  );
}

/** `Deno.env.get("HOME")`: a getter called with a plain variable's name. */
function plainGet(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (parent?.type !== 'CallExpression' || parent['callee'] !== node) return false;
  const [argument] = parent['arguments'] as AnyNode[];
  return (
    argument?.type === 'Literal' &&
    typeof argument['value'] === 'string' &&
    isPlainVariable(argument['value'])
  );
}

/** Argument `index` of a call when its value is a known string (`'/etc/passwd'`, a constant). */
function stringArgument(call: AnyNode | undefined, values: JavaScriptValues, index = 0): string | undefined {
  return values.constant((call?.['arguments'] as AnyNode[] | undefined)?.[index]);
}

/**
 * The path a call writes over when it is a file of the system or a disk written out
 * (`fs.writeFileSync('/etc/passwd', …)`, `fs.openSync('/dev/sda', 'w')`, `Deno.writeTextFile`,
 * `Bun.write`), or undefined.
 */
function overwritten(value: string, call: AnyNode | undefined, values: JavaScriptValues): string | undefined {
  const last = value.slice(value.lastIndexOf('.') + 1);
  let path: string | undefined;
  if (value.startsWith('m:fs.') || value.startsWith('m:fs-extra.')) {
    if (FS_WRITERS.has(last)) path = stringArgument(call, values);
    else if (FS_COPIERS.has(last)) {
      path = stringArgument(call, values, 1);
      // A move takes its source away too (`fs.renameSync('/etc/passwd', …)`).
      const source = /^(rename|move)/.test(last) ? stringArgument(call, values) : undefined;
      if (source !== undefined && overwritesSystem(source)) path = source;
    } else if (last === 'open' || last === 'openSync')
      path = /[wa+]/.test(stringArgument(call, values, 1) ?? '') ? stringArgument(call, values) : undefined;
  } else if (GLOBAL_WRITERS.has(value)) path = stringArgument(call, values);
  return path !== undefined && overwritesSystem(path) ? path : undefined;
}
