import { z } from 'zod';
import { PolicySchema } from './policy-schema.ts';

/**
 * The JSON Schema of policy documents, generated from the zod schema (the single source of truth).
 * Point a YAML file at it with `# yaml-language-server: $schema=…/policy.schema.json`.
 */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(PolicySchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
    $id: 'https://portcullis.dev/policy.schema.json',
    title: 'Portcullis policy',
  };
}
