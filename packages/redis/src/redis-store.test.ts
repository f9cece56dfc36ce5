import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createEngine } from '@portcullis/core';
import { storeConformance } from '@portcullis/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../test/redis-server.ts';
import { redisStore } from './redis-store.ts';

let redis: RedisServer;
const open: { close?: () => unknown }[] = [];
const run = promisify(execFile);
const worker = fileURLToPath(new URL('../test/fixtures/spend-worker.ts', import.meta.url));

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(open.map((store) => store.close?.()));
  await redis.stop();
});

const connect = async (now?: () => number) => {
  const store = redisStore({ url: redis.url, prefix: `t-${randomUUID()}`, ...(now ? { now } : {}) });
  open.push(store);
  await store.ready();
  return store;
};

describe('redisStore', () => {
  for (const c of storeConformance((now) => connect(now))) it(c.name, c.run);

  /** Races 4 processes of 250 calls each on one Redis; returns how many ran in total. */
  const race = async (kind: 'budget' | 'rate') => {
    const prefix = `race-${randomUUID()}`;
    // Every process at the same fixed time: the race may straddle a minute's end.
    const time = String(Date.now());
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--no-warnings', worker, redis.url, prefix, '250', kind, time], {
          encoding: 'utf8',
        }),
      ),
    );
    return outputs.map((o) => Number(o.stdout)).reduce((a, b) => a + b, 0);
  };

  it('a $100 daily budget lets exactly 100 of 1,000 $1 calls from 4 processes run [budget.concurrency.no-overspend.redis]', async () => {
    expect(await race('budget')).toBe(100);
  }, 60_000);

  it('a perMinute: 50 rate limit lets exactly 50 of 1,000 calls from 4 processes run [rate-limit.per-minute.exact]', async () => {
    expect(await race('rate')).toBe(50);
  }, 60_000);

  it('denies with store_unavailable while Redis is down and recovers without a restart [state.store-down.deny]', async () => {
    const store = await connect();
    const engine = createEngine({
      policy: { version: 1, guards: { budget: { costs: { pay: 1 }, maxDailySpend: 10 } } },
      store,
    });
    const pay = () => engine.run({ tool: 'pay', args: {}, source: 'direct' }, () => 'paid');
    expect((await pay()).outcome).toBe('executed');
    await redis.stop();
    const during = await pay();
    expect(during.outcome).toBe('blocked');
    expect(during.verdict.decisions[0]).toMatchObject({ guard: 'budget', code: 'store_unavailable' });
    await redis.start();
    await store.ready();
    expect((await pay()).outcome).toBe('executed');
  }, 30_000);
});
