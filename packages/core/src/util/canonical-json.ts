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
  return write(value, [], quoted);
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

/**
 * SHA-256 (hex) of a value that two values share exactly when their {@link canonicalJson} is the
 * same, computed without escaping strings into JSON: each string goes in as its length and its
 * text, which is as unambiguous and several times cheaper on long arguments. For equality tests
 * (the rate limiter's identical-call key); where the hash is a published record (audit), use
 * {@link canonicalHash}.
 *
 * @example
 * canonicalDigest({ b: 1, a: 2 }) === canonicalDigest({ a: 2, b: 1.0 }) // true
 */
export function canonicalDigest(value: unknown): string {
  return sha256(write(value, [], lengthPrefixed));
}

/** SHA-256 of a UTF-8 string, hex-encoded. */
export function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

type Encode = (text: string) => string;

const quoted: Encode = (text) => JSON.stringify(text);

// `"` + length + `:` + the text, read back without ambiguity. UTF-8 (what the hash sees) turns
// every lone surrogate into U+FFFD, so text holding one goes in JSON-escaped, after a `'`.
const lengthPrefixed: Encode = (text) =>
  text.isWellFormed() ? `"${text.length}:${text}` : `'${JSON.stringify(text)}`;

// Hot path (rate-limit signatures, audit hashes, modify merges): plain loops and string
// concatenation, and cycle detection on the current path only (an array, since paths are short).
function write(value: unknown, path: object[], encode: Encode): string {
  switch (typeof value) {
    case 'string':
      return encode(value);
    case 'number':
      // JSON has no NaN or Infinity; -0 and 0 are one number.
      return Number.isFinite(value) ? (value === 0 ? '0' : JSON.stringify(value)) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return encode(value.toString());
    case 'undefined':
    case 'function':
    case 'symbol':
      return 'null';
  }
  if (value === null) return 'null';
  const object = value as object;
  if (path.includes(object)) return encode('[Circular]');
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    return write((object as { toJSON(): unknown }).toJSON(), path, encode);
  }
  path.push(object);
  let out: string;
  if (Array.isArray(object)) {
    out = '[';
    for (let i = 0; i < object.length; i++) out += (i === 0 ? '' : ',') + write(object[i], path, encode);
    out += ']';
  } else {
    const record = object as Record<string, unknown>;
    const keys = sortedKeys(record);
    out = '{';
    let first = true;
    for (const key of keys) {
      const member = record[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      out += `${first ? '' : ','}${encode(key)}:${write(member, path, encode)}`;
      first = false;
    }
    out += '}';
  }
  path.pop();
  return out;
}

/**
 * The keys in `Array#sort` order (UTF-16 code units). Argument objects have a few keys, which an
 * insertion sort orders in place; `Array#sort` allocates a work copy on every call.
 */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}
