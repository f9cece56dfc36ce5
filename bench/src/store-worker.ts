// One of several processes evaluating against a shared store:
// `store-worker.ts <sqlite|redis> <path|url> <prefix> <startAt> <ms>`. It evaluates from the moment
// it is loaded (warm-up, not counted) and counts only the calls that finish between `startAt`
// (epoch ms, the same for every worker) and `startAt + ms`, so all workers measure one window.
import { createEngine, type StateStore, sqliteStore } from '@portcullis/core';
import { redisStore } from '@portcullis/redis';

const [kind, target, prefix, startText, durationText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
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
const start = Number(startText);
const end = start + Number(durationText);
// A worker that loads after the window opened would measure less than the window: refuse.
if (Date.now() > start)
  throw new Error(`store-worker: loaded ${Date.now() - start} ms after the window opened`);
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
      const finished = Date.now();
      if (finished >= start && finished < end) done += 1;
    }
  }),
);
await store.close?.();
process.stdout.write(String(done));
