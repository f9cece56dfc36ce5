import { PolicyValidationError } from '../errors/policy-validation-error.ts';
import { formatPath, type SourceLocator, schemaIssues } from './format-issues.ts';
import { type Policy, type PolicyInput, PolicySchema } from './policy-schema.ts';
import { readYamlSource } from './yaml-source.ts';

const validated = new WeakSet<object>();

/** Options of {@link parsePolicy}. */
export interface ParsePolicyOptions {
  /** Name of the source (a file path), shown in errors. */
  source?: string;
}

/**
 * Validates a policy: an object, or YAML / JSON text. Throws `PolicyValidationError` naming every
 * bad path (with its line, for text). Returns the policy with defaults applied.
 *
 * @example
 * const policy = parsePolicy('version: 1\nguards:\n  scope: { deny: ["drop_*"] }');
 */
export function parsePolicy(value: unknown, options: ParsePolicyOptions = {}): Policy {
  if (typeof value === 'string') return parsePolicyText(value, options.source);
  if (value !== null && typeof value === 'object' && validated.has(value)) return value as Policy;
  return check(value, options.source);
}

/**
 * Declares a policy in TypeScript with completion and type checking; validates it like a file.
 *
 * @example
 * export default definePolicy({ version: 1, guards: { scope: { deny: ['drop_*'] } } });
 */
export function definePolicy(policy: PolicyInput): Policy {
  return check(policy, undefined);
}

function check(value: unknown, source: string | undefined, locate?: SourceLocator): Policy {
  const result = PolicySchema.safeParse(value, { reportInput: true });
  const protoKeys = findProtoKeys(value, [], []);
  if (!result.success || protoKeys.length > 0) {
    const issues = result.success ? [] : schemaIssues(result.error.issues, { locate });
    for (const path of protoKeys) {
      issues.push({
        path: formatPath(path),
        message: 'the key "__proto__" is not allowed',
        ...(locate?.(path.slice(0, -1)) ?? {}),
      });
    }
    throw new PolicyValidationError(issues, source);
  }
  validated.add(result.data);
  return result.data;
}

function parsePolicyText(text: string, source: string | undefined): Policy {
  const { value, locate, errors } = readYamlSource(text);
  if (errors.length > 0) throw new PolicyValidationError(errors, source);
  return check(value, source, locate);
}

/**
 * Paths of own `__proto__` keys anywhere in the document. Schema parsing drops such keys from maps
 * (copying them would replace a prototype), which would silently remove a condition or an
 * override, so they are refused instead.
 */
function findProtoKeys(value: unknown, path: PropertyKey[], found: PropertyKey[][]): PropertyKey[][] {
  if (value === null || typeof value !== 'object' || path.length > 64) return found;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) findProtoKeys(item, [...path, index], found);
    return found;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') found.push([...path, key]);
    else findProtoKeys((value as Record<string, unknown>)[key], [...path, key], found);
  }
  return found;
}
