// Evaluations per second with budget + rateLimit on shared state, from 4 processes at once.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRedis } from '../../packages/redis/test/redis-server.ts';
import { machineHeader } from './machine.ts';

const run = promisify(execFile);
const worker = fileURLToPath(new URL('./store-worker.ts', import.meta.url));
const durationMs = process.argv.includes('--quick') ? 1000 : 5000;
const processes = 4;
/** Time for the workers to load and warm up before the counted window opens. */
const WARM_UP_MS = 3000;

async function measure(kind: 'sqlite' | 'redis', target: string): Promise<number> {
  const prefix = `bench-${Date.now()}`;
  // Every worker counts the same window, opened once all of them have loaded and warmed up.
  const startAt = Date.now() + WARM_UP_MS;
  const outputs = await Promise.all(
    Array.from({ length: processes }, () =>
      run(
        process.execPath,
        // Plain Node (its own type stripping), as users run the published JavaScript: no
        // transpiler in the measured process.
        ['--no-warnings', worker, kind, target, prefix, String(startAt), String(durationMs)],
        {
          encoding: 'utf8',
        },
      ),
    ),
  );
  const total = outputs.reduce((sum, output) => sum + Number(output.stdout), 0);
  return total / (durationMs / 1000);
}

const sqlitePath = join(mkdtempSync(join(tmpdir(), 'portcullis-bench-')), 'state.db');
const sqliteRate = await measure('sqlite', sqlitePath);
const redis = await startRedis();
let redisRate: number;
try {
  redisRate = await measure('redis', redis.url);
} finally {
  await redis.stop();
}

console.log(
  machineHeader(`Shared state: budget + rateLimit, evaluate + settle, ${processes} processes × 16 in flight`),
);
console.log('\n| store | evaluations/s (all processes) |\n|---|---:|');
console.log(`| SQLite (one file, WAL) | ${Math.round(sqliteRate).toLocaleString('en-US')} |`);
console.log(`| Redis 127.0.0.1 (Lua scripts) | ${Math.round(redisRate).toLocaleString('en-US')} |`);
