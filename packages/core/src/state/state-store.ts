import type { Awaitable } from '../util/maybe-promise.ts';

/** Asks to take `amount` of a limited quantity, atomically with the check. */
export interface ReserveRequest {
  /** The counter, e.g. `budget:daily:2026-11-21`. */
  key: string;
  /** How much this call takes. */
  amount: number;
  /** The limit the counter (committed + held) may not exceed. */
  limit: number;
  /** How long a committed amount counts (the window), ms. */
  ttlMs: number;
  /** How long an unsettled reservation is held before it is released by itself, ms (default 5 min). */
  holdMs?: number | undefined;
  /**
   * `hold` (default): the amount is kept apart until `commit` counts it or `release` drops it, and
   * a hold nobody settles is released by itself after `holdMs`. `take`: the amount counts at once,
   * as if committed, so `commit` has nothing to do and `release` gives it back (within the same
   * window). For counters where a call that was never settled should still count, such as rate
   * windows; a store that does not know `take` may hold instead, which is also correct.
   */
  mode?: 'hold' | 'take' | undefined;
}

/** The answer to a reservation: `used` is the counter (committed + held) before this request. */
export type ReserveResult =
  | {
      /** The amount is held. */
      ok: true;
      /** The reservation's id, to `commit` or `release` it by. */
      id: string;
      /** The counter (committed + held) before this request. */
      used: number;
    }
  | {
      /** The limit would be exceeded: nothing was held. */
      ok: false;
      /** The counter (committed + held) at the time of the request. */
      used: number;
    };

/**
 * Where guards keep shared state. Every operation is atomic: a reservation checks and takes in one
 * step, so concurrent calls can never together exceed a limit. Methods may answer synchronously
 * (the memory store does) or with a promise (SQLite, Redis). A backend that cannot answer throws
 * `StoreUnavailableError`; guards turn that into a deny.
 *
 * @example
 * const r = await store.reserve({ key: 'spend:day', amount: 1, limit: 100, ttlMs: 86_400_000 });
 * if (r.ok) await store.commit(r.id);
 */
export interface StateStore {
  /** Name shown in errors and the audit. */
  readonly name: string;
  /** Adds `by` to a counter that expires `ttlMs` after its creation; returns the new value. */
  increment(key: string, by: number, ttlMs: number): Awaitable<number>;
  /** The counter's value (committed plus held reservations), 0 when absent. */
  get(key: string): Awaitable<number>;
  /** Checks `used + amount <= limit` and holds `amount`, atomically. */
  reserve(request: ReserveRequest): Awaitable<ReserveResult>;
  /** Turns a held reservation into a committed amount. Unknown or expired ids, and takes, are ignored. */
  commit(id: string): Awaitable<void>;
  /** Drops a held reservation, or gives a take back while its window lasts. Unknown ids are ignored. */
  release(id: string): Awaitable<void>;
  /** Reads a stored JSON value. */
  getValue<T = unknown>(key: string): Awaitable<T | undefined>;
  /** Stores a JSON value, optionally expiring. */
  setValue(key: string, value: unknown, ttlMs?: number): Awaitable<void>;
  /** Removes a stored value. */
  deleteValue(key: string): Awaitable<void>;
  /** Every live stored value whose key starts with `prefix` (e.g. pending approvals). */
  listValues<T = unknown>(
    prefix: string,
  ): Awaitable<
    {
      /** The full key. */
      key: string;
      /** The stored value. */
      value: T;
    }[]
  >;
  /** Releases connections and timers. */
  close?(): Awaitable<void>;
}

/** A store that answers synchronously (memory, SQLite): guards on it never pay for a promise. */
export interface SyncStateStore extends StateStore {
  increment(key: string, by: number, ttlMs: number): number;
  get(key: string): number;
  reserve(request: ReserveRequest): ReserveResult;
  commit(id: string): void;
  release(id: string): void;
  getValue<T = unknown>(key: string): T | undefined;
  setValue(key: string, value: unknown, ttlMs?: number): void;
  deleteValue(key: string): void;
  listValues<T = unknown>(
    prefix: string,
  ): {
    /** The full key. */
    key: string;
    /** The stored value. */
    value: T;
  }[];
}
