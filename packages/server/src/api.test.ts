import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from './api-keys.ts';
import { ROUTES } from './openapi.ts';
import { BANK_PRINCIPAL as principal, transfer } from './testing/bank-policy.ts';
import { AGENT_KEY, OPERATOR_KEY, startTestServer, type TestServer } from './testing/test-server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    bodyLimitBytes: 4096,
    keys: [
      { name: 'bank-agent', hash: hashApiKey(AGENT_KEY), roles: ['agent'] },
      { name: 'ops', hash: hashApiKey(OPERATOR_KEY), roles: ['operator'] },
      { name: 'slow-lane', hash: hashApiKey('pcs_limited'), roles: ['agent'], rateLimitPerMinute: 2 },
    ],
  });
});
afterAll(() => t.close());

/** Waits until `check` returns something (bounded: 100 tries, 50 ms apart). */
async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not reached');
}

describe('keys, roles and errors', () => {
  it('answers /healthz without a key', async () => {
    const res = await t.api('GET', '/healthz', { key: null });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, policyVersion: t.server.policyVersion });
  });

  it('refuses a missing or unknown key with 401 and a Bearer challenge [server.auth.keys-roles]', async () => {
    for (const key of [null, 'pcs_wrong']) {
      const res = await t.api('POST', '/v1/evaluate', { key, body: transfer(50, 'landlord') });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('keeps agents out of operator routes and operators out of agent routes [server.auth.keys-roles]', async () => {
    expect((await t.api('GET', '/v1/approvals', { key: AGENT_KEY })).status).toBe(403);
    expect((await t.api('GET', '/v1/audit', { key: AGENT_KEY })).status).toBe(403);
    expect((await t.api('GET', '/metrics', { key: AGENT_KEY })).status).toBe(403);
    const res = await t.api('POST', '/v1/evaluate', { key: OPERATOR_KEY, body: transfer(50, 'landlord') });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'forbidden', message: 'This route needs the agent role' } });
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await t.api('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route GET /v1/nothing-here' } });
  });

  it('refuses bad JSON with 400 [server.request.validation]', async () => {
    const res = await t.api('POST', '/v1/evaluate', { raw: '{"tool": "x",' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('names the path of every invalid field [server.request.validation]', async () => {
    const res = await t.api('POST', '/v1/evaluate', {
      body: { tool: '', args: 'amount=5', principal: { userId: 7 }, extra: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
      'tool',
      'args',
      'principal.userId',
      'extra',
    ]);
  });

  it('refuses a body over the limit with 413 [server.request.validation]', async () => {
    const res = await t.api('POST', '/v1/evaluate', {
      body: { tool: 'get_balance', args: { pad: 'x'.repeat(5000) } },
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  it('rate-limits each key on its own', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await t.api('POST', '/v1/explain', { key: 'pcs_limited', body: transfer(5, 'savings') })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect((await t.api('POST', '/v1/explain', { body: transfer(5, 'savings') })).status).toBe(200);
  });
});

describe('evaluate, settle and the audit', () => {
  it('denies a $2,000 transfer to a new payee and records the settled call with the policy version [server.evaluate.audited]', async () => {
    const res = await t.api('POST', '/v1/evaluate', { body: transfer(2000, 'acct-7731') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      effect: 'deny',
      reason: 'Transfers over $1,000 to a new payee are never automatic',
      policyVersion: t.server.policyVersion,
    });
    const settled = await t.api('POST', '/v1/settle', { body: { id: res.body.id, outcome: 'blocked' } });
    expect(settled.body).toEqual({ settled: true });
    const again = await t.api('POST', '/v1/settle', { body: { id: res.body.id, outcome: 'blocked' } });
    expect(again.status).toBe(404);
    const audit = await t.api('GET', `/v1/audit?effect=deny&tool=transfer_funds`);
    expect(audit.body.records).toHaveLength(1);
    expect(audit.body.records[0]).toMatchObject({
      id: res.body.id,
      outcome: 'blocked',
      effect: 'deny',
      principal,
      policyVersion: t.server.policyVersion,
    });
  });

  it('validates audit queries', async () => {
    const res = await t.api('GET', '/v1/audit?limit=lots&effect=maybe');
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['effect', 'limit']);
  });

  it('explains the rule chain without recording anything', async () => {
    const res = await t.api('POST', '/v1/explain', { body: transfer(1500, 'savings') });
    expect(res.body.effect).toBe('ask');
    const rules = res.body.guards.find((g: { guard: string }) => g.guard === 'rules');
    expect(rules.steps.map((s: { name: string; matched: boolean }) => [s.name, s.matched])).toEqual([
      ['new-payee-limit', false],
      ['large-transfer-approval', true],
    ]);
  });
});

describe('POST /v1/run and the approvals API', () => {
  it('waits for an operator, who approves; the call then runs and settles with the approver [server.approvals]', async () => {
    const running = t.api('POST', '/v1/run', { body: { context: transfer(5000, 'savings') } });
    const pending = await until(async () => {
      const list = await t.api('GET', '/v1/approvals?status=pending');
      return list.body.approvals[0];
    });
    expect(pending).toMatchObject({
      tool: 'transfer_funds',
      args: { amount: 5000, to: 'savings' },
      status: 'pending',
    });
    const approved = await t.api('POST', `/v1/approvals/${pending.id}/approve`, { body: {} });
    expect(approved.body.approval.status).toBe('approved');
    const run = await running;
    expect(run.body).toMatchObject({
      status: 'execute',
      approver: 'ops',
      verdict: { id: pending.id, effect: 'allow', reason: 'approved by ops' },
    });
    await t.api('POST', '/v1/settle', { body: { id: pending.id, outcome: 'executed' } });
    const audit = await t.api('GET', '/v1/audit?outcome=executed&tool=transfer_funds');
    expect(audit.body.records[0]).toMatchObject({ id: pending.id, approver: 'ops', effect: 'allow' });
    expect((await t.api('POST', `/v1/approvals/${pending.id}/approve`, { body: {} })).status).toBe(409);
  });

  it('answers rejected when the operator rejects, and the call is settled by the server [server.approvals]', async () => {
    const running = t.api('POST', '/v1/run', { body: { context: transfer(4000, 'landlord') } });
    const pending = await until(
      async () => (await t.api('GET', '/v1/approvals?status=pending')).body.approvals[0],
    );
    await t.api('POST', `/v1/approvals/${pending.id}/reject`, { body: { reason: 'not this month' } });
    const run = await running;
    expect(run.body.status).toBe('rejected');
    expect(run.body.verdict.reason).toBe('Rejected by ops: not this month');
    const audit = await t.api('GET', '/v1/audit?outcome=rejected');
    expect(audit.body.records[0]).toMatchObject({ id: pending.id, approver: 'ops' });
  });

  it('answers expired when nobody decides within approvalTimeoutMs [server.approvals] [approval.timeout.expired]', async () => {
    const run = await t.api('POST', '/v1/run', {
      body: { context: transfer(3000, 'savings'), approvalTimeoutMs: 150 },
    });
    expect(run.body.status).toBe('expired');
    expect(run.body.verdict.effect).toBe('deny');
  });

  it('answers an unknown approval id with 404', async () => {
    const res = await t.api('POST', '/v1/approvals/nope/approve', { body: {} });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('approval_not_found');
  });
});

describe('the live feed, metrics and OpenAPI', () => {
  it('streams verdicts and outcomes over Server-Sent Events [server.events.sse]', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.url}/v1/events`, {
      headers: { authorization: `Bearer ${OPERATOR_KEY}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>)
      .pipeThrough(new TextDecoderStream())
      .getReader();
    let text = '';
    const read = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += value;
      }
    };
    await read('event: ready');
    const { body } = await t.api('POST', '/v1/run', { body: { context: transfer(50, 'landlord') } });
    await t.api('POST', '/v1/settle', { body: { id: body.verdict.id, outcome: 'executed' } });
    await read('event: outcome');
    controller.abort();
    const events = text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)));
    expect(events.slice(1).map((e) => [e.type, e.id, e.effect, e.outcome])).toEqual([
      ['verdict', body.verdict.id, 'allow', undefined],
      ['outcome', body.verdict.id, 'allow', 'executed'],
    ]);
  });

  it('exposes decisions, latency, pending approvals and budget use to Prometheus [server.metrics.prometheus]', async () => {
    const buy = await t.api('POST', '/v1/evaluate', {
      body: { tool: 'buy_gift', args: { price: 30 }, principal },
    });
    await t.api('POST', '/v1/settle', { body: { id: buy.body.id, outcome: 'executed' } });
    const res = await t.api('GET', '/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = res.body as string;
    expect(text).toContain('portcullis_decisions_total{effect="deny",guard="rules"} 1');
    expect(text).toContain('portcullis_evaluation_duration_seconds_count');
    expect(text).toContain('portcullis_pending_approvals 0');
    expect(text).toMatch(
      /portcullis_budget_used\{limit="daily",owner="global",window="\d{4}-\d\d-\d\d"\} 30/,
    );
    expect(text).toMatch(
      /portcullis_budget_limit\{limit="daily",owner="global",window="\d{4}-\d\d-\d\d"\} 100/,
    );
    expect(text).toContain(`portcullis_policy_info{version="${t.server.policyVersion}"} 1`);
    const budget = await t.api('GET', '/v1/budget');
    expect(budget.body.budgets).toEqual([
      {
        limit: 'daily',
        owner: 'global',
        window: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
        used: 30,
        max: 100,
      },
    ]);
  });

  it('publishes an OpenAPI document generated from the request schemas, for routes that exist', async () => {
    const doc = (await t.api('GET', '/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const evaluate = doc.paths['/v1/evaluate'].post;
    expect(evaluate.requestBody.content['application/json'].schema.required).toEqual(['tool', 'args']);
    expect(evaluate['x-roles']).toEqual(['agent']);
    for (const route of ROUTES) {
      expect(doc.paths[route.path][route.method].summary).toBe(route.summary);
      if (route.path === '/v1/events') continue;
      const path = route.path.replace('{id}', 'unknown-id');
      const key = route.roles.includes('operator') ? OPERATOR_KEY : AGENT_KEY;
      const res = await t.api(route.method.toUpperCase(), path, { key, raw: '{}' });
      expect([route.method, route.path, res.body?.error?.code]).not.toEqual([
        route.method,
        route.path,
        'not_found',
      ]);
    }
  });
});
