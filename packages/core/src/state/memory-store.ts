import type { ReserveRequest, ReserveResult, SyncStateStore } from './state-store.ts';
import { parseTakeId, takeId } from './take-id.ts';

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Clock in epoch ms (default `Date.now`); share the engine's fake clock in tests. */
  now?: () => number;
}

interface Counter {
  key: string;
  committed: number;
  held: number;
  expiresAt: number;
  holds: Set<string>;
}

interface Hold {
  id: string;
  key: string;
  amount: number;
  ttlMs: number;
  expiresAt: number;
}

const DEFAULT_HOLD_MS = 5 * 60_000;
// Every SWEEP_EVERY operations the sweep looks at up to SWEEP_VISITS entries of each map, going on
// where it stopped: two entries per operation, more than the one an operation can add, so expired
// entries are always found, and no operation waits for a whole map (a million counters took
// 0.3 s to walk at once).
const SWEEP_EVERY = 64;
const SWEEP_VISITS = 128;

/** How many entries a memory store holds, expired ones not yet dropped included. */
export interface MemoryStoreSize {
  /** Counters: limit windows, spend totals. */
  counters: number;
  /** Open holds (reservations not yet committed or released). */
  holds: number;
  /** Stored values (approval requests, call sequences, cooldowns). */
  values: number;
}

/** The memory store answers synchronously; its types say so. */
export interface MemoryStore extends SyncStateStore {
  /** How many counters, holds and values it keeps (for a gauge, or to see memory stay bounded). */
  size(): MemoryStoreSize;
}

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
  const values = new Map<string, { key: string; value: unknown; expiresAt: number }>();
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

  // Lazy expiry keeps every operation O(1); a sweep a few entries at a time bounds memory.
  let holdWalk = holds.values();
  let counterWalk = counters.values();
  let valueWalk = values.values();
  const sweep = (at: number) => {
    if (++operations % SWEEP_EVERY !== 0) return;
    holdWalk = visit(holdWalk, holds, (hold) => {
      if (hold.expiresAt <= at) drop(hold.id, hold);
    });
    counterWalk = visit(counterWalk, counters, (entry) => {
      if (entry.expiresAt > at) return;
      if (entry.held === 0) counters.delete(entry.key);
      else entry.committed = 0;
    });
    valueWalk = visit(valueWalk, values, (entry) => {
      if (entry.expiresAt <= at) values.delete(entry.key);
    });
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
    size: () => ({ counters: counters.size, holds: holds.size, values: values.size }),
    increment(key, by, ttlMs) {
      const at = now();
      sweep(at);
      let entry = counter(key, at);
      if (!entry) {
        entry = { key, committed: 0, held: 0, expiresAt: at + ttlMs, holds: new Set() };
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
        entry = { key: request.key, committed: 0, held: 0, expiresAt: at + request.ttlMs, holds: new Set() };
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
        id,
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
      const at = now();
      sweep(at);
      values.set(key, {
        key,
        value: structuredClone(value),
        expiresAt: ttlMs === undefined ? Infinity : at + ttlMs,
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

/**
 * Runs `check` on up to SWEEP_VISITS entries of a walk over `map`'s values. The walk goes on from
 * where the last sweep stopped (a Map iterator sees entries added since and skips deleted ones);
 * once it reaches the end, the next sweep starts a new one.
 */
function visit<T>(walk: MapIterator<T>, map: Map<string, T>, check: (entry: T) => void): MapIterator<T> {
  for (let i = 0; i < SWEEP_VISITS; i++) {
    const step = walk.next();
    if (step.done) return map.values();
    check(step.value);
  }
  return walk;
}
