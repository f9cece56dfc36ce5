import { compileArgPath, parseArgPath } from './arg-path.ts';
import { toNumber } from './conditions.ts';

/**
 * Compiles a policy-validated argument path into a reader of its first value (undefined when
 * absent). Paths are validated by the schema, so a parse failure here is a programming error.
 */
export function argReader(path: string): (args: Record<string, unknown>) => unknown {
  const parsed = parseArgPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  const read = compileArgPath(parsed.segments);
  return (args) => read(args)[0];
}

/** Like {@link argReader} but returns every value the path reaches. */
export function argValues(path: string): (args: Record<string, unknown>) => unknown[] {
  const parsed = parseArgPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return compileArgPath(parsed.segments);
}

/** What {@link argAmount} reads: the sum of every value, or the first value that is not an amount. */
export type ArgAmount =
  | {
      /** Every value the path reaches is a non-negative finite number. */
      ok: true;
      /** Their sum. */
      amount: number;
      /** How many values were summed; 0 when the path reaches nothing. */
      count: number;
    }
  | {
      /** A value is not a non-negative finite number (or the sum is not finite). */
      ok: false;
      /** The first such value. */
      value: unknown;
    };

/**
 * Compiles a path into a reader of the amount a call names: with `[*]` a path reaches several
 * values (`items[*].price`), and the call costs their sum, so every one of them must be a valid
 * amount. Reading only the first would let every later item through unpriced.
 *
 * @example
 * argAmount('items[*].price')({ items: [{ price: 1 }, { price: '2.50' }] }) // { ok: true, amount: 3.5, count: 2 }
 */
export function argAmount(path: string): (args: Record<string, unknown>) => ArgAmount {
  const read = argValues(path);
  return (args) => {
    const values = read(args);
    let amount = 0;
    for (const value of values) {
      const n = toNumber(value);
      if (n === undefined || n < 0 || !Number.isFinite(n)) return { ok: false, value };
      amount += n;
    }
    // Many huge values can add up to Infinity, which no limit could be compared with.
    if (!Number.isFinite(amount)) return { ok: false, value: amount };
    return { ok: true, amount, count: values.length };
  };
}

/**
 * Turns an amount into integer counting units (`units` per 1), rounding up: a positive amount
 * never counts as zero, so many tiny amounts cannot pass a limit uncounted. Products that only
 * miss an integer by floating-point error (0.1 × 100) count as that integer.
 *
 * @example
 * amountToUnits(0.004, 100) // 1
 * amountToUnits(0.1, 100) // 10
 */
export function amountToUnits(amount: number, units: number): number {
  const exact = amount * units;
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) <= 1e-9 * Math.max(1, Math.abs(exact)) ? nearest : Math.ceil(exact);
}

/**
 * Turns a limit into integer counting units, rounding down, so a limit never grows by rounding.
 *
 * @example
 * limitToUnits(1.005, 100) // 100
 */
export function limitToUnits(limit: number, units: number): number {
  const exact = limit * units;
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) <= 1e-9 * Math.max(1, Math.abs(exact)) ? nearest : Math.floor(exact);
}
