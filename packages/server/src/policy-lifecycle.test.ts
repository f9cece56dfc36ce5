import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BANK_POLICY } from './testing/bank-policy.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

const STRICT_POLICY = BANK_POLICY.replace('name: bank', 'name: bank-strict').replace('gt: 1000', 'gt: 10');
const call = { tool: 'transfer_funds', args: { amount: 50, to: 'acct-1' } };

let t: TestServer;
afterEach(() => t.close());

/** Polls until `check` gives a value; generous, since a loaded machine may poll the file late. */
async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not reached within ${timeoutMs} ms`);
}

describe('policy lifecycle', () => {
  it('swaps the policy with PUT, stamps verdicts with the new version, and writes the file [server.policy.hot-reload]', async () => {
    t = await startTestServer();
    const first = t.server.policyVersion;
    expect((await t.api('POST', '/v1/evaluate', { body: call })).body.effect).toBe('allow');
    const put = await t.api('PUT', '/v1/policy', { raw: STRICT_POLICY });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ name: 'bank-strict', source: 'api' });
    expect(put.body.version).not.toBe(first);
    const verdict = (await t.api('POST', '/v1/evaluate', { body: call })).body;
    expect(verdict).toMatchObject({ effect: 'deny', policyVersion: put.body.version });
    expect(readFileSync(t.policyPath, 'utf8')).toBe(STRICT_POLICY);
    const versions = (await t.api('GET', '/v1/policy/versions')).body.versions;
    expect(
      versions.map((v: { version: string; source: string; active: boolean }) => [
        v.version,
        v.source,
        v.active,
      ]),
    ).toEqual([
      [put.body.version, 'api', true],
      [first, 'initial', false],
    ]);
  });

  it('refuses an invalid policy with its paths and lines, and keeps the old one [server.policy.hot-reload]', async () => {
    t = await startTestServer();
    const before = t.server.policyVersion;
    const res = await t.api('PUT', '/v1/policy', {
      raw: 'version: 1\nguards:\n  budget:\n    maxDailySpend: "10$"\n',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('policy_invalid');
    expect(res.body.error.issues).toEqual([
      {
        path: 'guards.budget.maxDailySpend',
        message: 'expected number, received string "10$"',
        line: 4,
        column: 20,
      },
    ]);
    expect(t.server.policyVersion).toBe(before);
    expect(readFileSync(t.policyPath, 'utf8')).toBe(BANK_POLICY);
  });

  it('rolls back to a recorded version, and 404s an unknown one', async () => {
    t = await startTestServer();
    const first = t.server.policyVersion;
    await t.api('PUT', '/v1/policy', { raw: STRICT_POLICY });
    const back = await t.api('POST', '/v1/policy/rollback', { body: { version: first } });
    expect(back.body).toMatchObject({ version: first, source: 'rollback', name: 'bank' });
    expect((await t.api('POST', '/v1/evaluate', { body: call })).body.effect).toBe('allow');
    expect((await t.api('POST', '/v1/policy/rollback', { body: { version: 'f00' } })).status).toBe(404);
  });

  it('settles a call under the policy version that judged it, after a swap', async () => {
    t = await startTestServer();
    const first = t.server.policyVersion;
    const verdict = (await t.api('POST', '/v1/evaluate', { body: call })).body;
    await t.api('PUT', '/v1/policy', { raw: STRICT_POLICY });
    await t.api('POST', '/v1/settle', { body: { id: verdict.id, outcome: 'executed' } });
    const record = (await t.api('GET', '/v1/audit')).body.records[0];
    expect(record).toMatchObject({ id: verdict.id, outcome: 'executed', policyVersion: first });
  });

  it('applies an edit of the watched file, and ignores a broken edit while reporting it [server.policy.hot-reload]', async () => {
    const errors: string[] = [];
    t = await startTestServer({ watchIntervalMs: 20, onError: (e) => errors.push((e as Error).message) });
    const first = t.server.policyVersion;
    writeFileSync(t.policyPath, STRICT_POLICY);
    const swapped = await until(async () => {
      const v = (await t.api('GET', '/v1/policy')).body;
      return v.version !== first ? v : undefined;
    });
    expect(swapped).toMatchObject({ name: 'bank-strict', source: 'file' });
    writeFileSync(t.policyPath, 'version: 2\n');
    await until(async () => (errors.length > 0 ? errors : undefined));
    expect(errors[0]).toContain('version');
    expect(t.server.policyVersion).toBe(swapped.version);
  });
});

describe('verdicts nobody settles', () => {
  it('are settled by the server when their time is up: failed for an allow, blocked for a deny [server.unsettled.auto-settle]', async () => {
    t = await startTestServer({ pendingTtlMs: 100 });
    const allowed = (await t.api('POST', '/v1/evaluate', { body: call })).body;
    const denied = (await t.api('POST', '/v1/evaluate', { body: { tool: 'close_account', args: {} } })).body;
    const records = await until(async () => {
      const found = (await t.api('GET', '/v1/audit')).body.records;
      return found.length === 2 ? found : undefined;
    });
    const byId = Object.fromEntries(records.map((r: { id: string }) => [r.id, r]));
    expect(byId[allowed.id]).toMatchObject({
      outcome: 'failed',
      error: 'The client never settled the call: not settled within 100 ms',
    });
    expect(byId[denied.id]).toMatchObject({ outcome: 'blocked', effect: 'deny' });
    expect(
      (await t.api('POST', '/v1/settle', { body: { id: allowed.id, outcome: 'executed' } })).status,
    ).toBe(404);
  });
});
