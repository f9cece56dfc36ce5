import type { ScanOptions } from '../policy/sensitive-data-schema.ts';
import { isPlainObject } from '../util/maybe-promise.ts';
import { leafPath } from '../util/walk-strings.ts';
import { createScanner, type Scanner } from './scanner.ts';

/** One thing that was found: its type and where (`to[0].address`; a key's own path ends in `{key}`). */
export interface RedactionFinding {
  /** What was found: a secret or PII type (`CREDIT_CARD`, `AWS_ACCESS_KEY`…) or `SENSITIVE_FIELD`. */
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

const MAX_DEPTH = 64;

/** `[REDACTED:TYPE]`, the marker a finding is replaced with. */
export const redactionMarker = (type: string) => `[REDACTED:${type}]`;

/**
 * Returns a copy of `value` with every secret and PII finding replaced by `[REDACTED:TYPE]`, and
 * the whole value of sensitive fields (`password`, `*_token`…) replaced. Use it on tool outputs
 * before they reach the model or a log.
 *
 * @example
 * redact({ note: 'card 4111 1111 1111 1111', password: 'hunter2' }).value
 * // { note: 'card [REDACTED:CREDIT_CARD]', password: '[REDACTED:SENSITIVE_FIELD]' }
 */
export function redact<T>(value: T, options: ScanOptions | Scanner = {}): RedactionResult<T> {
  const scanner = isScanner(options) ? options : createScanner(options);
  const findings: RedactionFinding[] = [];
  const result = walk(value, { scanner, findings, scanKeys: true, path: [] });
  return { value: (result === value ? clone(value) : result) as T, findings };
}

/**
 * What `redact` does, minus the copy when nothing was found: `value` is then the input itself.
 * For callers that only use the value when there are findings.
 */
export function redactIfFound<T>(value: T, scanner: Scanner): RedactionResult<T> {
  const findings: RedactionFinding[] = [];
  return { value: walk(value, { scanner, findings, scanKeys: true, path: [] }) as T, findings };
}

/** The findings `redact` would report, without building a copy. */
export function findSensitive(value: unknown, scanner: Scanner, scanKeys = true): RedactionFinding[] {
  const findings: RedactionFinding[] = [];
  walk(value, { scanner, findings, scanKeys, path: [] });
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
}

function found(state: Walk, type: string, key?: string): void {
  const path = leafPath(state.path);
  state.findings.push({
    type,
    path: key === undefined ? path : path === '' ? `${key}{key}` : `${path}.${key}{key}`,
  });
}

function redactText(text: string, state: Walk, key?: string): string {
  // A key is scanned on its own; a value with the name it is under (an item of a list, with the
  // list's), which can label what it holds (`phone: "0612345678"`).
  const findings =
    key === undefined ? state.scanner.scan(text, fieldOf(state.path)) : state.scanner.scan(text);
  if (findings.length === 0) return text;
  let out = '';
  let at = 0;
  for (const finding of findings) {
    found(state, finding.type, key);
    out += text.slice(at, finding.start) + redactionMarker(finding.type);
    at = finding.end;
  }
  return out + text.slice(at);
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
 */
function walk(value: unknown, state: Walk): unknown {
  if (typeof value === 'string') return redactText(value, state);
  if (value === null || typeof value !== 'object') return value;
  if (state.path.length >= MAX_DEPTH) {
    // Too deep to inspect: fail closed by treating the whole subtree as sensitive.
    found(state, 'UNSCANNED');
    return redactionMarker('UNSCANNED');
  }
  const { path } = state;
  if (Array.isArray(value)) {
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
      // Only what was walked is cloned: an item not yet walked may be too deep to copy.
      if (out === undefined && next !== value[i]) out = value.slice(0, i).map(clone);
      if (out !== undefined) out.push(next === value[i] ? clone(next) : next);
    }
    return out ?? value;
  }
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const field = state.scanner.sensitiveField(key);
    const original = value[key];
    const outKey = state.scanKeys ? redactText(key, state, key) : key;
    path.push(key);
    let next: unknown;
    if (field !== undefined && original !== null && original !== undefined && original !== '') {
      found(state, field);
      next = redactionMarker(field);
    } else next = walk(original, state);
    path.pop();
    if (out === undefined && (outKey !== key || next !== original)) {
      out = {};
      for (const before of keys.slice(0, i)) defineData(out, before, clone(value[before]));
    }
    if (out !== undefined) defineData(out, outKey, next === original ? clone(original) : next);
  }
  return out ?? value;
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
