/** One step of an argument path: an own property, an array index, or every element (`[*]`). */
export type PathSegment =
  | {
      /** An own property. */
      kind: 'key';
      /** Its name. */
      key: string;
    }
  | {
      /** An array element. */
      kind: 'index';
      /** Its position, from 0. */
      index: number;
    }
  | {
      /** Every element of an array (`[*]`). */
      kind: 'each';
    };

/** What {@link parseArgPath} answers: the path's segments, or why it is not a path. */
export type ParsedPath =
  | {
      /** The text is a path. */
      ok: true;
      /** Its steps, in order. */
      segments: PathSegment[];
    }
  | {
      /** The text is not a path. */
      ok: false;
      /** What is wrong with it, e.g. `unclosed "[" at 5`. */
      error: string;
    };

const identifier = /^[^.[\]]+/;

/**
 * Parses `amount`, `to.account`, `items[*].price`, `rows[0].id` or `headers["x-api-key"]`.
 *
 * @example
 * parseArgPath('items[*].price') // { ok: true, segments: [key items, each, key price] }
 */
export function parseArgPath(path: string): ParsedPath {
  const segments: PathSegment[] = [];
  let rest = path;
  let expectKey = true;
  while (rest.length > 0) {
    if (rest.startsWith('[')) {
      const close = bracketEnd(rest);
      if (close < 0) return { ok: false, error: `invalid path "${path}": unclosed "["` };
      const inner = rest.slice(1, close);
      if (inner === '*') segments.push({ kind: 'each' });
      else if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (/^(["']).*\1$/.test(inner)) segments.push({ kind: 'key', key: inner.slice(1, -1) });
      else
        return { ok: false, error: `invalid path "${path}": expected [n], [*] or ["key"], got [${inner}]` };
      rest = rest.slice(close + 1);
      expectKey = false;
      continue;
    }
    if (!expectKey) {
      if (!rest.startsWith('.'))
        return { ok: false, error: `invalid path "${path}": expected "." or "[" at "${rest}"` };
      rest = rest.slice(1);
    }
    const match = identifier.exec(rest);
    if (!match) return { ok: false, error: `invalid path "${path}": empty segment` };
    segments.push({ kind: 'key', key: match[0] });
    rest = rest.slice(match[0].length);
    expectKey = false;
  }
  if (segments.length === 0) return { ok: false, error: 'invalid path "": expected an argument name' };
  return { ok: true, segments };
}

function bracketEnd(text: string): number {
  const quote = text[1];
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 2);
    return end < 0 || text[end + 1] !== ']' ? -1 : end + 1;
  }
  return text.indexOf(']');
}

/**
 * Compiles a path into a function returning every value it reaches (several with `[*]`, none
 * when absent). Properties are looked up as own properties only, so `constructor` or
 * `__proto__` in a path never reach the prototype.
 */
export function compileArgPath(segments: readonly PathSegment[]): (args: unknown) => unknown[] {
  if (segments.length === 1 && segments[0]?.kind === 'key') {
    const key = segments[0].key;
    return (args) =>
      args !== null && typeof args === 'object' && Object.hasOwn(args, key)
        ? [(args as Record<string, unknown>)[key]]
        : [];
  }
  return (args) => {
    let current: unknown[] = [args];
    for (const segment of segments) {
      const next: unknown[] = [];
      for (const value of current) step(value, segment, next);
      if (next.length === 0) return next;
      current = next;
    }
    return current;
  };
}

function step(value: unknown, segment: PathSegment, out: unknown[]): void {
  if (value === null || typeof value !== 'object') return;
  if (segment.kind === 'each') {
    if (Array.isArray(value)) for (const item of value) out.push(item);
    return;
  }
  if (segment.kind === 'index') {
    if (Array.isArray(value) && segment.index < value.length) out.push(value[segment.index]);
    return;
  }
  if (Object.hasOwn(value, segment.key)) out.push((value as Record<string, unknown>)[segment.key]);
}
