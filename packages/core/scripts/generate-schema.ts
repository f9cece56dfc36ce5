// Writes policy.schema.json and docs/policy.md from the zod schema. The tests fail when either is stale.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyJsonSchema } from '../src/policy/policy-json-schema.ts';
import { renderPolicyDocs, type SchemaNode } from './render-policy-docs.ts';

const schema = policyJsonSchema();
const schemaFile = fileURLToPath(new URL('../policy.schema.json', import.meta.url));
const docsFile = fileURLToPath(new URL('../../../docs/policy.md', import.meta.url));
writeFileSync(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);
writeFileSync(docsFile, renderPolicyDocs(schema as SchemaNode));
console.log(`wrote ${schemaFile}\nwrote ${docsFile}`);
