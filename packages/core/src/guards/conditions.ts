import { PortcullisError } from '../errors/portcullis-error.ts';
import type { Condition, ConditionOps } from '../policy/condition-schema.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { MAX_ARGUMENT_DEPTH } from '../util/walk-strings.ts';
import { compileArgPath, parseArgPath } from './arg-path.ts';

/** A compiled `when` entry: does it hold for these args, and a sentence saying why. */
export interface CompiledCondition {
  path: string;
  test(args: Record<string, unknown>): boolean;
  describe(args: Record<string, unknown>): string;
}

type ValueTest = (value: unknown) => boolean;

/**
 * Numbers as a comparison sees them. Models often write amounts as strings ("1500"); a numeric
 * string compares as its number so `{ gt: 1000 }` cannot be sidestepped by quoting.
 */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string') {
    let trimmed = value.trim().replace(/^([+-]?)\$/, '$1');
    // "1,500.00" is a thousands-grouped number; "1,5" is not read as anything.
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(trimmed)) trimmed = trimmed.replaceAll(',', '');
    if (trimmed === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed)) return undefined;
    return Number(trimmed);
  }
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

function equals(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number') return toNumber(actual) === expected;
  if (expected === null || typeof expected !== 'object') return actual === expected;
  return canonicalJson(actual) === canonicalJson(expected);
}

/**
 * Every key and scalar of a value, as text. Deeper than MAX_ARGUMENT_DEPTH the words cannot be shown
 * absent, whatever the rule decides, so it throws and the rules guard fails closed.
 */
function stringLeaves(value: unknown, out: string[], depth = 0): string[] {
  if (depth > MAX_ARGUMENT_DEPTH) {
    throw new PortcullisError({
      code: 'arguments_too_deep',
      message: `containsAny: the arguments nest deeper than ${MAX_ARGUMENT_DEPTH} levels`,
    });
  }
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) stringLeaves(item, out, depth + 1);
  else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      out.push(key);
      stringLeaves((value as Record<string, unknown>)[key], out, depth + 1);
    }
  }
  return out;
}

function compileOps(ops: ConditionOps): ValueTest[] {
  const tests: ValueTest[] = [];
  if ('eq' in ops) tests.push((v) => equals(v, ops.eq));
  if ('ne' in ops) tests.push((v) => !equals(v, ops.ne));
  const numeric = (limit: number | undefined, cmp: (a: number, b: number) => boolean) => {
    if (limit === undefined) return;
    tests.push((v) => {
      const n = toNumber(v);
      return n !== undefined && cmp(n, limit);
    });
  };
  numeric(ops.gt, (a, b) => a > b);
  numeric(ops.gte, (a, b) => a >= b);
  numeric(ops.lt, (a, b) => a < b);
  numeric(ops.lte, (a, b) => a <= b);
  if (ops.in) {
    const list = ops.in;
    tests.push((v) => list.some((item) => equals(v, item)));
  }
  if (ops.notIn) {
    const list = ops.notIn;
    tests.push((v) => !list.some((item) => equals(v, item)));
  }
  if (ops.matches !== undefined) {
    const regex = new RegExp(ops.matches, 'u');
    tests.push((v) => (typeof v === 'string' || typeof v === 'number') && regex.test(String(v)));
  }
  if (ops.contains !== undefined) {
    const needle = ops.contains;
    tests.push((v) =>
      Array.isArray(v)
        ? v.some((item) => equals(item, needle))
        : typeof v === 'string' && v.includes(String(needle)),
    );
  }
  if (ops.containsAny) {
    const words = ops.containsAny.map((word) => word.toLowerCase());
    tests.push((v) =>
      stringLeaves(v, []).some((text) => {
        const lower = text.toLowerCase();
        return words.some((word) => lower.includes(word));
      }),
    );
  }
  return tests;
}

/**
 * Compiles one `when` entry. A path that reaches several values (`items[*].price`) holds when any
 * value passes every test; `exists: false` holds when no value is present. Absent paths fail
 * every test but `exists: false`.
 */
export function compileCondition(path: string, condition: Condition): CompiledCondition {
  const parsed = parseArgPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  const read = compileArgPath(parsed.segments);
  const ops: ConditionOps =
    condition !== null && typeof condition === 'object' ? condition : { eq: condition };
  const tests = compileOps(ops);
  const exists = ops.exists;
  const valueHolds = (value: unknown) => tests.every((test) => test(value));
  const test = (args: Record<string, unknown>): boolean => {
    const values = read(args);
    if (exists === false) return values.length === 0;
    if (values.length === 0) return false;
    return tests.length === 0 || values.some(valueHolds);
  };
  const expectation = canonicalJson(ops);
  return {
    path,
    test,
    describe(args) {
      const values = read(args);
      const shown = values.length === 0 ? 'absent' : values.map((v) => canonicalJson(v)).join(', ');
      return `${path} ${expectation}: ${test(args) ? 'holds' : 'does not hold'} (value: ${shown})`;
    },
  };
}
