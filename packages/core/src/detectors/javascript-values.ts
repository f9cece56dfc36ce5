import type { Node } from 'acorn';

/** An acorn node read loosely: its fields by name. */
export type AnyNode = Node & Record<string, unknown>;

/**
 * What an expression may evaluate to, as a path: `g:` the global object, `g:process.env` a
 * property of it, `m:fs.rmSync` an export of a module, `fn:` some function, `lit:` a literal,
 * `v:` anything else. A `?` segment is a property whose name is computed at run time.
 */
export type Value = string;

/** A name bound by a declaration: to what an expression yields, at a property path under it. */
type Binding = { node: AnyNode; path: string[] } | { value: Value };

const GLOBAL_ALIASES = new Set(['globalThis', 'window', 'global', 'self', 'frames', 'top', 'parent']);
const MAX_VALUES = 16;
/** How many names deep `resolve` follows before giving up on the code as unreadable. */
const MAX_DEPTH = 1000;
/** How many segments a value's path may have before it stops being read. */
const MAX_SEGMENTS = 64;

/**
 * A value whose path is too long to read (`a.b.c…` with more than `MAX_SEGMENTS` links). What it
 * holds is unknown, so the classifier treats it like a computed property: as dynamic.
 */
export const UNREADABLE: Value = 'x:';

/** Thrown when names nest too deeply to follow; the code counts as unreadable. */
export class TooDeepToFollow extends Error {
  constructor() {
    super('names nest too deeply to follow');
  }
}
const LITERALS = new Set(['ArrayExpression', 'ObjectExpression', 'Literal', 'TemplateLiteral']);

/**
 * Resolves expressions of one syntax tree to the values they may hold, following `const x = …`,
 * destructuring, assignments and imports with one flat scope. A name is always also read as the
 * global of that name, so shadowing in a nested scope cannot hide a real global.
 *
 * @example
 * new JavaScriptValues(tree).resolve(node) // ['g:require'] for `module.constructor._load`
 */
export class JavaScriptValues {
  private readonly bindings = new Map<string, Binding[]>();
  private readonly memo = new Map<Node, Value[]>();
  private readonly active = new Set<Node>();
  private readonly normalized = new Map<Value, Value>();
  private readonly globals = new Map<string, Value[]>();
  private depth = 0;
  /** Identifiers that declare a name rather than read one. */
  readonly declared = new Set<Node>();
  /**
   * `this` where it is the global object: in a function called with no object, as in
   * `(function () { return this })()`, which non-strict code runs with `this` the global.
   */
  readonly globalThisNodes = new Set<Node>();

  /** Every name the code declares (a variable, a parameter, a function), bound to a value or not. */
  private readonly declaredNames = new Set<string>();
  /**
   * What each name holds, read once for all the nodes that read it (a name bound a thousand times
   * and read a thousand times is not read a million times), and the same for `constant` and
   * `boundValues`. Filled only once every declaration is recorded, and only with what later reads
   * would find again: nothing cut short by a name being read inside its own value.
   */
  private readonly named = new Map<string, Value[]>();
  private readonly namedBound = new Map<string, Value[]>();
  private readonly constants = new Map<string, string | undefined>();
  /** How many times `constant` gave up on a name read inside its own value or too deep. */
  private cuts = 0;
  private complete = false;

  /** Marks every declaration recorded: from now on what a name holds no longer changes. */
  endDeclarations(): void {
    this.complete = true;
  }

  bind(name: string, binding: Binding): void {
    this.declaredNames.add(name);
    const list = this.bindings.get(name);
    if (list) list.push(binding);
    else this.bindings.set(name, [binding]);
  }

  /** The one expression a name read by `node` was given (`const d = path.join(…)`), if only one. */
  initializer(node: AnyNode): AnyNode | undefined {
    if (node.type !== 'Identifier') return undefined;
    const bindings = this.bindings.get(node['name'] as string) ?? [];
    const [only] = bindings;
    return bindings.length === 1 && only !== undefined && 'node' in only && only.path.length === 0
      ? only.node
      : undefined;
  }

  /** Records the names a pattern declares, bound to `source` at `path` when it is known. */
  declarePattern(
    pattern: AnyNode | null | undefined,
    source: AnyNode | undefined,
    path: string[] = [],
  ): void {
    if (!pattern) return;
    switch (pattern.type) {
      case 'Identifier':
        this.declared.add(pattern);
        this.declaredNames.add(pattern['name'] as string);
        if (source) this.bind(pattern['name'] as string, { node: source, path });
        return;
      case 'ObjectPattern':
        for (const property of pattern['properties'] as AnyNode[]) {
          if (property.type === 'RestElement') {
            this.declarePattern(property['argument'] as AnyNode, source, path);
            continue;
          }
          const key = property['computed'] ? this.constant(property['key'] as AnyNode) : keyName(property);
          this.declarePattern(property['value'] as AnyNode, source, [...path, key ?? '?']);
        }
        return;
      case 'ArrayPattern':
        for (const [index, element] of (pattern['elements'] as (AnyNode | null)[]).entries())
          this.declarePattern(element, source, [...path, String(index)]);
        return;
      case 'RestElement':
        this.declarePattern(pattern['argument'] as AnyNode, source, path);
        return;
      case 'AssignmentPattern':
        this.declarePattern(pattern['left'] as AnyNode, source, path);
        this.declarePattern(pattern['left'] as AnyNode, pattern['right'] as AnyNode, []);
        return;
    }
  }

  /**
   * The values `node` may hold; empty when nothing of note is known. Throws
   * `TooDeepToFollow` when following names nests deeper than `MAX_DEPTH`.
   */
  resolve(node: AnyNode | null | undefined): Value[] {
    if (!node) return [];
    const known = this.memo.get(node);
    if (known) return known;
    if (this.active.has(node)) return [];
    if (node.type === 'MemberExpression') return this.member(node);
    if (node.type === 'Identifier' && !this.bindings.has(node['name'] as string)) return this.global(node);
    if (this.depth >= MAX_DEPTH) throw new TooDeepToFollow();
    this.depth += 1;
    this.active.add(node);
    const values = this.settle(this.compute(node));
    this.active.delete(node);
    this.depth -= 1;
    this.memo.set(node, values);
    return values;
  }

  /**
   * The values a name read by `node` holds through its own bindings, leaving out the global of
   * the same name that `resolve` also reads it as: `self` after `const self = this` is not the
   * global object. A name declared nowhere is the global.
   */
  boundValues(node: AnyNode): Value[] {
    const name = node['name'] as string;
    if (node.type !== 'Identifier' || !this.declaredNames.has(name)) return this.resolve(node);
    const known = this.namedBound.get(name);
    if (known) return known;
    const stable = this.stable(name);
    const values = this.settle(this.bound(name));
    if (stable) this.namedBound.set(name, values);
    return values;
  }

  /**
   * Whether what `name` holds, read now, is what it always holds: every declaration is recorded
   * and no node it is bound to is being read (which would read as nothing for now).
   */
  private stable(name: string): boolean {
    return (
      this.complete &&
      (this.bindings.get(name) ?? []).every((b) => !('node' in b) || !this.active.has(b.node))
    );
  }

  /** What the bindings of `name` hold, unsettled. */
  private bound(name: string): Value[] {
    const values: Value[] = [];
    for (const binding of this.bindings.get(name) ?? []) {
      if ('value' in binding) values.push(binding.value);
      else values.push(...this.resolve(binding.node).map((v) => [v, ...binding.path].join('.')));
    }
    return values;
  }

  /** A name bound nowhere: the global of that name, whichever node reads it. */
  private global(node: AnyNode): Value[] {
    const name = node['name'] as string;
    let values = this.globals.get(name);
    if (values === undefined) {
      values = this.settle([`g:${name}`]);
      this.globals.set(name, values);
    }
    return values;
  }

  /**
   * A chain of property reads, `a.b.c.d`, resolved from its innermost object outwards without
   * nesting a call per link: each link is what its object holds, with the property added.
   */
  private member(node: AnyNode): Value[] {
    const chain: { node: AnyNode; property: string | undefined }[] = [];
    let object: AnyNode = node;
    while (object.type === 'MemberExpression' && !this.memo.has(object) && !this.active.has(object)) {
      this.active.add(object);
      const property = object['computed']
        ? this.constant(object['property'] as AnyNode)
        : ((object['property'] as AnyNode)['name'] as string | undefined);
      chain.push({ node: object, property });
      object = object['object'] as AnyNode;
    }
    let known = this.resolve(object);
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i] as { node: AnyNode; property: string | undefined };
      // Even an object nothing is known of has a `constructor.constructor`: the Function constructor.
      const bases = known.length > 0 ? known : [LITERALS.has(object.type) ? 'lit:' : 'v:'];
      // Past an unreadable link every link is unreadable: the same values serve.
      if (!(known.length === 1 && known[0] === UNREADABLE))
        known = this.settle(bases.map((v) => (v === UNREADABLE ? v : `${v}.${link.property ?? '?'}`)));
      this.active.delete(link.node);
      this.memo.set(link.node, known);
      object = link.node;
    }
    return known;
  }

  /** Computed values as the classifier reads them: normalized, each once, at most `MAX_VALUES`. */
  private settle(computed: Value[]): Value[] {
    const values: Value[] = [];
    for (const value of computed) {
      let settled = value.startsWith(UNREADABLE) ? UNREADABLE : this.normalized.get(value);
      if (settled === undefined) {
        settled = normalize(value);
        if (segments(settled) > MAX_SEGMENTS) settled = UNREADABLE;
        this.normalized.set(value, settled);
      }
      if (!values.includes(settled)) values.push(settled);
      if (values.length === MAX_VALUES) break;
    }
    return values;
  }

  /** A string the expression always evaluates to, if it is a constant. */
  constant(node: AnyNode | null | undefined, depth = 0): string | undefined {
    if (!node) return undefined;
    if (depth > 20) {
      this.cuts += 1;
      return undefined;
    }
    switch (node.type) {
      case 'Literal':
        return typeof node['value'] === 'string' || typeof node['value'] === 'number'
          ? String(node['value'])
          : undefined;
      case 'TemplateLiteral': {
        const quasis = node['quasis'] as AnyNode[];
        const parts = (node['expressions'] as AnyNode[]).map((e) => this.constant(e, depth + 1));
        if (parts.some((p) => p === undefined)) return undefined;
        return quasis
          .map((q, i) => ((q['value'] as { cooked?: string }).cooked ?? '') + (parts[i] ?? ''))
          .join('');
      }
      case 'BinaryExpression': {
        if (node['operator'] !== '+') return undefined;
        const left = this.constant(node['left'] as AnyNode, depth + 1);
        const right = this.constant(node['right'] as AnyNode, depth + 1);
        return left === undefined || right === undefined ? undefined : left + right;
      }
      case 'CallExpression':
        return this.decoded(node, depth);
      case 'Identifier': {
        const name = node['name'] as string;
        if (this.constants.has(name)) return this.constants.get(name);
        const bindings = this.bindings.get(name) ?? [];
        if (bindings.length === 0) return undefined;
        if (this.active.has(node)) {
          this.cuts += 1;
          return undefined;
        }
        const cuts = this.cuts;
        this.active.add(node);
        const values = new Set(
          bindings.map((b) =>
            'node' in b && b.path.length === 0 ? this.constant(b.node, depth + 1) : undefined,
          ),
        );
        this.active.delete(node);
        const [only] = values;
        const constant = values.size === 1 ? only : undefined;
        // A constant found is found however deep the search; one missed may have been cut short.
        if (this.complete && (constant !== undefined || this.cuts === cuts))
          this.constants.set(name, constant);
        return constant;
      }
      default:
        return undefined;
    }
  }

  /**
   * The string a call of constants always returns: `atob('…')`, `Buffer.from('…', 'base64')
   * .toString()`, `String.fromCharCode(47, 101)`, `['.s', 'sh'].join('')`. Read only once every
   * name is declared, since what the callee is depends on them.
   */
  private decoded(node: AnyNode, depth: number): string | undefined {
    if (!this.complete) return undefined;
    const callee = node['callee'] as AnyNode;
    const args = node['arguments'] as AnyNode[];
    const constants = (nodes: (AnyNode | null)[]) => {
      const texts = nodes.map((n) =>
        n && n.type !== 'SpreadElement' ? this.constant(n, depth + 1) : undefined,
      );
      return texts.every((t) => t !== undefined) ? (texts as string[]) : undefined;
    };
    if (callee.type === 'MemberExpression' && !callee['computed']) {
      const method = keyName(callee);
      const object = callee['object'] as AnyNode;
      if (method === 'join' && object.type === 'ArrayExpression') {
        const parts = constants(object['elements'] as (AnyNode | null)[]);
        const separator = args.length === 0 ? ',' : this.constant(args[0], depth + 1);
        return parts === undefined || separator === undefined ? undefined : parts.join(separator);
      }
      if (method === 'toString' && object.type === 'CallExpression') {
        const from = this.resolve(object['callee'] as AnyNode);
        if (!from.includes('g:Buffer.from') && !from.includes('m:buffer.Buffer.from')) return undefined;
        const [text, encoding = 'utf8'] = constants(object['arguments'] as AnyNode[]) ?? [];
        const [target = 'utf8'] = constants(args) ?? [];
        if (text === undefined || !Buffer.isEncoding(encoding) || !Buffer.isEncoding(target))
          return undefined;
        return Buffer.from(text, encoding).toString(target);
      }
    }
    const callees = this.resolve(callee);
    if (callees.includes('g:atob')) {
      const [text] = constants(args) ?? [];
      return text === undefined ? undefined : Buffer.from(text, 'base64').toString('latin1');
    }
    if (callees.includes('g:String.fromCharCode')) {
      const codes = constants(args)?.map(Number);
      return codes?.every((c) => Number.isInteger(c)) ? String.fromCharCode(...codes) : undefined;
    }
    return undefined;
  }

  private compute(node: AnyNode): Value[] {
    switch (node.type) {
      case 'ThisExpression':
        return this.globalThisNodes.has(node) ? ['g:'] : [];
      case 'Identifier': {
        const name = node['name'] as string;
        const known = this.named.get(name);
        if (known) return known;
        const stable = this.stable(name);
        const values = this.settle([`g:${name}`, ...this.bound(name)]);
        if (stable) this.named.set(name, values);
        return values;
      }
      case 'ChainExpression':
      case 'AwaitExpression':
        return this.resolve((node['expression'] ?? node['argument']) as AnyNode);
      case 'SequenceExpression':
        return this.resolve((node['expressions'] as AnyNode[]).at(-1));
      case 'ConditionalExpression':
        return [
          ...this.resolve(node['consequent'] as AnyNode),
          ...this.resolve(node['alternate'] as AnyNode),
        ];
      case 'LogicalExpression':
        return [...this.resolve(node['left'] as AnyNode), ...this.resolve(node['right'] as AnyNode)];
      case 'AssignmentExpression':
        return this.resolve(node['right'] as AnyNode);
      case 'ImportExpression': {
        const name = this.constant(node['source'] as AnyNode);
        return name === undefined ? [] : [moduleValue(name)];
      }
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ClassExpression':
        return ['fn:'];
      case 'CallExpression':
      case 'NewExpression':
        return this.call(node);
      default:
        return [];
    }
  }

  /** What a call returns, where that matters: modules from require-like calls, bound functions. */
  private call(node: AnyNode): Value[] {
    const values: Value[] = [];
    for (const { callee, args } of this.effectiveCalls(node)) {
      const callees = this.resolve(callee);
      if (callees.includes('g:require') || callees.includes('g:process.getBuiltinModule')) {
        const name = this.constant(args[0]);
        if (name !== undefined) values.push(moduleValue(name));
      }
      if (callees.includes('m:module.createRequire')) values.push('g:require');
      // A module made with `new Module()` has the `require` and `_compile` of every module.
      if (node.type === 'NewExpression' && callees.includes('m:module')) values.push('m:module');
      if (callees.includes('g:Object.getPrototypeOf') || callees.includes('g:Reflect.getPrototypeOf'))
        values.push(...this.resolve(args[0]).map((v) => `${v}.__proto__`));
      if (callees.includes('g:Bun.file')) values.push('g:Bun.file()');
      // `Reflect.get(process, 'en' + 'v')` is `process.env`.
      if (callees.includes('g:Reflect.get')) {
        const key = this.constant(args[1]);
        values.push(...this.resolve(args[0]).map((v) => `${v}.${key ?? '?'}`));
      }
    }
    const callee = node['callee'] as AnyNode;
    if (callee.type === 'MemberExpression' && keyName(callee) === 'bind')
      values.push(...this.resolve(callee['object'] as AnyNode));
    // A function called where it is written returns what it returns: `(() => process)()`.
    const returned = returnedExpression(callee);
    if (returned !== undefined) values.push(...this.resolve(returned));
    return values;
  }

  /**
   * The calls a call expression makes: itself, and through `f.call(t, …)`, `f.apply(t, [...])`,
   * `Reflect.apply(f, t, [...])` and `Reflect.construct(F, [...])` the call of `f` they stand for.
   */
  effectiveCalls(node: AnyNode): { callee: AnyNode; args: (AnyNode | undefined)[] }[] {
    const callee = node['callee'] as AnyNode;
    const args = node['arguments'] as AnyNode[];
    const calls: { callee: AnyNode; args: (AnyNode | undefined)[] }[] = [{ callee, args }];
    if (callee.type === 'MemberExpression') {
      const method = callee['computed'] ? this.constant(callee['property'] as AnyNode) : keyName(callee);
      const target = callee['object'] as AnyNode;
      if (method === 'call') calls.push({ callee: target, args: args.slice(1) });
      if (method === 'apply') calls.push({ callee: target, args: elements(args[1]) });
    }
    const callees = this.resolve(callee);
    if (callees.includes('g:Reflect.apply') && args[0])
      calls.push({ callee: args[0], args: elements(args[2]) });
    if (callees.includes('g:Reflect.construct') && args[0])
      calls.push({ callee: args[0], args: elements(args[1]) });
    return calls;
  }
}

/** The expression a function returns when that is all it does: `() => x`, `function () { return x }`. */
function returnedExpression(node: AnyNode): AnyNode | undefined {
  if (node.type !== 'FunctionExpression' && node.type !== 'ArrowFunctionExpression') return undefined;
  const body = node['body'] as AnyNode;
  if (body.type !== 'BlockStatement') return body;
  const [only, ...rest] = body['body'] as AnyNode[];
  return only?.type === 'ReturnStatement' && rest.length === 0
    ? ((only['argument'] as AnyNode | null) ?? undefined)
    : undefined;
}

/** The name of a non-computed property or key. */
export function keyName(node: AnyNode): string | undefined {
  const key = (node['property'] ?? node['key']) as AnyNode | undefined;
  if (!key || node['computed']) return undefined;
  if (key.type === 'Identifier') return key['name'] as string;
  return typeof key['value'] === 'string' ? key['value'] : undefined;
}

function elements(node: AnyNode | undefined): (AnyNode | undefined)[] {
  if (node?.type !== 'ArrayExpression') return [];
  return (node['elements'] as (AnyNode | null)[]).map((e) =>
    e?.type === 'SpreadElement' ? undefined : (e ?? undefined),
  );
}

const FUNCTION_NAMESPACES = new Set([
  'Math',
  'JSON',
  'Reflect',
  'Atomics',
  'Intl',
  'console',
  'Object',
  'Array',
]);

/**
 * Rewrites a value to the one spelling the classifier knows: global aliases dropped
 * (`g:globalThis.window.eval` is `g:eval`), `node:` and subpath module names folded, the ways to
 * reach `require` (`module.require`, `process.mainModule.require`, `module.constructor._load`…)
 * made `g:require`, and the ways to reach the Function constructor (`fn.constructor`,
 * `x.constructor.constructor`, `Function.prototype.constructor`) made `g:Function`.
 */
// Dots separate the parts of a value; a dot in a module's name (`socket.io-client`) stands as this.
const MODULE_DOT = '\u2024';

/** The value of a module by its name, a dot in the name kept apart from the parts that follow. */
export function moduleValue(name: string): Value {
  return `m:${name.replaceAll('.', MODULE_DOT)}`;
}

/** A module's name as written, from its part of a value. */
export function moduleName(part: string): string {
  return part.replaceAll(MODULE_DOT, '.');
}

export function normalize(value: Value): Value {
  const colon = value.indexOf(':');
  let kind = value.slice(0, colon);
  let parts = value
    .slice(colon + 1)
    .split('.')
    .filter((part, index) => index > 0 || part !== '');
  if (kind === 'g') {
    while (parts.length > 0 && GLOBAL_ALIASES.has(parts[0] as string)) parts = parts.slice(1);
    const [head] = parts;
    if (head === 'fs' || head === 'fse') [kind, parts] = ['m', ['fs', ...parts.slice(1)]];
    else if (head === 'fsp' || head === 'fsPromises' || head === 'promises')
      [kind, parts] = ['m', ['fs', 'promises', ...parts.slice(1)]];
    else if (head === 'process' && parts[1] === 'mainModule') parts = ['module', ...parts.slice(2)];
    else if (head === 'require' && parts[1] === 'main') parts = ['module', ...parts.slice(2)];
    if (parts[0] === 'module' && parts[1] === 'constructor')
      [kind, parts] = ['m', ['module', ...parts.slice(2)]];
  }
  if (kind === 'm' && parts.length > 0) {
    const module = (parts[0] as string).replace(/^node:/, '');
    const [root = module, ...sub] = module.split('/');
    const base =
      root === 'fs-extra' || root === 'graceful-fs'
        ? 'fs'
        : root.startsWith('@')
          ? `${root}/${sub.shift()}`
          : root;
    parts = [base, ...sub, ...parts.slice(1)];
    if (base === 'process') [kind, parts] = ['g', parts];
    if (base === 'module' && (parts[1] === 'Module' || parts[1] === 'default')) parts.splice(1, 1);
  }
  const last = parts.at(-1);
  if ((kind === 'g' || kind === 'm') && parts[0] === 'module' && (last === 'require' || last === '_load'))
    return 'g:require';
  if (parts.length >= 2 && parts.at(-2) === 'constructor' && last === 'constructor') return 'g:Function';
  if (last === 'constructor' && isFunction(kind, parts.slice(0, -1))) return 'g:Function';
  if (kind === 'fn' && last === '__proto__') return 'fn:';
  return `${kind}:${parts.join('.')}`;
}

/** How many dot-separated segments a value's path has. */
function segments(value: Value): number {
  let count = 1;
  for (let at = value.indexOf('.'); at >= 0; at = value.indexOf('.', at + 1)) count += 1;
  return count;
}

/** Whether a value is surely a function, so its `constructor` is the Function constructor. */
function isFunction(kind: string, parts: string[]): boolean {
  if (kind === 'fn') return parts.every((p) => p === '__proto__');
  // `[].map`, `''.big`: a property of a literal that is not data is one of its methods.
  if (kind === 'lit') return parts.length === 1 && parts[0] !== 'length' && parts[0] !== 'constructor';
  if (kind !== 'g' || parts.length === 0) return false;
  if (parts.length === 1)
    return /^[A-Z]/.test(parts[0] as string) || parts[0] === 'eval' || parts[0] === 'require';
  if (parts.length === 2 && parts[1] === 'prototype') return parts[0] === 'Function';
  return parts.length === 2 && FUNCTION_NAMESPACES.has(parts[0] as string);
}
