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
  const result = walk(value, [], { scanner, findings, scanKeys: true, copy: true });
  return { value: result as T, findings };
}

/** The findings `redact` would report, without building a copy. */
export function findSensitive(value: unknown, scanner: Scanner, scanKeys = true): RedactionFinding[] {
  const findings: RedactionFinding[] = [];
  walk(value, [], { scanner, findings, scanKeys, copy: false });
  return findings;
}

function isScanner(options: ScanOptions | Scanner): options is Scanner {
  return typeof (options as Partial<Scanner>).scan === 'function';
}

interface Walk {
  scanner: Scanner;
  findings: RedactionFinding[];
  scanKeys: boolean;
  copy: boolean;
}

function redactText(text: string, path: (string | number)[], state: Walk): string {
  const found = state.scanner.scan(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const finding of found) {
    state.findings.push({ type: finding.type, path: leafPath(path) });
    out += text.slice(at, finding.start) + redactionMarker(finding.type);
    at = finding.end;
  }
  return out + text.slice(at);
}

function walk(value: unknown, path: (string | number)[], state: Walk): unknown {
  if (typeof value === 'string') return redactText(value, path, state);
  if (value === null || typeof value !== 'object') return value;
  if (path.length >= MAX_DEPTH) {
    // Too deep to inspect: fail closed by treating the whole subtree as sensitive.
    state.findings.push({ type: 'UNSCANNED', path: leafPath(path) });
    return redactionMarker('UNSCANNED');
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i], state));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = [...path, key];
    const field = state.scanner.sensitiveField(key);
    const original = value[key];
    const outKey = state.scanKeys ? redactText(key, [...path, `${key}{key}`], state) : key;
    let next: unknown;
    if (field !== undefined && original !== null && original !== undefined && original !== '') {
      state.findings.push({ type: field, path: leafPath(child) });
      next = redactionMarker(field);
    } else next = walk(original, child, state);
    // defineProperty: a "__proto__" key stays data.
    if (state.copy)
      Object.defineProperty(out, outKey, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return state.copy ? out : value;
}
