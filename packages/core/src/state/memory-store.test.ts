import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import type { Guard } from '../guard.ts';
import { manualClock } from '../testing/index.ts';
import { storeConformance } from '../testing/store-conformance.ts';
import { memoryStore } from './memory-store.ts';

describe('memoryStore', () => {
  for (const c of storeConformance((now) => memoryStore({ now }))) it(c.name, c.run);

  it('counts with a TTL window', () => {
    const clock = manualClock();
    const store = memoryStore({ now: clock.now });
    expect(store.increment('k', 2, 1000)).toBe(2);
    expect(store.increment('k', 3, 1000)).toBe(5);
    clock.advance(999);
    expect(store.get('k')).toBe(5);
    clock.advance(1);
    expect(store.get('k')).toBe(0);
    expect(store.increment('k', 1, 1000)).toBe(1);
  });

  it('reserves against a limit, and commits or releases', () => {
    const store = memoryStore();
    const a = store.reserve({ key: 'b', amount: 60, limit: 100, ttlMs: 60_000 });
    const b = store.reserve({ key: 'b', amount: 60, limit: 100, ttlMs: 60_000 });
    expect(a).toMatchObject({ ok: true, used: 0 });
    expect(b).toEqual({ ok: false, used: 60 });
    if (!('id' in a)) throw new Error('expected a reservation');
    store.release(a.id);
    expect(store.get('b')).toBe(0);
    const c = store.reserve({ key: 'b', amount: 60, limit: 100, ttlMs: 60_000 });
    if (!('id' in c)) throw new Error('expected a reservation');
    store.commit(c.id);
    store.commit(c.id); // a second commit is ignored
    expect(store.get('b')).toBe(60);
    expect(store.reserve({ key: 'b', amount: 41, limit: 100, ttlMs: 60_000 }).ok).toBe(false);
  });

  it('releases an unsettled hold when it expires, and ignores a late commit', () => {
    const clock = manualClock();
    const store = memoryStore({ now: clock.now });
    const hold = store.reserve({ key: 'b', amount: 100, limit: 100, ttlMs: 60_000, holdMs: 1000 });
    expect(store.reserve({ key: 'b', amount: 1, limit: 100, ttlMs: 60_000 }).ok).toBe(false);
    clock.advance(1000);
    expect(store.reserve({ key: 'b', amount: 1, limit: 100, ttlMs: 60_000 }).ok).toBe(true);
    if ('id' in hold) store.commit(hold.id);
    expect(store.get('b')).toBe(1);
  });

  it('drops expired counters, holds and values a few at a time, so memory stays bounded without a pause', () => {
    const clock = manualClock();
    const store = memoryStore({ now: clock.now });
    for (let i = 0; i < 10_000; i++) {
      store.increment(`count:${i}`, 1, 1000);
      store.reserve({ key: `spend:${i}`, amount: 1, limit: 10, ttlMs: 1000, holdMs: 1000 });
      store.setValue(`value:${i}`, i, 1000);
    }
    expect(store.size()).toEqual({ counters: 20_000, holds: 10_000, values: 10_000 });
    clock.advance(1000);
    // One sweep, 64 operations later, drops what it meets among 128 entries of each map: some,
    // not all 40,000.
    for (let i = 0; i < 64; i++) store.increment('live', 1, 60_000);
    const after = store.size();
    expect(after.holds).toBe(10_000 - 128);
    expect(after.values).toBe(10_000 - 128);
    expect(after.counters).toBeLessThan(20_001);
    expect(after.counters).toBeGreaterThanOrEqual(20_001 - 128);
    // Two entries of each map per operation: the 20,000 counters are seen within 10,000 more; a
    // counter seen while its expired hold was not yet dropped goes on the next pass.
    for (let i = 0; i < 20_416; i++) store.increment('live', 1, 60_000);
    expect(store.size()).toEqual({ counters: 1, holds: 0, values: 0 });
    expect(store.get('live')).toBe(20_480);
  });

  it('keeps a counter whose window ended while a hold on it is still open', () => {
    const clock = manualClock();
    const store = memoryStore({ now: clock.now });
    store.reserve({ key: 'spend', amount: 5, limit: 10, ttlMs: 1000, holdMs: 60_000 });
    clock.advance(1000);
    for (let i = 0; i < 640; i++) store.increment('other', 1, 60_000);
    expect(store.size().counters).toBe(2);
    // The open hold still counts against the limit.
    expect(store.reserve({ key: 'spend', amount: 6, limit: 10, ttlMs: 1000 }).ok).toBe(false);
  });

  it('stores JSON values by copy, with expiry', () => {
    const clock = manualClock();
    const store = memoryStore({ now: clock.now });
    const value = { a: [1] };
    store.setValue('v', value, 10);
    value.a.push(2);
    expect(store.getValue('v')).toEqual({ a: [1] });
    clock.advance(10);
    expect(store.getValue('v')).toBeUndefined();
    store.setValue('w', 1);
    store.deleteValue('w');
    expect(store.getValue('w')).toBeUndefined();
  });

  it('never overspends: 1,000 concurrent $1 calls against a $100 budget execute exactly 100 times [budget.concurrency.no-overspend]', async () => {
    const store = memoryStore();
    // A minimal budget guard: reserve at evaluation, the engine commits or releases.
    const budget: Guard = {
      name: 'budget',
      evaluate: async (_ctx, env) => {
        await Promise.resolve(); // answer asynchronously, as a remote store would
        const r = await env.store.reserve({ key: 'spend', amount: 1, limit: 100, ttlMs: 86_400_000 });
        if (!r.ok) return { effect: 'deny', code: 'budget_exceeded', reason: `spent ${r.used} of 100` };
        return {
          effect: 'allow',
          reservation: { commit: () => env.store.commit(r.id), release: () => env.store.release(r.id) },
        };
      },
    };
    const engine = createEngine({ policy: { version: 1 }, store, guards: [budget] });
    let executed = 0;
    const results = await Promise.all(
      Array.from({ length: 1000 }, () =>
        engine.run({ tool: 'charge', args: { amount: 1 }, source: 'direct' }, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          executed += 1;
        }),
      ),
    );
    expect(executed).toBe(100);
    expect(results.filter((r) => r.outcome === 'executed')).toHaveLength(100);
    expect(results.filter((r) => r.outcome === 'blocked')).toHaveLength(900);
    expect(store.get('spend')).toBe(100);
  });
});
