import { hash } from 'node:crypto';

/**
 * Serialises a value deterministically: object keys sorted, numbers in JSON's shortest form
 * (`1.0` and `1` are the same), `undefined` members dropped, cycles replaced by `"[Circular]"`.
 * Two calls with the same arguments in any key order get the same string, so the same hash.
 *
 * @example
 * canonicalJson({ b: 1, a: [2.0, 'x'] }) // '{"a":[2,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, []);
}

/**
 * SHA-256 (hex) of {@link canonicalJson}.
 *
 * @example
 * canonicalHash({ b: 1, a: 2 }) === canonicalHash({ a: 2, b: 1 }) // true
 */
export function canonicalHash(value: unknown): string {
  return sha256(canonicalJson(value));
}

/** SHA-256 of a UTF-8 string, hex-encoded. */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

// Hot path (rate-limit signatures, audit hashes, modify merges): plain loops and string
// concatenation, and cycle detection on the current path only (an array, since paths are short).
function write(value: unknown, path: object[]): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // JSON has no NaN or Infinity; -0 and 0 are one number.
      return Number.isFinite(value) ? (value === 0 ? '0' : JSON.stringify(value)) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'null';
  }
  if (value === null) return 'null';
  const object = value as object;
  if (path.includes(object)) return '"[Circular]"';
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return write((object as { toJSON(): unknown }).toJSON(), path);
  }
  path.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) out += (i === 0 ? '' : ',') + write(object[i], path);
    out += ']';
  } else {
    const record = object as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out = '{';
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${write(member, path)}`;
      first = false;
    }
    out += '}';
  }
  path.pop();
  return out;
}
