import { createEngine } from '../engine/create-engine.ts';
import type { StateStore } from '../state/state-store.ts';

/**
 * The concurrency proof every store backend must pass: fires `calls` concurrent $1 `pay` calls
 * against a $100 daily budget (`'budget'`) or a `perMinute: 50` limit (`'rate'`) and returns how
 * many executed. Run it from several processes sharing one store: the totals must be 100 and 50.
 *
 * @example
 * const executed = await spendRace({ store: sqliteStore({ path }), calls: 250, limit: 'budget' });
 */
export async function spendRace(options: {
  /** The store under test, shared with the other racing processes. */
  store: StateStore;
  /** How many calls this process fires at once. */
  calls: number;
  /** Which limit to race: the $100 daily budget or the 50-per-minute rate limit. */
  limit: 'budget' | 'rate';
  /**
   * The clock the engine reads. Give every racing process the same fixed time, so their calls
   * fall in one minute (and one day) however long the race takes: a race that straddles a
   * minute's end rightly lets 50 calls run in each minute.
   */
  now?: () => number;
}): Promise<number> {
  // The race is about atomicity, not latency: a generous deadline keeps a loaded machine (many
  // processes sharing few cores) from turning slow store round trips into guard_timeout denials.
  const defaults = { deadlineMs: 30_000 };
  const policy =
    options.limit === 'rate'
      ? { version: 1 as const, defaults, guards: { rateLimit: { perMinute: 50 } } }
      : { version: 1 as const, defaults, guards: { budget: { costs: { pay: 1 }, maxDailySpend: 100 } } };
  const engine = createEngine({ policy, store: options.store, ...(options.now ? { now: options.now } : {}) });
  let executed = 0;
  await Promise.all(
    Array.from({ length: options.calls }, (_, i) =>
      engine.run({ tool: 'pay', args: { i }, source: 'direct' }, async () => {
        executed += 1;
      }),
    ),
  );
  return executed;
}
