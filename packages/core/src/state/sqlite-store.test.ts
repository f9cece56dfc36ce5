import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { manualClock } from '../testing/index.ts';
import { storeConformance } from '../testing/store-conformance.ts';
import { loadSqlite } from '../util/load-sqlite.ts';
import { sqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'portcullis-sqlite-'));
let n = 0;
const freshPath = () => join(dir, `nested/state-${++n}.db`);
const worker = fileURLToPath(new URL('../../test/fixtures/spend-worker.ts', import.meta.url));
const run = promisify(execFile);

describe('sqliteStore', () => {
  for (const c of storeConformance((now) => sqliteStore({ path: freshPath(), now }))) it(c.name, c.run);

  it('keeps its state across reopening the file [state.sqlite.shared]', () => {
    const path = freshPath();
    const first = sqliteStore({ path });
    first.increment('k', 7, 60_000);
    first.setValue('v', { ok: true });
    first.close();
    const second = sqliteStore({ path });
    expect(second.get('k')).toBe(7);
    expect(second.getValue('v')).toEqual({ ok: true });
    second.close();
  });

  it('denies with store_unavailable once the database is gone [state.store-down.deny]', async () => {
    const store = sqliteStore({ path: freshPath() });
    const engine = createEngine({
      policy: { version: 1, guards: { budget: { costs: { pay: 1 }, maxDailySpend: 5 } } },
      store,
    });
    store.close();
    const verdict = await engine.evaluate({ tool: 'pay', args: {}, source: 'direct' });
    expect(verdict.decisions[0]).toMatchObject({
      effect: 'deny',
      guard: 'budget',
      code: 'store_unavailable',
    });
  });

  it('deletes expired rows a batch at a time, so the file stays bounded without a long write', () => {
    const clock = manualClock();
    const path = freshPath();
    const store = sqliteStore({ path, now: clock.now });
    for (let i = 0; i < 10_000; i++) {
      store.increment(`count:${i}`, 1, 1000);
      store.reserve({ key: `spend:${i}`, amount: 1, limit: 10, ttlMs: 1000, holdMs: 1000 });
      store.setValue(`value:${i}`, i, 1000);
    }
    const file = new (loadSqlite().DatabaseSync)(path);
    const rows = () =>
      ['portcullis_counters', 'portcullis_holds', 'portcullis_values'].map(
        (table) => (file.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
      );
    expect(rows()).toEqual([10_000, 10_000, 10_000]);
    clock.advance(1000);
    // One sweep, 1000 writes later, deletes what it meets among the next 2000 rows of each table.
    for (let i = 0; i < 1000; i++) store.increment('live', 1, 60_000);
    const [counters, holds, values] = rows() as [number, number, number];
    expect(counters).toBeLessThan(10_001);
    expect(counters).toBeGreaterThanOrEqual(10_001 - 2000);
    expect(holds).toBeLessThan(10_000);
    expect(holds).toBeGreaterThanOrEqual(10_000 - 2000);
    expect(values).toBeLessThan(10_000);
    expect(values).toBeGreaterThanOrEqual(10_000 - 2000);
    // Two rows of each table per write: every row is seen within 5000 more.
    for (let i = 0; i < 5000; i++) store.increment('live', 1, 60_000);
    expect(rows()).toEqual([1, 0, 0]);
    expect(store.get('live')).toBe(6000);
    file.close();
    store.close();
  });

  /** Races 4 processes of 250 calls each on one file; returns how many ran in total. */
  const race = async (kind: 'budget' | 'rate') => {
    const path = freshPath();
    sqliteStore({ path }).close(); // create the schema once, before the race
    // Every process at the same fixed time: the race may straddle a minute's end.
    const time = String(Date.now());
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--no-warnings', worker, path, '250', kind, time], { encoding: 'utf8' }),
      ),
    );
    return outputs.map((o) => Number(o.stdout)).reduce((a, b) => a + b, 0);
  };

  it('a $100 daily budget lets exactly 100 of 1,000 $1 calls from 4 processes run [state.sqlite.shared]', async () => {
    expect(await race('budget')).toBe(100);
  }, 60_000);

  it('a perMinute: 50 rate limit lets exactly 50 of 1,000 calls from 4 processes run [rate-limit.per-minute.exact]', async () => {
    expect(await race('rate')).toBe(50);
  }, 60_000);
});
