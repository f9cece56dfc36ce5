/**
 * Called for each string: its text, where it sits (`['to', 0, 'address']`; a key's own path ends
 * with the key) and whether it is a key. The path array is reused as the walk goes on: read it
 * during the call (`leafPath(path)`), copy it to keep it.
 */
export type VisitString = (value: string, path: readonly (string | number)[], isKey: boolean) => void;

/** How deep every guard reads into arguments; what lies deeper is denied, never skipped. */
export const MAX_ARGUMENT_DEPTH = 64;

/**
 * Visits every string in a value: object keys and string leaves of nested objects and arrays.
 * Depth is bounded so a hostile structure cannot exhaust the stack; what lies deeper is reported
 * through `onTooDeep` so a guard can fail closed. Nothing is allocated per string.
 */
export function walkStrings(
  value: unknown,
  visit: VisitString,
  onTooDeep?: (path: readonly (string | number)[]) => void,
): void {
  walk(value, [], visit, onTooDeep);
}

function walk(
  value: unknown,
  path: (string | number)[],
  visit: VisitString,
  onTooDeep: ((path: readonly (string | number)[]) => void) | undefined,
): void {
  if (typeof value === 'string') {
    visit(value, path, false);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (path.length >= MAX_ARGUMENT_DEPTH) {
    onTooDeep?.(path);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], path, visit, onTooDeep);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    visit(key, path, true);
    walk((value as Record<string, unknown>)[key], path, visit, onTooDeep);
    path.pop();
  }
}

/** `['to', 0, 'address']` → `to[0].address`. */
export function leafPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}
