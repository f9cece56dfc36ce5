import assert from 'node:assert/strict';
import type { StateStore } from '../state/state-store.ts';

/** One conformance case: a name and a body that throws on failure. */
export interface StoreCase {
  /** What the case proves, as a test title. */
  name: string;
  /** Runs the case on a fresh store; rejects on failure. */
  run(): Promise<void>;
}

/**
 * The behaviour every `StateStore` must have, as framework-neutral cases (they throw on failure),
 * so each backend runs the same suite: `for (const c of storeConformance(make)) it(c.name, c.run)`.
 * `make` gets a controllable clock and must return a fresh, empty store using it.
 *
 * @example
 * for (const c of storeConformance((now) => memoryStore({ now }))) it(c.name, c.run);
 */
export function storeConformance(make: (now: () => number) => StateStore | Promise<StateStore>): StoreCase[] {
  const setup = async () => {
    let time = Date.UTC(2026, 0, 5, 12);
    const store = await make(() => time);
    const advance = (ms: number) => {
      time += ms;
    };
    return { store, advance };
  };
  const cases: StoreCase[] = [
    {
      name: 'counts with a TTL window',
      run: async () => {
        const { store, advance } = await setup();
        assert.equal(await store.increment('c', 2, 1000), 2);
        assert.equal(await store.increment('c', 3, 1000), 5);
        advance(999);
        assert.equal(await store.get('c'), 5);
        advance(1);
        assert.equal(await store.get('c'), 0);
        assert.equal(await store.increment('c', 1, 1000), 1);
        await store.close?.();
      },
    },
    {
      name: 'reserves against a limit, counting holds, and commits or releases',
      run: async () => {
        const { store } = await setup();
        const a = await store.reserve({ key: 'b', amount: 60, limit: 100, ttlMs: 60_000 });
        assert.equal(a.ok, true);
        assert.deepEqual(await store.reserve({ key: 'b', amount: 60, limit: 100, ttlMs: 60_000 }), {
          ok: false,
          used: 60,
        });
        assert.equal(await store.get('b'), 60);
        if (a.ok) await store.release(a.id);
        assert.equal(await store.get('b'), 0);
        const c = await store.reserve({ key: 'b', amount: 60, limit: 100, ttlMs: 60_000 });
        if (!c.ok) assert.fail('expected a reservation');
        await store.commit(c.id);
        await store.commit(c.id);
        await store.release(c.id);
        assert.equal(await store.get('b'), 60);
        assert.equal((await store.reserve({ key: 'b', amount: 41, limit: 100, ttlMs: 60_000 })).ok, false);
        assert.equal((await store.reserve({ key: 'b', amount: 40, limit: 100, ttlMs: 60_000 })).ok, true);
        await store.close?.();
      },
    },
    {
      name: 'lets an unsettled hold expire, and ignores its late commit',
      run: async () => {
        const { store, advance } = await setup();
        const hold = await store.reserve({ key: 'h', amount: 100, limit: 100, ttlMs: 60_000, holdMs: 1000 });
        assert.equal((await store.reserve({ key: 'h', amount: 1, limit: 100, ttlMs: 60_000 })).ok, false);
        advance(1000);
        assert.equal((await store.reserve({ key: 'h', amount: 1, limit: 100, ttlMs: 60_000 })).ok, true);
        if (hold.ok) await store.commit(hold.id);
        assert.equal(await store.get('h'), 1);
        await store.close?.();
      },
    },
    {
      name: 'restarts a committed window once it expires',
      run: async () => {
        const { store, advance } = await setup();
        const r = await store.reserve({ key: 'w', amount: 5, limit: 5, ttlMs: 1000 });
        if (!r.ok) assert.fail('expected a reservation');
        await store.commit(r.id);
        assert.equal((await store.reserve({ key: 'w', amount: 1, limit: 5, ttlMs: 1000 })).ok, false);
        advance(1000);
        assert.equal((await store.reserve({ key: 'w', amount: 5, limit: 5, ttlMs: 1000 })).ok, true);
        await store.close?.();
      },
    },
    {
      name: 'counts a take at once: commit changes nothing, release gives it back',
      run: async () => {
        const { store } = await setup();
        const take = { key: 't', amount: 60, limit: 100, ttlMs: 60_000, mode: 'take' } as const;
        const a = await store.reserve(take);
        if (!a.ok) assert.fail('expected a take');
        assert.equal(a.used, 0);
        assert.equal(await store.get('t'), 60);
        await store.commit(a.id);
        assert.equal(await store.get('t'), 60);
        assert.deepEqual(await store.reserve({ ...take, amount: 41 }), { ok: false, used: 60 });
        const hold = await store.reserve({ key: 't', amount: 30, limit: 100, ttlMs: 60_000 });
        if (!hold.ok) assert.fail('expected a hold');
        assert.deepEqual(await store.reserve({ ...take, amount: 11 }), { ok: false, used: 90 });
        const b = await store.reserve({ ...take, amount: 10 });
        if (!b.ok) assert.fail('expected a take');
        assert.equal(b.used, 90);
        await store.release(b.id);
        await store.release(hold.id);
        assert.equal(await store.get('t'), 60);
        await store.close?.();
      },
    },
    {
      name: 'gives a take back only into the window it was taken from, and never expires it early',
      run: async () => {
        const { store, advance } = await setup();
        const take = { key: 'tw', amount: 5, limit: 10, ttlMs: 1000, holdMs: 100, mode: 'take' } as const;
        const first = await store.reserve(take);
        if (!first.ok) assert.fail('expected a take');
        advance(500);
        assert.equal(await store.get('tw'), 5);
        advance(500);
        assert.equal(await store.get('tw'), 0);
        const second = await store.reserve({ ...take, amount: 3 });
        assert.equal(second.ok, true);
        await store.release(first.id);
        assert.equal(await store.get('tw'), 3);
        await store.close?.();
      },
    },
    {
      name: 'stores JSON values with expiry',
      run: async () => {
        const { store, advance } = await setup();
        await store.setValue('v', { a: [1, 'x'] }, 10);
        assert.deepEqual(await store.getValue('v'), { a: [1, 'x'] });
        advance(10);
        assert.equal(await store.getValue('v'), undefined);
        await store.setValue('w', 1);
        await store.deleteValue('w');
        assert.equal(await store.getValue('w'), undefined);
        assert.equal(await store.getValue('never'), undefined);
        await store.setValue('list:b', 2);
        await store.setValue('list:a', { n: 1 });
        await store.setValue('list:gone', 3, 5);
        await store.setValue('other', 4);
        advance(5);
        const listed = (await store.listValues('list:')).sort((x, y) => x.key.localeCompare(y.key));
        assert.deepEqual(listed, [
          { key: 'list:a', value: { n: 1 } },
          { key: 'list:b', value: 2 },
        ]);
        assert.deepEqual(await store.listValues('%'), []);
        await store.close?.();
      },
    },
    {
      name: 'keeps a limit under 500 concurrent reservations',
      run: async () => {
        const { store } = await setup();
        const results = await Promise.all(
          Array.from({ length: 500 }, () =>
            Promise.resolve(store.reserve({ key: 'race', amount: 1, limit: 50, ttlMs: 60_000 })),
          ),
        );
        assert.equal(results.filter((r) => r.ok).length, 50);
        await store.close?.();
      },
    },
    {
      name: 'keeps a limit under 500 concurrent takes',
      run: async () => {
        const { store } = await setup();
        const take = { key: 'race', amount: 1, limit: 50, ttlMs: 60_000, mode: 'take' } as const;
        const results = await Promise.all(
          Array.from({ length: 500 }, () => Promise.resolve(store.reserve(take))),
        );
        assert.equal(results.filter((r) => r.ok).length, 50);
        assert.equal(await store.get('race'), 50);
        await store.close?.();
      },
    },
  ];
  return cases;
}
