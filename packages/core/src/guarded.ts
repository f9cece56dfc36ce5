import type { CallContext, CallSource, Principal, ToolHints } from './context.ts';
import type { PolicyEngine } from './engine/engine-types.ts';
import { ToolCallDeniedError } from './errors/tool-call-denied-error.ts';

/** Options of {@link guarded}. */
export interface GuardedOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Who is acting (fixed for this wrapper). */
  principal?: Principal;
  /** Tool annotations. */
  hints?: ToolHints;
  /** Reported source (default `direct`). */
  source?: CallSource;
}

/**
 * Wraps a plain async function as a guarded tool: each call is judged first and runs with the
 * verdict's arguments; a call that does not run throws `ToolCallDeniedError` carrying the verdict.
 *
 * @example
 * const refund = guarded('refund', async (args) => payments.refund(args), { engine });
 * await refund({ amount: 50 });   // runs
 * await refund({ amount: 5000 }); // throws ToolCallDeniedError
 */
export function guarded<A extends Record<string, unknown>, R>(
  tool: string,
  fn: (args: A) => R | Promise<R>,
  options: GuardedOptions,
): (args: A) => Promise<R> {
  const { engine, principal, hints, source = 'direct' } = options;
  return async (args: A) => {
    const ctx: CallContext = { tool, args, source, principal, hints };
    const result = await engine.run(ctx, (finalArgs) => fn(finalArgs as A));
    if (result.outcome !== 'executed') throw new ToolCallDeniedError(tool, result.verdict, result.outcome);
    return result.result;
  };
}
