// Renders docs/policy.md from the policy's JSON Schema, so the page cannot drift from what the
// engine accepts: every option, its type, default and description come from the zod schema, and
// every guard's example is the one the schema carries (and the tests validate).
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';

/** The parts of a JSON Schema node the page reads. */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  minLength?: number;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  prefixItems?: SchemaNode[];
  anyOf?: SchemaNode[];
  examples?: unknown[];
}

interface Row {
  name: string;
  type: string;
  required: boolean;
  defaultValue: string;
  description: string;
}

/** Thrown when the schema cannot be documented: names every option without a description. */
export class UndocumentedOptionsError extends Error {
  /** Dotted paths of the options (or `… (example)` for a section without an example). */
  readonly paths: string[];

  constructor(paths: string[]) {
    super(`policy options without a description: ${paths.join(', ')}`);
    this.paths = paths;
    this.name = 'UndocumentedOptionsError';
  }
}

/** The sections before the guards, in the order the page has them. */
const SECTIONS = ['defaults', 'audit', 'rules'];

/** What the keys of a map option stand for, in flattened names such as `when.<path>.gt`. */
const MAP_KEYS: Record<string, string> = { when: 'path', byAgent: 'agentId' };

/** The whole page, from `policyJsonSchema()`. Throws `UndocumentedOptionsError` on a gap. */
export function renderPolicyDocs(schema: SchemaNode): string {
  const missing: string[] = [];
  const top = schema.properties ?? {};
  const guards = top['guards']?.properties ?? {};
  const out: string[] = [
    '<!-- Generated from the policy schema (packages/core/src/policy) by',
    '     `pnpm --filter @portcullis/core generate:schema`. Do not edit by hand. -->',
    '',
    '# Policy reference',
    '',
    'A policy is a YAML or JSON file (or a TypeScript module using `definePolicy`) validated against',
    '[`policy.schema.json`](../packages/core/policy.schema.json). Point your editor at that file for',
    'completion: `# yaml-language-server: $schema=./node_modules/@portcullis/core/policy.schema.json`.',
    'An invalid policy is refused as a whole, with every bad path and its line; nothing runs under it.',
    '',
    'Guards run concurrently, each under a deadline, and the strictest answer wins:',
    '**deny > ask > modify > allow**. Every guard section is optional; an absent section is off.',
    '',
    'Tool names are matched by [micromatch](https://github.com/micromatch/micromatch) globs. Case',
    'is ignored, and a name the MCP proxy namespaced as `server__tool` is matched by `tool` too, so',
    '`delete_*` also judges `Delete_User` and `db__delete_rows`; except in the lists that grant',
    '(`scope.allow`, `hints.allow`, the `tools` of rules whose effect is `allow`, and',
    '`shell.allowCommands`), which compare the whole name as written. A tool is therefore judged by',
    'more guards, never by fewer.',
    '',
    '## Contents',
    '',
    '- [A whole policy](#a-whole-policy)',
    '- [Top level](#top-level)',
    ...SECTIONS.map((key) => `- [\`${key}\`](#${key})`),
    '- [Guards](#guards)',
    ...Object.keys(guards).map((name) => `  - [\`${name}\`](#${name.toLowerCase()})`),
    '',
    '## A whole policy',
    '',
    yamlBlock(firstExample(schema, 'the policy', missing)),
    '## Top level',
    '',
    table(
      rowsOf(
        { properties: Object.fromEntries(Object.entries(top).filter(([key]) => key !== 'guards')) },
        '',
        missing,
        false,
      ),
    ),
  ];

  for (const key of ['defaults', 'audit']) {
    const node = top[key] ?? {};
    out.push(`## \`${key}\``, '', `${node.description ?? ''}`, '', table(rowsOf(node, '', missing)));
  }

  const rules = top['rules']?.items ?? {};
  out.push(
    '## `rules`',
    '',
    rules.description ?? '',
    '',
    yamlBlock({ rules: [firstExample(rules, 'rules', missing)] }),
    table(rowsOf(rules, '', missing)),
  );

  out.push('## Guards', '', top['guards']?.description ?? '', '');
  for (const [name, node] of Object.entries(guards)) {
    out.push(
      `### \`${name}\``,
      '',
      node.description ?? '',
      '',
      yamlBlock({ guards: { [name]: firstExample(node, `guards.${name}`, missing) } }),
      table(rowsOf(node, '', missing)),
    );
  }

  if (missing.length > 0) throw new UndocumentedOptionsError(missing);
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

function firstExample(node: SchemaNode, where: string, missing: string[]): unknown {
  const example = node.examples?.[0];
  if (example === undefined) missing.push(`${where} (example)`);
  return example ?? {};
}

/** Option rows of an object node, nested objects and maps flattened to dotted names. */
function rowsOf(node: SchemaNode, prefix: string, missing: string[], recurse = true): Row[] {
  const rows: Row[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = `${prefix}${key}`;
    if (!child.description) missing.push(name);
    rows.push({
      name,
      type: typeOf(child),
      required: node.required?.includes(key) ?? false,
      defaultValue: child.default === undefined ? '' : inline(child.default),
      description: child.description ?? '',
    });
    if (recurse) rows.push(...nestedRows(child, name, missing));
  }
  return rows;
}

function nestedRows(child: SchemaNode, name: string, missing: string[]): Row[] {
  if (child.properties) return rowsOf(child, `${name}.`, missing);
  if (child.items?.properties) return rowsOf(child.items, `${name}[].`, missing);
  const values = child.additionalProperties;
  if (typeof values === 'object') {
    const members = values.anyOf ?? [values];
    const key = MAP_KEYS[name.split('.').at(-1) ?? ''] ?? 'key';
    return members.flatMap((member) =>
      member.properties ? rowsOf(member, `${name}.<${key}>.`, missing) : [],
    );
  }
  return [];
}

/** A short, human type: `integer > 0, ≤ 600000`, `one of deny, ask`, `list of string`. */
export function typeOf(node: SchemaNode): string {
  if (node.const !== undefined) return inline(node.const);
  if (node.enum) return `one of ${node.enum.map(inline).join(', ')}`;
  if (node.anyOf) return node.anyOf.map(typeOf).join(' or ');
  if (node.prefixItems) return `[${node.prefixItems.map(typeOf).join(', ')}]`;
  const type = Array.isArray(node.type) ? node.type.join(' or ') : node.type;
  switch (type) {
    case 'array': {
      const of = node.items ? typeOf(node.items) : 'any';
      return `${node.minItems ? 'non-empty ' : ''}list of ${of}`;
    }
    case 'object': {
      if (node.properties) return 'object';
      const values = node.additionalProperties;
      return `map of ${typeof values === 'object' ? typeOf(values) : 'any'}`;
    }
    case 'number':
    case 'integer':
      return [type, ...bounds(node)].join(' ');
    case 'string':
      if (node.format === 'uri') return 'URL';
      if (node.pattern) return `string matching \`${node.pattern}\``;
      return 'string';
    case undefined:
      return 'any value';
    default:
      return type;
  }
}

function bounds(node: SchemaNode): string[] {
  const parts: string[] = [];
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  if (node.minimum !== undefined && node.minimum > Number.MIN_SAFE_INTEGER) parts.push(`≥ ${node.minimum}`);
  // zod writes the safe-integer range on every int(); it says nothing to a reader.
  if (node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
  return parts.length > 0 ? [parts.join(', ')] : [];
}

function inline(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function table(rows: Row[]): string {
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const code = (text: string) => (text === '' ? '' : `\`${cell(text)}\``);
  return [
    '| option | type | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| \`${row.name}\`${row.required ? ' (required)' : ''} | ${cell(row.type)} | ${code(row.defaultValue)} | ${cell(row.description)} |`,
    ),
    '',
  ].join('\n');
}

/** YAML as people write it: lists of scalars and small maps of scalars on one line. */
function yamlBlock(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, node) {
      if (isSeq(node) && node.items.every((item) => isScalar(item))) node.flow = true;
    },
    Scalar(_, node) {
      // Times of day stay strings in every YAML reader (YAML 1.1 reads 18:00 as a number).
      if (typeof node.value === 'string' && /^\d+:\d+$/.test(node.value)) node.type = 'QUOTE_DOUBLE';
    },
    Map(_, node, path) {
      const small = node.items.length <= 3 && node.items.every((pair) => isScalar(pair.value));
      if (isMap(node) && small && path.length > 4) node.flow = true;
    },
  });
  return `\`\`\`yaml\n${doc.toString({ lineWidth: 100, flowCollectionPadding: false })}\`\`\`\n`;
}
