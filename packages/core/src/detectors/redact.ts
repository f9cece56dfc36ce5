import type { ScanOptions } from '../policy/sensitive-data-schema.ts';
import { isPlainObject } from '../util/maybe-promise.ts';
import { MAX_ARGUMENT_DEPTH } from '../util/walk-strings.ts';
import { type PartVisitor, readParts } from './redact-parts.ts';
import { createScanner, pairValue, type Scanner } from './scanner.ts';

/**
 * One thing that was found: its type and where (`to[0].address`; a key's own path ends in
 * `{key}`). A key that holds a finding appears in paths in its redacted form
 * (`headers.[REDACTED:GITHUB_TOKEN]{key}`), so a path never carries a value.
 */
export interface RedactionFinding {
  /**
   * What was found: a secret or PII type (`CREDIT_CARD`, `AWS_ACCESS_KEY`…), `SENSITIVE_FIELD`, or
   * `UNSCANNED` for what could not be read or lay beyond the depth or work bound.
   */
  type: string;
  /** Where, as a path into the value (empty for the value itself). */
  path: string;
}

/** The redacted copy and what was found. The input is never changed. */
export interface RedactionResult<T> {
  /** The copy, with every finding replaced by its `[REDACTED:TYPE]` marker. */
  value: T;
  /** Every finding, in the order the value was walked. */
  findings: RedactionFinding[];
}

// A graph of shared references can hold exponentially more paths than it has objects (20 levels
// of `{ a: x, b: x }` reach a million leaves), and a scan is synchronous: no deadline can stop it.
// So one call reads at most this many values (objects and strings, keys included) and this many
// UTF-16 code units of text (32 MB), a few tens of milliseconds of scanning; what lies beyond
// is UNSCANNED, and the value holding it is replaced as a whole.
const MAX_VALUES = 100_000;
const MAX_TEXT = 16 * 1024 * 1024;
const UNSCANNED = '[REDACTED:UNSCANNED]';

/** `[REDACTED:TYPE]`, the marker a finding is replaced with. */
export const redactionMarker = (type: string) => `[REDACTED:${type}]`;

/**
 * Returns a copy of `value` with every secret and PII finding replaced by `[REDACTED:TYPE]`, and
 * the whole value of sensitive fields (`password`, `*_token`…) replaced. Use it on tool outputs
 * before they reach the model or a log.
 *
 * It reads what a tool can see: plain objects and arrays, and of other values what JSON
 * serialisation produces (`toJSON`'s result, a boxed string, a class instance's own enumerable
 * properties) as well as `Map` and `Set` entries and binary data as UTF-8 text, and integers of
 * 7 digits or more as their digits (a card or phone number sent as a number). Such a value that
 * holds a finding cannot be rewritten faithfully and is replaced as a whole by the marker of its
 * first finding. What cannot be read (a getter or `toJSON` that throws, a revoked proxy), nests
 * deeper than 64 levels or lies beyond 100,000 values or 16 Mi code units of text is reported as
 * `UNSCANNED` and replaced.
 *
 * @example
 * redact({ note: 'card 4111 1111 1111 1111', password: 'hunter2' }).value
 * // { note: 'card [REDACTED:CREDIT_CARD]', password: '[REDACTED:SENSITIVE_FIELD]' }
 */
export function redact<T>(value: T, options: ScanOptions | Scanner = {}): RedactionResult<T> {
  const scanner = isScanner(options) ? options : createScanner(options);
  const findings: RedactionFinding[] = [];
  const result = walk(value, start(scanner, findings, true));
  return { value: (result === value ? clone(value) : result) as T, findings };
}

/**
 * What `redact` does, minus the copy when nothing was found: `value` is then the input itself.
 * For callers that only use the value when there are findings.
 */
export function redactIfFound<T>(value: T, scanner: Scanner): RedactionResult<T> {
  const findings: RedactionFinding[] = [];
  return { value: walk(value, start(scanner, findings, true)) as T, findings };
}

/** The findings `redact` would report, without building a copy. */
export function findSensitive(value: unknown, scanner: Scanner, scanKeys = true): RedactionFinding[] {
  const findings: RedactionFinding[] = [];
  walk(value, start(scanner, findings, scanKeys));
  return findings;
}

function isScanner(options: ScanOptions | Scanner): options is Scanner {
  return typeof (options as Partial<Scanner>).scan === 'function';
}

interface Walk {
  scanner: Scanner;
  findings: RedactionFinding[];
  scanKeys: boolean;
  /** Where the walk is; grown and shrunk in place, turned into text only for a finding. */
  path: (string | number)[];
  /** Keys that hold a finding, with the redacted form a path shows instead. */
  shownKeys: Map<string, string> | undefined;
  /** Values and code units of text still to be read before the walk stops (`MAX_VALUES`). */
  values: number;
  text: number;
  /** Set once the work bound is reached: everything not yet read is UNSCANNED. */
  exhausted: boolean;
}

function start(scanner: Scanner, findings: RedactionFinding[], scanKeys: boolean): Walk {
  return {
    scanner,
    findings,
    scanKeys,
    path: [],
    shownKeys: undefined,
    values: MAX_VALUES,
    text: MAX_TEXT,
    exhausted: false,
  };
}

function found(state: Walk, type: string, ownKey?: string): void {
  const path = pathText(state);
  state.findings.push({
    type,
    path: ownKey === undefined ? path : path === '' ? `${ownKey}{key}` : `${path}.${ownKey}{key}`,
  });
}

/** `['to', 0, 'address']` → `to[0].address`, each key that holds a finding in its redacted form. */
function pathText(state: Walk): string {
  let out = '';
  for (const segment of state.path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const shown = shownKey(state, segment);
      out += out === '' ? shown : `.${shown}`;
    }
  }
  return out;
}

// Reasons, audit records and denial texts show paths, which must never carry a value: a secret
// used as a key is shown as its marker. Keys not scanned as such (`scanKeys: false`) are scanned
// here, only when a finding's path is written.
function shownKey(state: Walk, key: string): string {
  const known = state.shownKeys?.get(key);
  if (known !== undefined) return known;
  if (state.scanKeys) return key;
  const shown = replaceFindings(key, state.scanner.scan(key));
  remember(state, key, shown);
  return shown;
}

function remember(state: Walk, key: string, shown: string): void {
  if (state.shownKeys === undefined) state.shownKeys = new Map();
  state.shownKeys.set(key, shown);
}

function replaceFindings(text: string, findings: readonly { type: string; start: number; end: number }[]) {
  let out = '';
  let at = 0;
  for (const finding of findings) {
    out += text.slice(at, finding.start) + redactionMarker(finding.type);
    at = finding.end;
  }
  return out + text.slice(at);
}

/**
 * Counts a value and its text against the work bound. Past it, reports UNSCANNED once (where the
 * walk stopped) and returns false; the caller replaces what it was about to read.
 */
function spend(state: Walk, text: number): boolean {
  if (state.exhausted) return false;
  state.values--;
  state.text -= text;
  if (state.values >= 0 && state.text >= 0) return true;
  state.exhausted = true;
  found(state, 'UNSCANNED');
  return false;
}

function redactText(text: string, state: Walk): string {
  if (!spend(state, text.length)) return UNSCANNED;
  // A value is scanned with the name it is under (an item of a list, with the list's), which can
  // label what it holds (`phone: "0612345678"`).
  const findings = state.scanner.scan(text, fieldOf(state.path));
  if (findings.length === 0) return text;
  for (const finding of findings) found(state, finding.type);
  return replaceFindings(text, findings);
}

// The smallest integer that can hold a number worth finding: a 7-digit phone number.
const SMALLEST_FINDING = 1_000_000;

/**
 * An integer of 7 digits or more is read as its digits (`{ card: 4111111111111111 }`,
 * `{ ssn: 536221234 }`); one that holds a finding is replaced by the marker of its first, since
 * part of a number cannot be.
 */
function redactNumber(value: number | bigint, state: Walk): unknown {
  if (typeof value === 'number' && !(Number.isInteger(value) && Math.abs(value) >= SMALLEST_FINDING))
    return value;
  if (typeof value === 'bigint' && value < SMALLEST_FINDING && value > -SMALLEST_FINDING) return value;
  const text = String(value);
  if (!spend(state, text.length)) return UNSCANNED;
  const findings = state.scanner.scan(text, fieldOf(state.path));
  if (findings.length === 0) return value;
  for (const finding of findings) found(state, finding.type);
  return redactionMarker((findings[0] as { type: string }).type);
}

/** A key is scanned on its own; one that holds a finding is remembered for the paths below it. */
function redactKey(key: string, state: Walk): string {
  if (!spend(state, key.length)) return UNSCANNED;
  const findings = state.scanner.scan(key);
  if (findings.length === 0) return key;
  const shown = replaceFindings(key, findings);
  remember(state, key, shown);
  for (const finding of findings) found(state, finding.type, shown);
  return shown;
}

/** The nearest object key on a path, if any. */
function fieldOf(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

/**
 * Scans a value and returns it unchanged (the same reference) when nothing in it was redacted;
 * otherwise a redacted copy, in which the unchanged parts are copied too, so the copy shares
 * nothing mutable with the input. Most arguments hold nothing sensitive and cost no allocation.
 * `fromToJSON`: the value is what a `toJSON` returned, which JSON serialisation does not call
 * `toJSON` on again.
 */
function walk(value: unknown, state: Walk, fromToJSON = false): unknown {
  if (typeof value === 'string') return redactText(value, state);
  if (typeof value === 'number' || typeof value === 'bigint') return redactNumber(value, state);
  if (value === null || typeof value !== 'object') return value;
  if (state.path.length >= MAX_ARGUMENT_DEPTH) {
    // Too deep to inspect: fail closed by treating the whole subtree as sensitive.
    found(state, 'UNSCANNED');
    return UNSCANNED;
  }
  if (!spend(state, 0)) return UNSCANNED;
  const depth = state.path.length;
  try {
    if (Array.isArray(value)) return walkArray(value, state);
    if (isPlainObject(value)) return walkObject(value, state, fromToJSON);
    return walkOther(value, state, fromToJSON);
  } catch {
    // A getter, a `toJSON` or a proxy trap threw: what the tool would read is unknown, so the
    // value is treated as sensitive, as one nested too deep is.
    state.path.length = depth;
    found(state, 'UNSCANNED');
    return UNSCANNED;
  }
}

function walkArray(value: readonly unknown[], state: Walk): unknown {
  const { path } = state;
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    path.push(i);
    const option = i > 0 ? state.scanner.argumentValue?.(value, i) : undefined;
    let next: unknown;
    if (option !== undefined) {
      found(state, option);
      next = redactionMarker(option);
    } else next = walk(value[i], state);
    path.pop();
    // Past the work bound the rest of the list is unread: the list goes as a whole.
    if (state.exhausted) return UNSCANNED;
    // Only what was walked is cloned: an item not yet walked may be too deep to copy.
    if (out === undefined && next !== value[i]) out = value.slice(0, i).map(clone);
    if (out !== undefined) out.push(next === value[i] ? clone(next) : next);
  }
  return out ?? value;
}

function walkObject(value: Record<string, unknown>, state: Walk, fromToJSON: boolean): unknown {
  const { path } = state;
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  let toJSON = false;
  // A small object may be a name-value pair naming a sensitive field (`{ name: "password", value }`).
  const paired = keys.length <= 4 ? state.scanner.pairedField?.(value) : undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key === 'toJSON') toJSON = true;
    const field = paired !== undefined && pairValue(key) ? paired : state.scanner.sensitiveField(key);
    const original = value[key];
    const outKey = state.scanKeys ? redactKey(key, state) : key;
    path.push(key);
    let next: unknown;
    if (field !== undefined && original !== null && original !== undefined && original !== '') {
      found(state, field);
      next = redactionMarker(field);
    } else next = walk(original, state);
    path.pop();
    if (state.exhausted) return UNSCANNED;
    if (out === undefined && (outKey !== key || next !== original)) {
      out = {};
      for (const before of keys.slice(0, i)) defineData(out, before, clone(value[before]));
    }
    if (out !== undefined) defineData(out, outKey, next === original ? clone(original) : next);
  }
  // Serialised, the object is what its `toJSON` returns; that cannot be rewritten in place.
  if (toJSON && !fromToJSON && typeof value['toJSON'] === 'function') {
    const before = state.findings.length;
    walk((value['toJSON'] as (key: string) => unknown).call(value, jsonKey(state)), state, true);
    if (state.exhausted) return UNSCANNED;
    if (state.findings.length > before)
      return redactionMarker((state.findings[before] as RedactionFinding).type);
  }
  return out ?? value;
}

/**
 * A value that is neither an array nor a plain object: a class instance, a `Map`, a `Buffer`… Its
 * parts are scanned (`readParts`); one that holds a finding is replaced as a whole.
 */
function walkOther(value: object, state: Walk, fromToJSON: boolean): unknown {
  const before = state.findings.length;
  readParts(value, !fromToJSON, jsonKey(state), partVisitor(state));
  if (state.exhausted) return UNSCANNED;
  return state.findings.length > before
    ? redactionMarker((state.findings[before] as RedactionFinding).type)
    : value;
}

function partVisitor(state: Walk): PartVisitor {
  const { path } = state;
  return {
    entry(key, value) {
      if (state.scanKeys) redactKey(key, state);
      const field = state.scanner.sensitiveField(key);
      path.push(key);
      if (field !== undefined && value !== null && value !== undefined && value !== '') found(state, field);
      else walk(value, state);
      path.pop();
    },
    item(index, value) {
      path.push(index);
      walk(value, state);
      path.pop();
    },
    self(value, fromToJSON) {
      walk(value, state, fromToJSON);
    },
    bytes(bytes) {
      // Decoding costs as much as scanning: text past the bound is not decoded at all.
      if (bytes.length > state.text) spend(state, bytes.length);
      else walk(utf8.decode(bytes), state);
    },
  };
}

const utf8 = new TextDecoder();

/** The key JSON serialisation passes to `toJSON`: the property name or index, `''` at the top. */
function jsonKey(state: Walk): string {
  const last = state.path[state.path.length - 1];
  return last === undefined ? '' : String(last);
}

/** A deep copy of plain objects and arrays; anything else is kept as it is. */
function clone(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) defineData(out, key, clone(value[key]));
  return out;
}

// defineProperty: a "__proto__" key stays data.
function defineData(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
