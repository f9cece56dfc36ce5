import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createRemoteEngine } from './remote-engine.ts';

type Handler = (req: IncomingMessage & { body: unknown }, res: ServerResponse) => void;

interface Fake {
  url: string;
  requests: { method: string; path: string; auth: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A stand-in guard server on 127.0.0.1 that answers each request with `handler`. */
async function fakeServer(handler: Handler): Promise<Fake> {
  const requests: Fake['requests'] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    req.on('end', () => {
      const body = text === '' ? undefined : (JSON.parse(text) as unknown);
      requests.push({ method: req.method ?? '', path: req.url ?? '', auth: req.headers.authorization, body });
      handler(Object.assign(req, { body }), res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const allowVerdict = (id: string) => ({
  id,
  traceId: 'a'.repeat(32),
  effect: 'allow',
  args: { amount: 50 },
  decisions: [{ effect: 'allow', guard: 'scope' }],
  reason: 'allowed',
  durationMs: 0.2,
  policyVersion: 'v-1',
});

const ctx = { tool: 'transfer_funds', args: { amount: 50 }, source: 'http' as const };

const denyCode = (verdict: { decisions: { effect: string; code?: string }[] }) =>
  verdict.decisions.find((d) => d.effect === 'deny')?.code;

describe('createRemoteEngine', () => {
  it('sends the call with the bearer key and returns the server verdict with its policy version', async () => {
    const fake = await fakeServer((req, res) => {
      if (req.url === '/v1/evaluate') json(res, 200, allowVerdict('v1'));
      else json(res, 200, { version: 'v-1', policy: { version: 1 } });
    });
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k-agent' });
    const verdict = await engine.evaluate(ctx);
    expect(verdict).toEqual(allowVerdict('v1'));
    expect(fake.requests[0]).toEqual({
      method: 'POST',
      path: '/v1/evaluate',
      auth: 'Bearer k-agent',
      body: ctx,
    });
    expect(engine.policyVersion).toBe('v-1');
  });

  it.each([
    [
      'a 500',
      (_req: unknown, res: ServerResponse) => json(res, 500, { error: { message: 'boom' } }),
      'HTTP 500: boom',
    ],
    [
      'malformed JSON',
      (_req: unknown, res: ServerResponse) => res.end('{not json'),
      'the answer is not JSON',
    ],
    [
      'a verdict without an effect',
      (_req: unknown, res: ServerResponse) => json(res, 200, { ...allowVerdict('x'), effect: 'perhaps' }),
      'malformed answer at effect',
    ],
  ])('denies with remote_unavailable on %s [remote.unavailable.deny]', async (_name, handler, why) => {
    const fake = await fakeServer(handler);
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k', retries: 0 });
    const verdict = await engine.evaluate(ctx);
    expect(verdict.effect).toBe('deny');
    expect(denyCode(verdict)).toBe('remote_unavailable');
    expect(verdict.reason).toBe(`Guard server unavailable (${why}); the call is denied`);
  });

  it('retries a 5xx and takes the answer of the retry', async () => {
    let calls = 0;
    const fake = await fakeServer((_req, res) => {
      calls += 1;
      if (calls === 1) json(res, 503, {});
      else json(res, 200, allowVerdict('second'));
    });
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k', retries: 2 });
    expect((await engine.evaluate(ctx)).id).toBe('second');
    expect(calls).toBe(2);
  });

  it('denies when the server does not answer within timeoutMs [remote.unavailable.deny]', async () => {
    const fake = await fakeServer(() => {
      // Never answers.
    });
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k', timeoutMs: 100, retries: 0 });
    const verdict = await engine.evaluate(ctx);
    expect(denyCode(verdict)).toBe('remote_unavailable');
    expect(verdict.reason).toBe('Guard server unavailable (no answer within 100 ms); the call is denied');
  });

  it('denies when nothing listens at the address, and settling that verdict sends nothing [remote.unavailable.deny]', async () => {
    const fake = await fakeServer(() => {});
    await fake.close();
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k', retries: 1 });
    const verdict = await engine.evaluate(ctx);
    expect(verdict.reason).toBe(
      'Guard server unavailable (connection refused, ECONNREFUSED); the call is denied',
    );
    await engine.settle(verdict, 'blocked');
    expect(fake.requests).toEqual([]);
  });

  it('settles by verdict id once, and reports a settle the server refused to onError', async () => {
    const errors: string[] = [];
    const fake = await fakeServer((req, res) => {
      if (req.url === '/v1/evaluate') json(res, 200, allowVerdict('v9'));
      else if (req.url === '/v1/settle') json(res, 404, { error: { message: 'unknown verdict' } });
      else json(res, 200, { version: 'v-1', policy: { version: 1 } });
    });
    const engine = createRemoteEngine({
      url: fake.url,
      apiKey: 'k',
      onError: (error) => errors.push((error as Error).message),
    });
    const verdict = await engine.evaluate(ctx);
    await engine.settle(verdict, 'executed', { approver: 'alice' });
    await engine.settle(verdict, 'executed');
    const settles = fake.requests.filter((r) => r.path === '/v1/settle');
    expect(settles.map((r) => r.body)).toEqual([{ id: 'v9', outcome: 'executed', approver: 'alice' }]);
    expect(errors).toEqual(['Guard server did not take the settle of v9: HTTP 404: unknown verdict']);
  });

  it('runs the call when the server says execute, then settles it as executed', async () => {
    const fake = await fakeServer((req, res) => {
      if (req.url === '/v1/run') json(res, 200, { status: 'execute', verdict: allowVerdict('r1') });
      else if (req.url === '/v1/settle') json(res, 200, { settled: true });
      else json(res, 200, { version: 'v-1', policy: { version: 1 } });
    });
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k' });
    const result = await engine.run(ctx, (args) => `sent ${String(args['amount'])}`);
    expect(result).toEqual({ outcome: 'executed', verdict: allowVerdict('r1'), result: 'sent 50' });
    expect(fake.requests.find((r) => r.path === '/v1/settle')?.body).toEqual({
      id: 'r1',
      outcome: 'executed',
    });
  });

  it('does not run the call when the server answers rejected', async () => {
    const { policyVersion: _unversioned, ...base } = allowVerdict('r2');
    const rejected = {
      ...base,
      effect: 'deny',
      reason: 'Rejected by bob',
      decisions: [
        { effect: 'deny', guard: 'approval', code: 'approval_rejected', reason: 'Rejected by bob' },
      ],
    };
    const fake = await fakeServer((_req, res) => json(res, 200, { status: 'rejected', verdict: rejected }));
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k' });
    let ran = false;
    const result = await engine.run(ctx, () => {
      ran = true;
    });
    expect(result.outcome).toBe('rejected');
    expect(ran).toBe(false);
    await engine.settle(result.verdict, 'rejected');
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/run']);
  });

  it('explains a call as denied when the server is unavailable', async () => {
    const fake = await fakeServer((_req, res) => json(res, 502, {}));
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k', retries: 0 });
    expect(await engine.explain(ctx)).toEqual({
      tool: 'transfer_funds',
      effect: 'deny',
      reason: 'Guard server unavailable (HTTP 502); the call is denied',
      args: { amount: 50 },
      guards: [],
    });
  });

  it('holds a deny-everything policy until the server policy is fetched', async () => {
    const fake = await fakeServer((_req, res) =>
      json(res, 200, { version: 'v-7', policy: { version: 1, name: 'bank', defaults: { effect: 'allow' } } }),
    );
    const engine = createRemoteEngine({ url: fake.url, apiKey: 'k' });
    expect(engine.policy.defaults.effect).toBe('deny');
    expect(await engine.refresh()).toBe(true);
    expect(engine.policy.name).toBe('bank');
    expect(engine.policyVersion).toBe('v-7');
  });
});
