import { randomUUID } from 'node:crypto';
import { createEngine } from '@portcullis/core';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../test/redis-server.ts';
import { type RedisStore, redisStore } from './redis-store.ts';

let redis: RedisServer;
let admin: Redis;
const open: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
  admin = new Redis(redis.url);
});

afterAll(async () => {
  await Promise.all(open.map((store) => store.close?.()));
  admin.disconnect();
  await redis.stop();
});

const connect = async (now?: () => number) => {
  const store = redisStore({ url: redis.url, prefix: `b-${randomUUID()}`, ...(now ? { now } : {}) });
  open.push(store);
  await store.ready();
  return store;
};

/** Script runs Redis has counted so far (every store operation runs inside one). */
const scriptRuns = async () => {
  const stats = await admin.info('commandstats');
  return Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0);
};

describe('redisStore batching', () => {
  it('answers operations issued in the same tick one by one, in order, as if each ran alone', async () => {
    const store = await connect();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.reserve({ key: 'k', amount: 1, limit: 5, ttlMs: 60_000 })),
    );
    expect(results.map((result) => [result.ok, result.used])).toEqual([
      [true, 0],
      [true, 1],
      [true, 2],
      [true, 3],
      [true, 4],
      [false, 5],
      [false, 5],
      [false, 5],
    ]);
    const [, , got] = await Promise.all([
      store.increment('other', 2, 60_000),
      store.get('k'),
      store.get('k'),
    ]);
    expect(got).toBe(5);
  });

  it('judges a call with budget and rate limits in one script run; a call that ran settles with none, one that did not in one', async () => {
    const store = await connect();
    const engine = createEngine({
      store,
      policy: {
        version: 1,
        guards: {
          budget: { costs: { pay: 1 }, maxDailySpend: 100 },
          rateLimit: { perMinute: 10, perToolPerMinute: 5 },
        },
      },
    });
    const before = await scriptRuns();
    const verdict = await engine.evaluate({ tool: 'pay', args: {}, source: 'direct' });
    expect(verdict.effect).toBe('allow');
    const afterEvaluate = await scriptRuns();
    await engine.settle(verdict, 'executed');
    const afterSettle = await scriptRuns();
    expect([afterEvaluate - before, afterSettle - afterEvaluate]).toEqual([1, 0]);
    const failed = await engine.evaluate({ tool: 'pay', args: {}, source: 'direct' });
    const afterSecond = await scriptRuns();
    await engine.settle(failed, 'failed');
    expect((await scriptRuns()) - afterSecond).toBe(1);
    // The call that ran counts on each counter (the budget in millionths); the failed one went back.
    const counters = await admin.keys(`${store.name.slice('redis:'.length)}:{*`);
    const values = await Promise.all(counters.map((key) => admin.hget(key, 'v')));
    expect(values.map(Number).sort((a, b) => a - b)).toEqual([1, 1, 1_000_000]);
  });

  it('gives every counter key it creates an expiry, so counters nobody reads any more go away', async () => {
    const prefix = `b-${randomUUID()}`;
    const store = redisStore({ url: redis.url, prefix });
    open.push(store);
    await store.ready();
    const ttl = (key: string) => admin.pttl(`${prefix}:{${key}}`);
    const hold = await store.reserve({
      key: 'new-by-reserve',
      amount: 1,
      limit: 5,
      ttlMs: 60_000,
      holdMs: 1000,
    });
    // The hold (1 s) plus a minute's margin, plus room for the next holds (1 s).
    const afterReserve = await ttl('new-by-reserve');
    expect(afterReserve).toBeGreaterThan(60_000);
    expect(afterReserve).toBeLessThanOrEqual(62_000);
    if (hold.ok) await store.commit(hold.id);
    // Committed: the window (60 s) plus the margin.
    const afterCommit = await ttl('new-by-reserve');
    expect(afterCommit).toBeGreaterThan(62_000);
    expect(afterCommit).toBeLessThanOrEqual(120_000);
    await store.increment('new-by-increment', 1, 30_000);
    const afterIncrement = await ttl('new-by-increment');
    expect(afterIncrement).toBeGreaterThan(30_000);
    expect(afterIncrement).toBeLessThanOrEqual(90_000);
  });

  it('returns the held sum to exactly 0 once the last hold is settled, whatever the fractions', async () => {
    const store = await connect();
    const holds = await Promise.all(
      [0.1, 0.2, 0.7, 0.3].map((amount) => store.reserve({ key: 'f', amount, limit: 10, ttlMs: 60_000 })),
    );
    for (const hold of holds) if (hold.ok) await store.release(hold.id);
    expect(await store.get('f')).toBe(0);
    const kept = await store.reserve({ key: 'f', amount: 0.1, limit: 10, ttlMs: 60_000 });
    const next = await store.reserve({ key: 'f', amount: 0.2, limit: 10, ttlMs: 60_000 });
    if (!kept.ok || !next.ok) throw new Error('expected two reservations');
    await store.commit(kept.id);
    await store.commit(next.id);
    expect(await store.get('f')).toBe(0.1 + 0.2);
  });

  it('drops each expired hold when its time comes, including a short hold taken after a long one', async () => {
    let time = Date.UTC(2026, 0, 5, 12);
    const store = await connect(() => time);
    const hold = (amount: number, holdMs: number) =>
      store.reserve({ key: 'h', amount, limit: 100, ttlMs: 60_000, holdMs });
    await hold(10, 10_000);
    await hold(1, 1000);
    expect(await store.get('h')).toBe(11);
    time += 1000;
    expect(await store.get('h')).toBe(10);
    await hold(2, 500);
    time += 500;
    expect(await store.get('h')).toBe(10);
    time += 8500;
    expect(await store.get('h')).toBe(0);
  });

  it('fails only the operations on a counter it cannot read, not the rest of their batch', async () => {
    const prefix = `b-${randomUUID()}`;
    const store = redisStore({ url: redis.url, prefix });
    open.push(store);
    await store.ready();
    // A counter holding a record this store did not write: operations on it fail (and deny).
    await admin.hset(`${prefix}:{m}`, 'not-a-hold', 'garbage', 'm', '0');
    const [broken, other] = await Promise.allSettled([
      store.reserve({ key: 'm', amount: 1, limit: 5, ttlMs: 60_000 }),
      store.increment('m2', 1, 60_000),
    ]);
    expect(broken).toMatchObject({ status: 'rejected', reason: { code: 'store_unavailable' } });
    expect(other).toEqual({ status: 'fulfilled', value: 1 });
  });
});
