import type { Exchange } from './guard-client.ts';

/**
 * The wire protocol a client uses: `METHOD route` pairs (ids as `{}`, query kept), the names of
 * the JSON fields it sends, and the names of the fields it reads from answers.
 */
export interface Protocol {
  routes: string[];
  sent: string[];
  read: string[];
}

/**
 * What `agent.py` uses, read from its text (there is no Python at test time): every route literal
 * with the method written before it, dict-literal keys as sent fields, and `x["key"]` /
 * `x.get("key")` as read fields. Comments and docstrings are left out.
 *
 * @example
 * pythonProtocol('answer = client.request("POST", "/v1/settle", {"id": verdict["id"]})');
 * // { routes: ['POST /v1/settle'], sent: ['id'], read: ['id'] }
 */
export function pythonProtocol(source: string): Protocol {
  const code = stripPythonComments(source.replace(/("""|''')[\s\S]*?\1/g, '""'));
  const routes = new Set<string>();
  const strays: string[] = [];
  for (const match of code.matchAll(/f?(["'])(\/\w(?:(?!\1)[^\\\n])*)\1/g)) {
    const before = code.slice(0, match.index).trimEnd();
    const method = /(["'])(GET|POST|PUT|DELETE|PATCH)\1\s*,$/.exec(before)?.[2];
    const route = normalizeRoute(match[2] ?? '');
    if (method === undefined) strays.push(route);
    else routes.add(`${method} ${route}`);
  }
  // A route written anywhere but after its method would escape the comparison: refuse it.
  if (strays.length)
    throw new Error(`agent.py: routes without an HTTP method before them: ${strays.join(', ')}`);
  const names = (pattern: RegExp) => [...code.matchAll(pattern)].map((m) => m[2] ?? '');
  return {
    routes: sorted(routes),
    // Keys of dict literals only: after `{` or `,` (not `if status != "execute":`).
    sent: sorted(names(/(?<=[{,]\s*)(["'])(\w+)\1\s*:/g)),
    read: sorted([...names(/(?<=[\w\])])\[\s*(["'])(\w+)\1\s*\]/g), ...names(/\.get\(\s*(["'])(\w+)\1/g)]),
  };
}

/**
 * What the Node twin did: the exchanges it made, the fields it sent and the fields it read
 * (field paths reduced to names, as in {@link pythonProtocol}).
 *
 * @example
 * nodeProtocol(log).routes; // ['GET /v1/approvals?status=pending', 'POST /v1/run', …]
 */
export function nodeProtocol(log: readonly Exchange[]): Protocol {
  const name = (path: string) => path.split('.').at(-1)?.replace(/\[\]$/, '') ?? path;
  return {
    routes: sorted(log.map((e) => `${e.method} ${normalizeRoute(e.route)}`)),
    sent: sorted(log.flatMap((e) => e.sent.map(name))),
    read: sorted(log.flatMap((e) => [...e.reads].map(name))),
  };
}

/**
 * Every difference between two protocols, one sentence each; empty when they agree.
 *
 * @example
 * protocolDrift(pythonProtocol(source), nodeProtocol(log)); // []
 */
export function protocolDrift(python: Protocol, node: Protocol): string[] {
  const problems: string[] = [];
  for (const part of ['routes', 'sent', 'read'] as const) {
    const py = new Set(python[part]);
    const js = new Set(node[part]);
    const onlyPy = python[part].filter((x) => !js.has(x));
    const onlyJs = node[part].filter((x) => !py.has(x));
    if (onlyPy.length) problems.push(`${part} only in agent.py: ${onlyPy.join(', ')}`);
    if (onlyJs.length) problems.push(`${part} only in the Node twin: ${onlyJs.join(', ')}`);
  }
  return problems;
}

type Schema = { [key: string]: unknown };

/**
 * Checks each exchange against the server's OpenAPI document: the route and method exist, the
 * query parameters are documented, every field sent is in the request body's schema and every
 * field read is in the schema of the answer that came (200, or the error status). Returns the
 * problems, one sentence each.
 *
 * @example
 * openApiProblems(await (await fetch(`${url}/openapi.json`, { headers })).json(), log); // []
 */
export function openApiProblems(doc: Schema, log: readonly Exchange[]): string[] {
  const problems: string[] = [];
  const paths = (doc['paths'] ?? {}) as Record<string, Record<string, Schema>>;
  for (const exchange of log) {
    const [route = '', query = ''] = exchange.route.split('?');
    const path = Object.keys(paths).find((p) => normalizeRoute(p) === normalizeRoute(route));
    const operation = path === undefined ? undefined : paths[path]?.[exchange.method.toLowerCase()];
    const label = `${exchange.method} ${exchange.route}`;
    if (operation === undefined) {
      problems.push(`${label}: not in the OpenAPI document`);
      continue;
    }
    const parameters = (operation['parameters'] ?? []) as { name: string; in: string }[];
    for (const name of new URLSearchParams(query).keys()) {
      if (!parameters.some((p) => p.in === 'query' && p.name === name)) {
        problems.push(`${label}: query parameter ${name} is not documented`);
      }
    }
    const body = dig(operation, ['requestBody', 'content', 'application/json', 'schema']);
    for (const field of exchange.sent) {
      if (body === undefined || !fieldIn(body, field))
        problems.push(`${label}: sends ${field}, not in the schema`);
    }
    if (exchange.status === 0) continue;
    const answer = dig(operation, [
      'responses',
      String(exchange.status),
      'content',
      'application/json',
      'schema',
    ]);
    for (const field of exchange.reads) {
      if (answer === undefined || !fieldIn(answer, field)) {
        problems.push(`${label}: reads ${field} of a ${exchange.status} answer, not in the schema`);
      }
    }
  }
  return problems;
}

/** `{approval['id']}` (Python) and `{id}` (OpenAPI, Node) alike become `{}`. */
function normalizeRoute(route: string): string {
  return route.replace(/\{[^}]*\}/g, '{}');
}

/** Drops `#` comments, minding quotes (an f-string may hold the other kind of quote). */
function stripPythonComments(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      let quote: string | undefined;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '\\') i++;
        else if (quote !== undefined) {
          if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '#') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

function dig(value: unknown, keys: string[]): Schema | undefined {
  let at: unknown = value;
  for (const key of keys) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Schema)[key];
  }
  return at as Schema;
}

/** Whether `field` (`context.args.amount`, `approvals[].tool`) may occur in a JSON Schema. */
function fieldIn(schema: Schema, field: string): boolean {
  const steps = field.split('.').flatMap((s) => (s.endsWith('[]') ? [s.slice(0, -2), '[]'] : [s]));
  let at: Schema[] = [schema];
  for (const step of steps) {
    at = at.flatMap((s) => child(s, step));
    if (at.length === 0) return false;
  }
  return true;
}

/** The schemas a key (or `[]`, an array element) may have inside `schema`; none: not allowed. */
function child(schema: Schema, key: string): Schema[] {
  const branches = ['anyOf', 'oneOf', 'allOf'].flatMap((k) => (schema[k] ?? []) as Schema[]);
  if (branches.length) return branches.flatMap((b) => child(b, key));
  const type = schema['type'];
  if (type === undefined && schema['properties'] === undefined) return [{}]; // `{}`: anything
  if (key === '[]') return type === 'array' ? [(schema['items'] ?? {}) as Schema] : [];
  if (type !== 'object') return [];
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  if (Object.hasOwn(properties, key)) return [properties[key] as Schema];
  const more = schema['additionalProperties'];
  if (more === false) return [];
  return [typeof more === 'object' && more !== null ? (more as Schema) : {}];
}

function sorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
