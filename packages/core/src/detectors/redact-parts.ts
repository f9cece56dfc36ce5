/**
 * Receives what a tool can read of a value that is not plain data (see {@link readParts}).
 */
export interface PartVisitor {
  /** A part under a string key: an own enumerable property, or an entry of a `Map`. */
  entry(key: string, value: unknown): void;
  /** A part under an index: an item of a `Set`, or a `Map` entry whose key is not a string. */
  item(index: number, value: unknown): void;
  /** A part at the value's own place: what `toJSON` returns, a boxed string's text. */
  self(value: unknown, fromToJSON: boolean): void;
  /** The bytes of a typed array, `Buffer`, `DataView` or `ArrayBuffer`. */
  bytes(bytes: Uint8Array): void;
}

// A method of a built-in prototype throws when called on anything but its own kind, across
// realms too and whatever `Symbol.toStringTag` claims, where `instanceof` can be fooled.
function hasBrand(method: (this: never) => unknown, value: object): boolean {
  try {
    method.call(value as never);
    return true;
  } catch {
    return false;
  }
}

const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, 'size')?.get as (this: never) => unknown;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size')?.get as (this: never) => unknown;
const bufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'byteLength')?.get as (
  this: never,
) => unknown;
const stringValue = String.prototype.valueOf as (this: never) => unknown;

/**
 * Hands `visit` every part of `value` (an object that is neither an array nor a plain object)
 * that a tool can read: what JSON serialisation produces (`toJSON`'s result, unless `useToJSON`
 * is false because `value` is itself one; a boxed string's text; own enumerable properties), and
 * the entries of a `Map` or `Set` and the bytes of binary data, which serialise to little or
 * nothing but which a tool in the same process reads directly. Whatever throws (a getter,
 * `toJSON`, a revoked proxy) propagates: the caller cannot know what the tool would read.
 *
 * @example
 * readParts(new Map([['to', 'jane@example.com']]), true, '', visitor); // visitor.entry('to', 'jane@…')
 */
export function readParts(value: object, useToJSON: boolean, key: string, visit: PartVisitor): void {
  if (ArrayBuffer.isView(value)) {
    visit.bytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return;
  }
  if (hasBrand(bufferLength, value)) {
    visit.bytes(new Uint8Array(value as ArrayBuffer));
    return;
  }
  if (hasBrand(mapSize, value)) {
    let index = 0;
    for (const [k, v] of Map.prototype.entries.call(value as Map<unknown, unknown>)) {
      if (typeof k === 'string') visit.entry(k, v);
      else {
        visit.item(index, k);
        visit.item(index, v);
      }
      index++;
    }
    return;
  }
  if (hasBrand(setSize, value)) {
    let index = 0;
    for (const item of Set.prototype.values.call(value as Set<unknown>)) visit.item(index++, item);
    return;
  }
  if (hasBrand(stringValue, value)) {
    // Its own keys are the indexes of its characters; the text is read whole.
    visit.self(String.prototype.valueOf.call(value), false);
    return;
  }
  if (useToJSON) {
    const toJSON: unknown = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') visit.self(toJSON.call(value, key), true);
  }
  // A `URL` serialises through `toJSON`; `URLSearchParams` only as its text.
  if (typeof URLSearchParams === 'function' && value instanceof URLSearchParams)
    visit.self(String(value), false);
  for (const name of Object.keys(value)) visit.entry(name, (value as Record<string, unknown>)[name]);
}
