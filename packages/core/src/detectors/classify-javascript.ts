import { stripTypeScriptTypes } from 'node:module';
import type { Node } from 'acorn';
import { type CodeClassification, type CodeFinding, findingKey, uniqueFindings } from './code-findings.ts';
import { credentialPathIn, type StringPiece } from './code-string-runs.ts';
import { classifyValue, moduleFindings, passedAroundFindings } from './javascript-capabilities.ts';
import { parseJavaScriptEveryWay } from './javascript-parse.ts';
import {
  type AnyNode,
  JavaScriptValues,
  keyName,
  moduleValue,
  TooDeepToFollow,
} from './javascript-values.ts';
import { sqlCallFindings } from './sql-driver-calls.ts';

/** Names of the global object that code often declares for something else (`const self = this`). */
const SHADOWED_GLOBALS = new Set(['window', 'self', 'top', 'parent', 'frames', 'global']);

/** Assignment operators whose target then holds the value assigned (`r ||= require`). */
const DECLARING = new Set(['=', '||=', '&&=', '??=']);

/**
 * Analyses JavaScript (or TypeScript, with `typescript: true`) by parsing it with acorn every way
 * a runtime could read it (CommonJS script, script with top-level await, module) and walking each
 * syntax tree: imports and requires of process, filesystem and network modules (however `require`
 * is reached), calls that delete files, `eval` / the Function constructor / computed imports
 * (however they are reached), and reads of the environment or credential files. What a name
 * holds is followed through `const`, destructuring, assignments and imports; `require`, `process`,
 * `module` or the global object handed on where that is not followed (`[require][0]`, `f(process)`)
 * counts as dynamic. Text in comments and in unrelated strings does not count.
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
  const parsed = parseJavaScriptEveryWay(source);
  if (!parsed.ok) return { ok: false, error: `JavaScript could not be parsed: ${parsed.error}` };
  const findings: CodeFinding[] = [];
  try {
    for (const tree of parsed.trees) findings.push(...classifyTree(tree));
  } catch (error) {
    // Names nested past `TooDeepToFollow`'s bound, or (a safety net) past the stack: unreadable.
    if (error instanceof TooDeepToFollow || error instanceof RangeError)
      return { ok: false, error: `JavaScript could not be read: ${error.message}` };
    throw error;
  }
  return { ok: true, findings: uniqueFindings(findings) };
}

function classifyTree(tree: Node): CodeFinding[] {
  const values = new JavaScriptValues();
  const { nodes, parents } = walk(tree as AnyNode);
  for (const node of nodes) declare(node, values);
  markGlobalThis(nodes, parents, values);
  values.endDeclarations();

  const findings: CodeFinding[] = [];
  // Code that reads one thing many times reports it once, not once per read.
  const reported = new Set<string>();
  // Process-spawning findings where a module or function is only named (imported, bound to a
  // name, or read a member of): once the code uses one, the uses say what runs.
  const naming = new Set<CodeFinding>();
  let spawnUsed = false;
  const report = (value: string, node: AnyNode, parent: AnyNode | undefined) => {
    const named = namesOnly(node, parent);
    for (const finding of classifyValue(value, { parent, node, values })) {
      const spawn = finding.class === 'processSpawn';
      const key = `${findingKey(finding)}${spawn && named ? '#named' : ''}`;
      if (reported.has(key)) continue;
      reported.add(key);
      if (spawn && named) naming.add(finding);
      else if (spawn) spawnUsed = true;
      findings.push(finding);
    }
  };
  const imports = (module: string) => {
    for (const finding of moduleFindings(module)) {
      if (finding.class === 'processSpawn') naming.add(finding);
      findings.push(finding);
    }
  };
  const credentialPath = (pieces: StringPiece[]) => {
    const path = credentialPathIn(pieces);
    if (path !== undefined) findings.push({ class: 'credentials', reason: `refers to ${path.slice(0, 60)}` });
  };

  for (const [index, node] of nodes.entries()) {
    const parent = parents[index];
    if (parent && passedOn(node, parent, values)) {
      // `self`, `parent` and the like are common names of other things where they are declared.
      const shadowable = node.type === 'Identifier' && SHADOWED_GLOBALS.has(node['name'] as string);
      for (const value of shadowable ? values.boundValues(node) : values.resolve(node))
        for (const finding of passedAroundFindings(value)) {
          const key = `${finding.class}:${finding.reason}`;
          if (reported.has(key)) continue;
          reported.add(key);
          findings.push(finding);
        }
    }
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration': {
        const name = values.constant(node['source'] as AnyNode);
        if (name !== undefined) imports(name);
        for (const specifier of (node['specifiers'] as AnyNode[] | undefined) ?? []) {
          const local = specifier['local'] as AnyNode;
          const global = `g:${local['name'] as string}`;
          for (const value of values.resolve(local)) if (value !== global) report(value, local, specifier);
        }
        break;
      }
      case 'ImportExpression': {
        // Loading a module runs it, whether its value is used or not.
        const name = values.constant(node['source'] as AnyNode);
        if (name === undefined || decodedName(node['source'] as AnyNode, values))
          findings.push({ class: 'dynamicEval', reason: 'imports a computed module name' });
        if (name !== undefined) imports(name);
        break;
      }
      case 'Identifier':
        if (!values.declared.has(node) && !isPropertyName(node, parent) && !isTypeofOperand(parent))
          for (const value of values.resolve(node)) report(value, node, parent);
        break;
      case 'MemberExpression':
        if (!isTypeofOperand(parent)) for (const value of values.resolve(node)) report(value, node, parent);
        break;
      case 'CallExpression':
      case 'NewExpression': {
        for (const finding of callFindings(node, values)) {
          // `require('child_process')` loads it; what the code calls on it says what runs.
          if (finding.class === 'processSpawn') naming.add(finding);
          findings.push(finding);
        }
        for (const value of values.resolve(node)) report(value, node, parent);
        credentialPath(constantPieces(node['arguments'] as AnyNode[], values));
        // A path decoded from constants: `Buffer.from('L3Jvb3Qv…', 'base64').toString()`.
        const decoded = node.type === 'CallExpression' ? values.constant(node) : undefined;
        if (decoded !== undefined) credentialPath([{ text: decoded, join: 'concat' }]);
        break;
      }
      case 'ArrayExpression':
        credentialPath(constantPieces(node['elements'] as AnyNode[], values));
        break;
      case 'TaggedTemplateExpression':
        findings.push(...taggedSqlFindings(node));
        break;
      case 'VariableDeclarator':
      case 'AssignmentExpression': {
        // Each destructured property is a read of its own: `const { env } = process`.
        const pattern = (node['id'] ?? node['left']) as AnyNode;
        const source = (node['init'] ?? node['right']) as AnyNode | undefined;
        if (pattern.type === 'ObjectPattern' && source) {
          for (const value of destructured(pattern, values.resolve(source), values))
            report(value, node, parent);
        }
        break;
      }
      case 'Literal':
      case 'TemplateLiteral':
      case 'BinaryExpression': {
        if (node.type === 'BinaryExpression' && (node['operator'] !== '+' || isConcatenation(parent))) break;
        const pieces =
          node.type === 'Literal'
            ? [{ text: typeof node['value'] === 'string' ? node['value'] : '', join: 'concat' as const }]
            : node.type === 'TemplateLiteral'
              ? (node['quasis'] as AnyNode[]).map((q) => ({
                  text: (q['value'] as { cooked?: string }).cooked ?? '',
                  join: 'concat' as const,
                }))
              : concatenated(node, values);
        credentialPath(pieces);
        break;
      }
    }
  }
  return spawnUsed ? findings.filter((finding) => !naming.has(finding)) : findings;
}

/**
 * Where a value is only named, not used: imported, bound to a name (`const cp = …`, destructured),
 * or the object a member is read from (`cp.execSync`, whose own value is then reported).
 */
function namesOnly(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (node.type === 'VariableDeclarator' || node.type === 'AssignmentExpression') return true;
  if (parent === undefined) return false;
  if (parent.type === 'MemberExpression') return parent['object'] === node;
  if (parent.type === 'VariableDeclarator') return parent['init'] === node;
  return (
    parent.type === 'ImportSpecifier' ||
    parent.type === 'ImportDefaultSpecifier' ||
    parent.type === 'ImportNamespaceSpecifier'
  );
}

/** Every node of the tree, parents before children, with each node's parent at the same index. */
function walk(root: AnyNode): { nodes: AnyNode[]; parents: (AnyNode | undefined)[] } {
  const nodes: AnyNode[] = [];
  const parents: (AnyNode | undefined)[] = [];
  const stack: AnyNode[] = [root];
  const stackParents: (AnyNode | undefined)[] = [undefined];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    nodes.push(node);
    parents.push(stackParents.pop());
    for (const key of Object.keys(node)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const child = node[key];
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) visit(child[i], node, stack, stackParents);
      } else visit(child, node, stack, stackParents);
    }
  }
  return { nodes, parents };
}

function visit(
  child: unknown,
  parent: AnyNode,
  stack: AnyNode[],
  stackParents: (AnyNode | undefined)[],
): void {
  const c = child as AnyNode | null | undefined;
  if (c && typeof c === 'object' && typeof c.type === 'string') {
    stack.push(c);
    stackParents.push(parent);
  }
}

/**
 * Marks `this` where it is the global object: inside a function (arrow functions see through)
 * that is called where it is written with no object, `(function () { return this })()` or
 * `(function () { … }).call()`, which code that is not strict runs with the global as `this`.
 */
function markGlobalThis(nodes: AnyNode[], parents: (AnyNode | undefined)[], values: JavaScriptValues): void {
  let parentOf: Map<AnyNode, AnyNode | undefined> | undefined;
  for (const [index, node] of nodes.entries()) {
    if (node.type !== 'ThisExpression') continue;
    parentOf ??= new Map(nodes.map((n, i) => [n, parents[i]]));
    let scope = parents[index];
    while (scope && scope.type !== 'FunctionExpression' && scope.type !== 'FunctionDeclaration') {
      // A class's methods and fields have their own `this`.
      if (scope.type === 'ClassBody') break;
      scope = parentOf.get(scope);
    }
    if (scope?.type === 'FunctionExpression' && calledWithNoObject(scope, parentOf))
      values.globalThisNodes.add(node);
  }
}

/** `(function () {…})()`, or `.call()` / `.apply()` of it with no object or `null` / `undefined`. */
function calledWithNoObject(fn: AnyNode, parentOf: Map<AnyNode, AnyNode | undefined>): boolean {
  const parent = parentOf.get(fn);
  if (parent?.type === 'CallExpression' && parent['callee'] === fn) return true;
  if (parent?.type !== 'MemberExpression' || parent['object'] !== fn || parent['computed']) return false;
  const method = (parent['property'] as AnyNode)['name'];
  const call = parentOf.get(parent);
  if (
    (method !== 'call' && method !== 'apply') ||
    call?.type !== 'CallExpression' ||
    call['callee'] !== parent
  )
    return false;
  const [object] = call['arguments'] as AnyNode[];
  return (
    object === undefined ||
    (object.type === 'Literal' && object['value'] === null) ||
    (object.type === 'Identifier' && object['name'] === 'undefined')
  );
}

/** Records the names a node declares and what they are bound to. */
function declare(node: AnyNode, values: JavaScriptValues): void {
  switch (node.type) {
    case 'VariableDeclarator':
      values.declarePattern(node['id'] as AnyNode, (node['init'] as AnyNode | null) ?? undefined);
      break;
    case 'AssignmentExpression':
      if (DECLARING.has(node['operator'] as string))
        values.declarePattern(node['left'] as AnyNode, node['right'] as AnyNode);
      break;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression': {
      const id = node['id'] as AnyNode | null;
      if (id) {
        values.declared.add(id);
        values.bind(id['name'] as string, { value: 'fn:' });
      }
      for (const param of (node['params'] as AnyNode[] | undefined) ?? [])
        values.declarePattern(param, undefined);
      break;
    }
    case 'CatchClause':
      values.declarePattern(node['param'] as AnyNode | null, undefined);
      break;
    case 'ForInStatement':
    case 'ForOfStatement': {
      const left = node['left'] as AnyNode;
      if (left.type !== 'VariableDeclaration') values.declarePattern(left, undefined);
      break;
    }
    case 'ImportDeclaration': {
      const module = values.constant(node['source'] as AnyNode);
      for (const specifier of node['specifiers'] as AnyNode[]) {
        const local = specifier['local'] as AnyNode;
        values.declared.add(local);
        if (module === undefined) continue;
        const imported = specifier['imported'] as AnyNode | undefined;
        const name = imported ? ((imported['name'] ?? imported['value']) as string) : 'default';
        const path = specifier.type === 'ImportSpecifier' && name !== 'default' ? `.${name}` : '';
        values.bind(local['name'] as string, { value: `${moduleValue(module)}${path}` });
      }
      break;
    }
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      if (node['label']) values.declared.add(node['label'] as AnyNode);
      break;
    case 'ExportSpecifier':
      values.declared.add(node['exported'] as AnyNode);
      break;
    case 'MetaProperty':
      values.declared.add(node['meta'] as AnyNode);
      values.declared.add(node['property'] as AnyNode);
      break;
  }
}

/** `require`, `process.getBuiltinModule`, timers with code strings, however they are called. */
function callFindings(node: AnyNode, values: JavaScriptValues): CodeFinding[] {
  const findings: CodeFinding[] = [];
  for (const { callee, args } of values.effectiveCalls(node)) {
    const callees = values.resolve(callee);
    for (const loader of ['g:require', 'g:process.getBuiltinModule']) {
      if (!callees.includes(loader)) continue;
      const name = values.constant(args[0]);
      if (name === undefined || decodedName(args[0], values))
        findings.push({ class: 'dynamicEval', reason: 'requires a computed module name' });
      if (name !== undefined) findings.push(...moduleFindings(name));
    }
    for (const timer of ['g:setTimeout', 'g:setInterval']) {
      if (callees.includes(timer) && builtString(args[0], values))
        findings.push({ class: 'dynamicEval', reason: `${timer.slice(2)} with a string` });
    }
    // A worker given `{ eval: true }` runs its first argument as code.
    if (callees.includes('m:worker_threads.Worker') && evalOption(args[1]))
      findings.push({ class: 'dynamicEval', reason: 'starts a worker from a string' });
    // SQL a driver runs: `db.query('DROP TABLE users')`, `knex.raw(\`TRUNCATE t\`)`.
    const name = calleeName(callee);
    if (name !== undefined) findings.push(...sqlCallFindings(name, () => values.constant(args[0])));
  }
  return findings;
}

/** A callee as written, for the names of driver methods: `db.query`, `prisma.$executeRaw`, `sql`. */
function calleeName(callee: AnyNode): string | undefined {
  if (callee.type === 'Identifier') return callee['name'] as string;
  if (callee.type !== 'MemberExpression' || callee['computed']) return undefined;
  const object = callee['object'] as AnyNode;
  // `/re/.exec('…')`, `'…'.concat(…)`: a value's own method, not a driver's.
  if (object.type === 'Literal') return undefined;
  const property = (callee['property'] as AnyNode)['name'] as string;
  return `${object.type === 'Identifier' ? (object['name'] as string) : ''}.${property}`;
}

/**
 * SQL given to a tag that runs it (`sql\`DELETE FROM users\``, `prisma.$executeRaw\`…\``): its
 * text with each interpolation a bound parameter, as the tag sends it.
 */
function taggedSqlFindings(node: AnyNode): CodeFinding[] {
  const name = calleeName(node['tag'] as AnyNode);
  if (name === undefined) return [];
  const quasis = (node['quasi'] as AnyNode)['quasis'] as AnyNode[];
  return sqlCallFindings(name, () =>
    quasis
      .map((q, i) => `${i === 0 ? '' : `$${i}`}${(q['value'] as { cooked?: string }).cooked ?? ''}`)
      .join(''),
  );
}

/**
 * Whether a module name is decoded by a call (`atob('…')`, `[…].join('_')`): known, but hidden
 * on purpose, which counts as dynamic as well.
 */
function decodedName(node: AnyNode | undefined, values: JavaScriptValues): boolean {
  // Directly, or through a name given it once (`const m = atob('…'); require(m)`).
  const value = node?.type === 'Identifier' ? values.initializer(node) : node;
  return value?.type === 'CallExpression';
}

/**
 * Whether a timer's first argument is a string, which the timer evaluates as code: a constant, a
 * template, a concatenation or a string built by a call of `String` (`String.fromCharCode(…)`).
 */
function builtString(node: AnyNode | undefined, values: JavaScriptValues, depth = 0): boolean {
  if (node === undefined) return false;
  if (values.constant(node) !== undefined || node.type === 'TemplateLiteral') return true;
  // A name given such a string once: `const code = 'f(' + Date.now() + ')'; setTimeout(code)`.
  const initializer = depth < MAX_JOINS ? values.initializer(node) : undefined;
  if (initializer !== undefined) return builtString(initializer, values, depth + 1);
  if (node.type === 'BinaryExpression' && node['operator'] === '+') return true;
  if (node.type !== 'CallExpression') return false;
  return values.resolve(node['callee'] as AnyNode).some((value) => /^g:String\.|^g:atob$/.test(value));
}

/** `{ eval: true }` as written. */
function evalOption(node: AnyNode | undefined): boolean {
  if (node?.type !== 'ObjectExpression') return false;
  return (node['properties'] as AnyNode[]).some((property) => {
    const key = property['key'] as AnyNode | undefined;
    const value = property['value'] as AnyNode | undefined;
    return (
      (key?.['name'] ?? key?.['value']) === 'eval' && value?.type === 'Literal' && value['value'] === true
    );
  });
}

/** Calls that read their first argument where the reader follows it: `Reflect.get(process, 'env')`. */
const FOLLOWING_CALLS = [
  'g:Reflect.get',
  'g:Reflect.has',
  'g:Reflect.apply',
  'g:Reflect.construct',
  'g:Reflect.getPrototypeOf',
  'g:Object.getPrototypeOf',
];

/**
 * Whether `node` hands its value on to where the reader does not follow it: an array element, an
 * object property, a call argument, a returned or yielded value, a property assigned, the object
 * of `with`. Names bound to it (`const r = require`) and expressions around it (`a || b`) are
 * followed instead; comparing or printing it hands nothing on.
 */
function passedOn(node: AnyNode, parent: AnyNode, values: JavaScriptValues): boolean {
  switch (parent.type) {
    case 'ArrayExpression':
    case 'ReturnStatement':
    case 'YieldExpression':
    case 'ExportDefaultDeclaration':
    case 'ThrowStatement':
      return true;
    case 'Property':
    case 'PropertyDefinition':
      return parent['value'] === node && !values.declared.has(node);
    case 'ArrowFunctionExpression':
      return parent['body'] === node;
    case 'WithStatement':
      return parent['object'] === node;
    case 'AssignmentExpression': {
      const left = parent['left'] as AnyNode;
      return (
        parent['right'] === node &&
        (left.type === 'MemberExpression' || !DECLARING.has(parent['operator'] as string))
      );
    }
    case 'CallExpression':
    case 'NewExpression': {
      if (parent['callee'] === node) return false;
      const callees = values.resolve(parent['callee'] as AnyNode);
      if (callees.some((callee) => callee.startsWith('g:console.'))) return false;
      const first = (parent['arguments'] as AnyNode[])[0] === node;
      if (first && boundToGlobalFunction(parent['callee'] as AnyNode, values)) return false;
      return !(first && FOLLOWING_CALLS.some((call) => callees.includes(call)));
    }
    default:
      return false;
  }
}

/**
 * `fetch.bind(globalThis)`, `setTimeout.call(window, …)`: the object given as `this` to a
 * function of the runtime, which does nothing with it out of sight (unlike a function of the
 * code's own, which could read anything through `this`).
 */
function boundToGlobalFunction(callee: AnyNode, values: JavaScriptValues): boolean {
  if (callee.type !== 'MemberExpression' || !['bind', 'call', 'apply'].includes(keyName(callee) ?? ''))
    return false;
  const functions = values.resolve(callee['object'] as AnyNode);
  return functions.length > 0 && functions.every((value) => value.startsWith('g:') && value !== 'g:');
}

/** The values of the properties an object pattern reads from a source with `sources` values. */
function destructured(pattern: AnyNode, sources: string[], values: JavaScriptValues): string[] {
  const out: string[] = [];
  for (const property of pattern['properties'] as AnyNode[]) {
    if (property.type === 'RestElement') {
      out.push(...sources);
      continue;
    }
    const key = property['computed']
      ? values.constant(property['key'] as AnyNode)
      : ((property['key'] as AnyNode)['name'] ?? (property['key'] as AnyNode)['value']);
    const inner = sources.map((source) => `${source}.${key ?? '?'}`);
    const value = property['value'] as AnyNode;
    const target = value.type === 'AssignmentPattern' ? (value['left'] as AnyNode) : value;
    if (target.type === 'ObjectPattern') out.push(...destructured(target, inner, values));
    else out.push(...inner);
  }
  return out;
}

function isPropertyName(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'MemberExpression') return parent['property'] === node && !parent['computed'];
  if (
    parent.type === 'Property' ||
    parent.type === 'MethodDefinition' ||
    parent.type === 'PropertyDefinition'
  )
    return parent['key'] === node && !parent['computed'];
  return false;
}

function isTypeofOperand(parent: AnyNode | undefined): boolean {
  return parent?.type === 'UnaryExpression' && parent['operator'] === 'typeof';
}

function isConcatenation(node: AnyNode | undefined): boolean {
  return node?.type === 'BinaryExpression' && node['operator'] === '+';
}

/** The constant pieces of a `+` chain, in order, anything computed left out. */
function concatenated(node: AnyNode, values: JavaScriptValues): StringPiece[] {
  const operands: AnyNode[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop() as AnyNode;
    if (isConcatenation(next)) stack.push(next['right'] as AnyNode, next['left'] as AnyNode);
    else operands.push(next);
  }
  const pieces: StringPiece[] = [];
  for (const operand of operands) {
    const text = values.constant(operand);
    if (text !== undefined) pieces.push({ text, join: 'concat' });
  }
  return pieces;
}

/** Constant arguments or elements, joined as path segments: `path.join(home, '.aws', 'credentials')`. */
function constantPieces(nodes: (AnyNode | null)[], values: JavaScriptValues): StringPiece[] {
  const pieces = nodes.flatMap((node) => pathPieces(node, values, 0));
  return pieces.length >= 2 ? pieces : [];
}

// How many joins inside joins (through names) `pathPieces` follows.
const MAX_JOINS = 8;

/**
 * The constant pieces of one argument of a path join: a constant, or the pieces of a join it is
 * (`path.join(os.homedir(), '.aws')`), read through a name given it once (`const d = path.join(…)`).
 */
function pathPieces(node: AnyNode | null, values: JavaScriptValues, depth: number): StringPiece[] {
  if (!node) return [];
  const text = values.constant(node);
  if (text !== undefined) return [{ text, join: 'path' }];
  if (depth >= MAX_JOINS) return [];
  const value = node.type === 'Identifier' ? values.initializer(node) : node;
  if (value?.type !== 'CallExpression' || !isPathJoin(value['callee'] as AnyNode, values)) return [];
  return (value['arguments'] as AnyNode[]).flatMap((a) => pathPieces(a, values, depth + 1));
}

function isPathJoin(callee: AnyNode, values: JavaScriptValues): boolean {
  return values.resolve(callee).some((v) => /^m:(node:)?path(\.(posix|win32))?\.(join|resolve)$/.test(v));
}
