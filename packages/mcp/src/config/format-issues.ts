import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

/** One readable problem and the path it is at. */
export interface FlatIssue {
  path: Key[];
  message: string;
}

/** `['servers', 'docs', 'args', 0]` → `servers.docs.args[0]`. */
export function formatPath(path: readonly Key[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (!/^[A-Za-z_$][\w$-]*$/.test(name)) return `[${JSON.stringify(name)}]`;
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

function describe(value: unknown): string {
  if (value === undefined) return ', but it is missing';
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const shown = typeof value === 'string' && value.length <= 40 ? ` ${JSON.stringify(value)}` : '';
  return `, received ${type}${shown}`;
}

const received = (issue: { input?: unknown }) => ('input' in issue ? describe(issue.input) : '');

/**
 * zod issues as one line per problem. Of a union's branches, the one that got deepest into the
 * value is reported: its complaints are the specific ones ("servers.x.url: expected a URL"
 * rather than "no union branch matched").
 */
export function flattenIssues(issues: readonly Issue[], base: readonly Key[] = []): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_type') {
      out.push({ path, message: `expected ${issue.expected}${received(issue)}` });
    } else if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: 'unknown key' });
    } else if (issue.code === 'invalid_value') {
      const values = issue.values.map((v) => JSON.stringify(v)).join(' | ');
      out.push({ path, message: `expected ${values}${received(issue)}` });
    } else if (issue.code === 'invalid_union') {
      const depth = (branch: FlatIssue[]) => Math.max(0, ...branch.map((i) => i.path.length));
      let best: FlatIssue[] | undefined;
      for (const branch of issue.errors.map((errors) => flattenIssues(errors, path))) {
        if (best === undefined || depth(branch) > depth(best)) best = branch;
      }
      if (best && depth(best) > path.length) out.push(...best);
      else out.push({ path, message: `${issue.message}${received(issue)}` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}
