/**
 * Test helpers for guards, adapters and applications built on Portcullis.
 *
 * @example
 * import { collectingSink, testContext } from '@portcullis/core/testing';
 */
import type { AuditRecord, AuditSink } from '../audit/audit-sink.ts';
import type { CallContext } from '../context.ts';
import type { Guard } from '../guard.ts';

/** A call context with defaults for everything but what the test cares about. */
export function testContext(overrides: Partial<CallContext> & { tool: string }): CallContext {
  return { args: {}, source: 'direct', ...overrides };
}

/** An audit sink that keeps records in memory, for assertions. */
export function collectingSink(): AuditSink & { readonly records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  return {
    name: 'collecting',
    records,
    write(record) {
      records.push(structuredClone(record));
    },
  };
}

/** A guard that never answers (it honours its abort signal), for deadline tests. */
export function hangingGuard(name = 'hanging'): Guard & { readonly aborted: () => boolean } {
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

/** A guard that throws the given error. */
export function throwingGuard(name = 'throwing', error: unknown = new Error('boom')): Guard {
  return {
    name,
    evaluate: () => {
      throw error;
    },
  };
}

/** A manual clock for time windows and counters. */
export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)): {
  now: () => number;
  advance(ms: number): void;
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
