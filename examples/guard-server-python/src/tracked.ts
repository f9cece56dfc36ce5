/** JSON as the server sent it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const raws = new WeakMap<object, unknown>();

/**
 * A read-only view of a parsed JSON answer that writes down every field the client reads, as a
 * path (`verdict.args.amount`, `approvals[].tool`). The drift check compares the names with the
 * fields `agent.py` reads, and the paths with the server's OpenAPI document.
 *
 * @example
 * const reads = new Set<string>();
 * const answer = tracked({ status: 'execute', verdict: { id: 'v1' } }, reads);
 * answer['status']; // reads: { 'status' }
 */
export function tracked<T>(value: T, reads: Set<string>, path = ''): T {
  if (value === null || typeof value !== 'object') return value;
  const view = new Proxy(value as object, {
    get(target, key, receiver) {
      const field = Reflect.get(target, key, receiver) as unknown;
      if (typeof key === 'symbol') return field;
      if (Array.isArray(target)) {
        // Only elements are data; length, map, join… are the array's own machinery.
        return /^\d+$/.test(key) ? tracked(field, reads, `${path}[]`) : field;
      }
      // A missing field read is still a read (Python's `record.get('approver')`); the prototype's
      // methods are not, nor the probes `await` and `JSON.stringify` make.
      if (key === 'then' || key === 'toJSON' || (!Object.hasOwn(target, key) && key in target)) return field;
      const at = path === '' ? key : `${path}.${key}`;
      reads.add(at);
      return tracked(field, reads, at);
    },
    set: () => false,
    deleteProperty: () => false,
  });
  raws.set(view, value);
  return view as T;
}

/** The plain value behind a tracked view (for printing and assertions, which read nothing). */
export function untracked<T>(value: T): T {
  return (value !== null && typeof value === 'object' ? (raws.get(value) ?? value) : value) as T;
}

/**
 * Every key of every object in a request body, as paths (`context.args.amount`): the fields a
 * client sends.
 *
 * @example
 * sentPaths({ id: 'v1', outcome: 'executed' }); // ['id', 'outcome']
 */
export function sentPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => sentPaths(item, `${path}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, field]) => {
    const at = path === '' ? key : `${path}.${key}`;
    return [at, ...sentPaths(field, at)];
  });
}
