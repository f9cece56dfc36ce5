// One of several processes evaluating against a shared store: `store-worker.ts <sqlite|redis> <path|url> <prefix> <ms>`.
import { createEngine, type StateStore, sqliteStore } from '@portcullis/core';
import { redisStore } from '@portcullis/redis';

const [kind, target, prefix, durationText] = process.argv.slice(2) as [string, string, string, string];
let store: StateStore;
if (kind === 'redis') {
  const redis = redisStore({ url: target, prefix });
  await redis.ready();
  store = redis;
} else store = sqliteStore({ path: target });
const engine = createEngine({
  store,
  policy: {
    version: 1,
    guards: {
      budget: { costs: { pay: 0.001 }, maxDailySpend: 1e12, per: 'user' },
      rateLimit: { perMinute: 1e9, perToolPerMinute: 1e9 },
    },
  },
});
const concurrency = Number(process.env['BENCH_IN_FLIGHT'] ?? 16);
const end = Date.now() + Number(durationText);
let done = 0;
await Promise.all(
  Array.from({ length: concurrency }, async (_, lane) => {
    while (Date.now() < end) {
      const verdict = await engine.evaluate({
        tool: 'pay',
        args: { lane },
        source: 'direct',
        principal: { userId: 'u1' },
      });
      await engine.settle(verdict, verdict.effect === 'deny' ? 'blocked' : 'executed');
      done += 1;
    }
  }),
);
await store.close?.();
process.stdout.write(String(done));
