import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  renderPolicyDocs,
  type SchemaNode,
  typeOf,
  UndocumentedOptionsError,
} from '../scripts/render-policy-docs.ts';
import { parsePolicy } from '../src/index.ts';
import { policyJsonSchema } from '../src/policy/policy-json-schema.ts';
import { GuardsSchema } from '../src/policy/policy-schema.ts';

const docsUrl = new URL('../../../docs/policy.md', import.meta.url);
const committed = readFileSync(docsUrl, 'utf8');

describe('docs/policy.md', () => {
  it('is the page generated from the schema (run `pnpm --filter @portcullis/core generate:schema` when this fails)', () => {
    expect(committed).toBe(renderPolicyDocs(policyJsonSchema() as SchemaNode));
  });

  it('has a section with an example for every built-in guard', () => {
    for (const name of Object.keys(GuardsSchema.shape)) {
      const section = committed.split(`### \`${name}\`\n`)[1]?.split('\n### ')[0] ?? '';
      expect(section, name).toContain(`\`\`\`yaml\nguards:\n  ${name}:`);
      expect(section, name).toContain('| option | type | default | description |');
    }
  });

  it('shows only examples the engine accepts', () => {
    const blocks = [...committed.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(blocks.length).toBe(Object.keys(GuardsSchema.shape).length + 2);
    for (const block of blocks) {
      const document = parse(block) as Record<string, unknown>;
      expect(() => parsePolicy({ version: 1, ...document }), block).not.toThrow();
    }
  });
});

describe('renderPolicyDocs', () => {
  const section = (properties: Record<string, SchemaNode>): SchemaNode => ({
    properties: {
      guards: {
        description: 'Guards.',
        properties: { demo: { description: 'A guard.', examples: [{ limit: 1 }], properties } },
      },
      rules: { description: 'Rules.', items: { examples: [{ name: 'r' }], properties: {} } },
    },
    examples: [{ version: 1 }],
  });

  it('refuses an option without a description, naming its dotted path', () => {
    const schema = section({
      limit: { type: 'integer', description: 'Most calls.' },
      window: { type: 'object', description: 'A window.', properties: { seconds: { type: 'number' } } },
    });
    expect(() => renderPolicyDocs(schema)).toThrow(UndocumentedOptionsError);
    expect(() => renderPolicyDocs(schema)).toThrow('policy options without a description: window.seconds');
  });

  it('refuses a guard without an example', () => {
    const schema = section({ limit: { type: 'integer', description: 'Most calls.' } });
    delete schema.properties?.['guards']?.properties?.['demo']?.examples;
    expect(() => renderPolicyDocs(schema)).toThrow('guards.demo (example)');
  });

  it('writes types the way a reader says them', () => {
    expect(typeOf({ type: 'integer', exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toBe(
      'integer > 0',
    );
    expect(typeOf({ type: 'array', minItems: 1, items: { enum: ['deny', 'ask'] } })).toBe(
      'non-empty list of one of deny, ask',
    );
    expect(typeOf({ type: 'object', additionalProperties: { type: 'number', minimum: 0 } })).toBe(
      'map of number ≥ 0',
    );
    expect(typeOf({ anyOf: [{ const: 'auto' }, { type: 'array', items: { type: 'string' } }] })).toBe(
      'auto or list of string',
    );
  });
});
