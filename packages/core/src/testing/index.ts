/**
 * Test helpers for guards, adapters and applications built on Portcullis.
 *
 * @example
 * import { collectingSink, testContext } from '@portcullis/core/testing';
 *
 * @module @portcullis/core/testing
 */
import type { AuditRecord, AuditSink } from '../audit/audit-sink.ts';
import type { CallContext } from '../context.ts';
import type { Guard } from '../guard.ts';

/**
 * A call context with defaults for everything but what the test cares about.
 *
 * @example
 * const verdict = await engine.evaluate(testContext({ tool: 'refund', args: { amount: 50 } }));
 */
export function testContext(overrides: Partial<CallContext> & { tool: string }): CallContext {
  return { args: {}, source: 'direct', ...overrides };
}

/**
 * An audit sink that keeps records in memory, for assertions.
 *
 * @example
 * const audit = collectingSink();
 * const engine = createEngine({ policy, audit });
 * await engine.run(testContext({ tool: 'refund' }), refund);
 * expect(audit.records[0]?.outcome).toBe('executed');
 */
export function collectingSink(): AuditSink & {
  /** Every record written so far (copies), in order. */
  readonly records: AuditRecord[];
} {
  const records: AuditRecord[] = [];
  return {
    name: 'collecting',
    records,
    write(record) {
      records.push(structuredClone(record));
    },
  };
}

/**
 * A guard that never answers (it honours its abort signal), for deadline tests.
 *
 * @example
 * const guard = hangingGuard();
 * const verdict = await createEngine({ policy, guards: [guard] }).evaluate(testContext({ tool: 't' }));
 * // verdict.effect === 'deny', code guard_timeout; guard.aborted() === true
 */
export function hangingGuard(name = 'hanging'): Guard & {
  /** Whether the engine aborted the guard's signal (at its deadline). */
  readonly aborted: () => boolean;
} {
  let aborted = false;
  return {
    name,
    aborted: () => aborted,
    evaluate: (_ctx, env) =>
      new Promise<never>(() => {
        env.signal.addEventListener('abort', () => {
          aborted = true;
        });
      }),
  };
}

/**
 * A guard that throws the given error.
 *
 * @example
 * const engine = createEngine({ policy, guards: [throwingGuard()] });
 * // every call it applies to is denied with code guard_error
 */
export function throwingGuard(name = 'throwing', error: unknown = new Error('boom')): Guard {
  return {
    name,
    evaluate: () => {
      throw error;
    },
  };
}

/**
 * A manual clock for time windows and counters.
 *
 * @example
 * const clock = manualClock();
 * const engine = createEngine({ policy, now: clock.now });
 * clock.advance(60_000); // the next minute's rate-limit window
 */
export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)): {
  /** The current time, epoch ms: pass it as a `now` option. */
  now: () => number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Sets the clock to `epochMs`. */
  set(epochMs: number): void;
} {
  let time = start;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
    set(epochMs) {
      time = epochMs;
    },
  };
}

export { spendRace } from './spend-race.ts';
export { type StoreCase, storeConformance } from './store-conformance.ts';
