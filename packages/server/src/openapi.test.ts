import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from './openapi.ts';
import { transfer } from './testing/bank-policy.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Waits for the first pending approval (bounded: 100 tries, 50 ms apart). */
async function firstPending(): Promise<{ id: string }> {
  for (let i = 0; i < 100; i++) {
    const [pending] = (await t.api('GET', '/v1/approvals?status=pending')).body.approvals;
    if (pending) return pending;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('no pending approval');
}

describe('the OpenAPI document', () => {
  it('describes every JSON answer as the server gives it [server.openapi.responses]', async () => {
    const answers = new Map<string, unknown>();
    const call = async (
      method: string,
      route: string,
      path: string,
      options: Parameters<TestServer['api']>[2] = {},
    ) => {
      const res = await t.api(method, path, options);
      expect([method, path, res.status]).toEqual([method, path, 200]);
      answers.set(`${method.toLowerCase()} ${route}`, res.body);
      return res.body;
    };

    await call('GET', '/healthz', '/healthz', { key: null });
    const verdict = await call('POST', '/v1/evaluate', '/v1/evaluate', { body: transfer(50, 'landlord') });
    await call('POST', '/v1/settle', '/v1/settle', { body: { id: verdict.id, outcome: 'executed' } });
    await call('POST', '/v1/explain', '/v1/explain', { body: transfer(5000, 'savings') });
    // One approval approved and one rejected, through runs waiting for them.
    const approvedRun = t.api('POST', '/v1/run', { body: { context: transfer(5000, 'savings') } });
    const first = await firstPending();
    await call('GET', '/v1/approvals', '/v1/approvals?status=pending');
    await call('POST', '/v1/approvals/{id}/approve', `/v1/approvals/${first.id}/approve`, { body: {} });
    const run = (await approvedRun).body;
    answers.set('post /v1/run', run);
    await t.api('POST', '/v1/settle', {
      body: { id: run.verdict.id, outcome: 'failed', error: 'bank down' },
    });
    const rejectedRun = t.api('POST', '/v1/run', { body: { context: transfer(4000, 'landlord') } });
    const second = await firstPending();
    await call('POST', '/v1/approvals/{id}/reject', `/v1/approvals/${second.id}/reject`, {
      body: { reason: 'not this month' },
    });
    await rejectedRun;
    await call('GET', '/v1/audit', '/v1/audit');
    await call('GET', '/v1/stats', '/v1/stats');
    await call('GET', '/v1/budget', '/v1/budget');
    const policy = await call('GET', '/v1/policy', '/v1/policy');
    await call('PUT', '/v1/policy', '/v1/policy', { raw: JSON.stringify(policy.policy) });
    await call('GET', '/v1/policy/versions', '/v1/policy/versions');
    await call('POST', '/v1/policy/rollback', '/v1/policy/rollback', { body: { version: policy.version } });

    const documented = ROUTES.filter((route) => route.response !== undefined);
    expect(documented.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      [...answers.keys()].sort(),
    );
    for (const route of documented) {
      const answer = answers.get(`${route.method} ${route.path}`);
      const parsed = route.response?.safeParse(answer);
      expect([route.method, route.path, parsed?.error?.issues ?? []]).toEqual([route.method, route.path, []]);
    }
    // The answers are not trivially empty: the audit holds the three settled calls.
    expect((answers.get('get /v1/audit') as { records: unknown[] }).records).toHaveLength(3);
  });
});
