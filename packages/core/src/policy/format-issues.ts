import type { z } from 'zod';
import type { PolicyIssue } from '../errors/policy-validation-error.ts';

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** Where a path of a parsed YAML / JSON document starts in its text (1-based), if it exists. */
export type SourceLocator = (path: readonly PropertyKey[]) =>
  | {
      /** 1-based line of the value at that path. */
      line: number;
      /** 1-based column of it. */
      column: number;
    }
  | undefined;

/** `['guards', 'scope', 'allow', 2]` → `guards.scope.allow[2]`. */
export function formatPath(path: readonly PathKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const name = String(key);
      out += /^[A-Za-z_$][\w$-]*$/.test(name)
        ? out === ''
          ? name
          : `.${name}`
        : `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

function received(issue: { input?: unknown }): string {
  if (!('input' in issue)) return '';
  const value = issue.input;
  if (value === undefined) return ', but it is missing';
  const shown = typeof value === 'string' && value.length <= 40 ? ` ${JSON.stringify(value)}` : '';
  return `, received ${typeName(value)}${shown}`;
}

/** One readable issue per problem, with the path it is at (`unrecognized_keys` gives one per key). */
export function flattenIssues(
  issues: readonly Issue[],
  base: readonly PathKey[] = [],
  schemaName = 'policy',
): { path: PathKey[]; message: string }[] {
  const out: { path: PathKey[]; message: string }[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    switch (issue.code) {
      case 'invalid_type':
        out.push({ path, message: `expected ${issue.expected}${received(issue)}` });
        break;
      case 'unrecognized_keys':
        for (const key of issue.keys)
          out.push({ path: [...path, key], message: `unknown key (not in the ${schemaName} schema)` });
        break;
      case 'invalid_value':
        out.push({
          path,
          message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}${received(issue)}`,
        });
        break;
      case 'invalid_union': {
        // Report the branch that got furthest into the value: its issues are the specific ones.
        const branches = issue.errors.map((branch) => flattenIssues(branch, path, schemaName));
        const depth = (branch: { path: PathKey[] }[]) => Math.max(0, ...branch.map((i) => i.path.length));
        const best = branches.reduce<{ path: PathKey[]; message: string }[] | undefined>(
          (a, b) => (a === undefined || depth(b) > depth(a) ? b : a),
          undefined,
        );
        if (best && depth(best) > path.length) out.push(...best);
        else out.push({ path, message: `${issue.message}${received(issue)}` });
        break;
      }
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}

/**
 * Formats zod issues as one readable issue per problem (`path`, `message`, and `line` / `column`
 * when a locator from {@link readYamlSource} is given). Of a union's branches, the one that got
 * deepest into the value is reported: its complaints are the specific ones. Exported so that
 * every document Portcullis reads (policy, proxy config, server config) reports errors alike.
 *
 * @example
 * const result = MySchema.safeParse(value, { reportInput: true });
 * if (!result.success) throw new Error(schemaIssues(result.error.issues, { locate }).map((i) => i.path).join());
 */
export function schemaIssues(
  issues: readonly Issue[],
  options: {
    /** Finds a path's line and column in the source text (from `readYamlSource`). */
    locate?: SourceLocator | undefined;
    /** The document's name in "unknown key (not in the … schema)" messages (default `policy`). */
    schemaName?: string;
  } = {},
): PolicyIssue[] {
  const { locate } = options;
  return flattenIssues(issues, [], options.schemaName).map(({ path, message }) => {
    const position = locate?.(path);
    return { path: formatPath(path), message, ...(position ?? {}) };
  });
}
