import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { storeConformance } from '../testing/store-conformance.ts';
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

  /** Races 4 processes of 250 calls each on one file; returns how many ran in total. */
  const race = async (kind: 'budget' | 'rate') => {
    const path = freshPath();
    sqliteStore({ path }).close(); // create the schema once, before the race
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--no-warnings', worker, path, '250', kind], { encoding: 'utf8' }),
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
