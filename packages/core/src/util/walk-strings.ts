/** Where a string sits in the arguments: a path like `to[0].address`, and whether it is a key. */
export interface StringLeaf {
  path: readonly (string | number)[];
  value: string;
  isKey: boolean;
}

const MAX_DEPTH = 64;

/**
 * Visits every string in a value: object keys and string leaves of nested objects and arrays.
 * Depth is bounded so a hostile structure cannot exhaust the stack; what lies deeper is reported
 * through `onTooDeep` so a guard can fail closed.
 */
export function walkStrings(
  value: unknown,
  visit: (leaf: StringLeaf) => void,
  onTooDeep?: (path: readonly (string | number)[]) => void,
): void {
  walk(value, [], visit, onTooDeep);
}

function walk(
  value: unknown,
  path: (string | number)[],
  visit: (leaf: StringLeaf) => void,
  onTooDeep: ((path: readonly (string | number)[]) => void) | undefined,
): void {
  if (typeof value === 'string') {
    visit({ path, value, isKey: false });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (path.length >= MAX_DEPTH) {
    onTooDeep?.(path);
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], [...path, i], visit, onTooDeep);
    return;
  }
  for (const key of Object.keys(value)) {
    const childPath = [...path, key];
    visit({ path: childPath, value: key, isKey: true });
    walk((value as Record<string, unknown>)[key], childPath, visit, onTooDeep);
  }
}

/** `['to', 0, 'address']` → `to[0].address`. */
export function leafPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}
