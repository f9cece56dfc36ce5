import type { ReserveRequest, ReserveResult, SyncStateStore } from './state-store.ts';
import { parseTakeId, takeId } from './take-id.ts';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Clock in epoch ms (default `Date.now`); share the engine's fake clock in tests. */
  now?: () => number;
}

interface Counter {
  committed: number;
  held: number;
  expiresAt: number;
  holds: Set<string>;
}

interface Hold {
  key: string;
  amount: number;
  ttlMs: number;
  expiresAt: number;
}

const DEFAULT_HOLD_MS = 5 * 60_000;

/** The memory store answers synchronously; its types say so. */
export type MemoryStore = SyncStateStore;

/**
 * State in this process's memory: atomic because JavaScript runs one operation at a time, and
 * synchronous so guards on it never pay for a promise. Use `sqliteStore` or `redisStore` when
 * several processes share limits.
 *
 * @example
 * const engine = createEngine({ policy, store: memoryStore() });
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const now = options.now ?? Date.now;
  const counters = new Map<string, Counter>();
  const holds = new Map<string, Hold>();
  const values = new Map<string, { value: unknown; expiresAt: number }>();
  let operations = 0;
  // Hold ids only need to be unique within this store.
  let holdCount = 0;

  const counter = (key: string, at: number): Counter | undefined => {
    const entry = counters.get(key);
    if (entry && entry.expiresAt <= at && entry.held === 0) {
      counters.delete(key);
      return undefined;
    }
    if (entry && entry.expiresAt <= at) entry.committed = 0;
    return entry;
  };

  // Lazy expiry keeps every operation O(1); a sweep every few thousand operations bounds memory.
  const sweep = (at: number) => {
    if (++operations % 4096 !== 0) return;
    for (const [id, hold] of holds) if (hold.expiresAt <= at) drop(id, hold);
    for (const key of counters.keys()) counter(key, at);
    for (const [key, entry] of values) if (entry.expiresAt <= at) values.delete(key);
  };

  const drop = (id: string, hold: Hold) => {
    holds.delete(id);
    const entry = counters.get(hold.key);
    if (entry) {
      entry.held -= hold.amount;
      entry.holds.delete(id);
    }
  };

  const expireHolds = (key: string, at: number) => {
    const entry = counters.get(key);
    // Counters that only ever had takes (every built-in limit) have no holds to walk.
    if (!entry || entry.holds.size === 0) return;
    // Holds are kept in the order they were taken, which is their expiry order when they share a
    // hold time: stop at the first live one, so a key with many open holds costs O(expired).
    // (A hold with a shorter time behind a longer one waits for the sweep: counted longer, never less.)
    for (const id of entry.holds) {
      const hold = holds.get(id);
      if (hold && hold.expiresAt > at) break;
      if (hold) drop(id, hold);
      else entry.holds.delete(id);
    }
  };

  return {
    name: 'memory',
    increment(key, by, ttlMs) {
      const at = now();
      sweep(at);
      let entry = counter(key, at);
      if (!entry) {
        entry = { committed: 0, held: 0, expiresAt: at + ttlMs, holds: new Set() };
        counters.set(key, entry);
      } else if (entry.committed === 0 && entry.expiresAt <= at) entry.expiresAt = at + ttlMs;
      entry.committed += by;
      return entry.committed + entry.held;
    },
    get(key) {
      const entry = counter(key, now());
      return entry ? entry.committed + entry.held : 0;
    },
    reserve(request: ReserveRequest): ReserveResult {
      const at = now();
      sweep(at);
      expireHolds(request.key, at);
      let entry = counter(request.key, at);
      const used = entry ? entry.committed + entry.held : 0;
      if (used + request.amount > request.limit) return { ok: false, used };
      if (!entry) {
        entry = { committed: 0, held: 0, expiresAt: at + request.ttlMs, holds: new Set() };
        counters.set(request.key, entry);
      }
      if (request.mode === 'take') {
        if (entry.expiresAt <= at) entry.expiresAt = at + request.ttlMs;
        entry.committed += request.amount;
        return { ok: true, id: takeId(entry.expiresAt, request.amount, request.key), used };
      }
      entry.held += request.amount;
      holdCount += 1;
      const id = `h${holdCount.toString(36)}`;
      entry.holds.add(id);
      holds.set(id, {
        key: request.key,
        amount: request.amount,
        ttlMs: request.ttlMs,
        expiresAt: at + (request.holdMs ?? DEFAULT_HOLD_MS),
      });
      return { ok: true, id, used };
    },
    commit(id) {
      // A take counted when it was made; there is nothing to commit.
      if (id.startsWith('t:')) return;
      const hold = holds.get(id);
      if (!hold) return;
      const at = now();
      drop(id, hold);
      if (hold.expiresAt <= at) return;
      const entry = counters.get(hold.key);
      if (!entry) return;
      if (entry.expiresAt <= at) {
        entry.committed = 0;
        entry.expiresAt = at + hold.ttlMs;
      }
      entry.committed += hold.amount;
    },
    release(id) {
      const hold = holds.get(id);
      if (hold) drop(id, hold);
      const take = hold ? undefined : parseTakeId(id);
      if (!take) return;
      // Only while the window it went into lasts: a later window never saw it.
      const entry = counter(take.key, now());
      if (entry && entry.expiresAt === take.windowEnd)
        entry.committed = Math.max(0, entry.committed - take.amount);
    },
    getValue<T>(key: string) {
      const entry = values.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        values.delete(key);
        return undefined;
      }
      return structuredClone(entry.value) as T;
    },
    setValue(key, value, ttlMs) {
      values.set(key, {
        value: structuredClone(value),
        expiresAt: ttlMs === undefined ? Infinity : now() + ttlMs,
      });
    },
    deleteValue(key) {
      values.delete(key);
    },
    listValues<T>(prefix: string) {
      const at = now();
      const found: { key: string; value: T }[] = [];
      for (const [key, entry] of values) {
        if (key.startsWith(prefix) && entry.expiresAt > at)
          found.push({ key, value: structuredClone(entry.value) as T });
      }
      return found;
    },
  };
}
