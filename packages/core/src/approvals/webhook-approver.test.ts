import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { webhookApprover } from './webhook-approver.ts';
import { SIGNATURE_HEADER, signPayload, verifySignature } from './webhook-signature.ts';

const secret = 'whsec_test';
type Mode = 'approve' | 'reject' | 'unsigned' | 'pending-then-approve' | 'pending-forever';
let mode: Mode = 'approve';
const received: { body: string; signed: boolean }[] = [];
const polls = new Map<string, number>();
let server: Server;
let url: string;

const send = (res: import('node:http').ServerResponse, status: number, body: string, signed = true) => {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(signed ? { [SIGNATURE_HEADER]: signPayload(body, secret) } : {}),
  });
  res.end(body);
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ body, signed: verifySignature(body, req.headers[SIGNATURE_HEADER] as string, secret) });
      if (req.method === 'POST') {
        if (mode === 'approve')
          return send(res, 200, JSON.stringify({ status: 'approved', approver: 'alice' }));
        if (mode === 'reject')
          return send(res, 200, JSON.stringify({ status: 'rejected', approver: 'bob', reason: 'no' }));
        if (mode === 'unsigned')
          return send(res, 200, JSON.stringify({ status: 'approved', approver: 'mallory' }), false);
        res.writeHead(202).end();
        return;
      }
      const id = decodeURIComponent(req.url?.split('/').pop() ?? '');
      const count = (polls.get(id) ?? 0) + 1;
      polls.set(id, count);
      if (mode === 'pending-then-approve' && count >= 2)
        return send(res, 200, JSON.stringify({ id, status: 'approved', approver: 'carol' }));
      send(res, 200, JSON.stringify({ id, status: 'pending' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approvals`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const policy = { version: 1 as const, guards: { scope: { ask: ['wire'] } } };
const wire = { tool: 'wire', args: { amount: 5000 }, source: 'direct' as const, principal: { userId: 'u1' } };

describe('webhookApprover', () => {
  it('POSTs a signed request and runs the call when the signed answer approves [approval.webhook.signed]', async () => {
    mode = 'approve';
    received.length = 0;
    const engine = createEngine({ policy, approvals: webhookApprover({ url, secret }) });
    const result = await engine.run(wire, () => 'sent');
    expect(result).toMatchObject({ outcome: 'executed', result: 'sent' });
    expect(received[0]?.signed).toBe(true);
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({
      id: result.verdict.id,
      tool: 'wire',
      args: { amount: 5000 },
      principal: { userId: 'u1' },
      reasons: ['Tool "wire" needs approval (scope ask matches "wire")'],
      argsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      chain: [],
    });
  });

  it('does not run the call on a rejection or on an unsigned answer [approval.webhook.signed]', async () => {
    mode = 'reject';
    const engine = createEngine({ policy, approvals: webhookApprover({ url, secret }) });
    expect((await engine.run(wire, () => 1)).outcome).toBe('rejected');
    mode = 'unsigned';
    const forged = await engine.run(wire, () => 1);
    expect(forged.outcome).toBe('blocked');
    expect(forged.verdict.reason).toContain('not signed with the shared secret');
  });

  it('polls for an answer that comes later', async () => {
    mode = 'pending-then-approve';
    const engine = createEngine({ policy, approvals: webhookApprover({ url, secret, pollIntervalMs: 10 }) });
    const result = await engine.run(wire, () => 'sent');
    expect(result.outcome).toBe('executed');
    expect(polls.get(result.verdict.id)).toBe(2);
  });

  it('takes an answer pushed to receive(), refusing forged ones [approval.webhook.signed]', async () => {
    mode = 'pending-forever';
    const approvals = webhookApprover({ url, secret, pollIntervalMs: 0, timeoutMs: 5000 });
    const engine = createEngine({ policy, approvals });
    const before = received.length;
    const running = engine.run(wire, () => 'sent');
    // Wait for the approval request to reach the webhook (no fixed sleep: the machine may be slow).
    while (received.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
    const id = JSON.parse(received.at(-1)?.body ?? '{}').id as string;
    const answer = JSON.stringify({ id, status: 'approved', approver: 'dana' });
    expect(approvals.receive(answer, signPayload(answer, 'wrong-secret'))).toBe(false);
    expect(approvals.receive(answer, signPayload(answer, secret))).toBe(true);
    expect((await running).outcome).toBe('executed');
  });
});

describe('webhook signatures', () => {
  it('verify only the exact body, with the secret, within the tolerance', () => {
    const header = signPayload('{"a":1}', secret, 1_000_000);
    expect(verifySignature('{"a":1}', header, secret, { now: 1_000_100 })).toBe(true);
    expect(verifySignature('{"a":2}', header, secret, { now: 1_000_100 })).toBe(false);
    expect(verifySignature('{"a":1}', header, 'other', { now: 1_000_100 })).toBe(false);
    expect(verifySignature('{"a":1}', header, secret, { now: 1_000_400 })).toBe(false);
    expect(verifySignature('{"a":1}', 'garbage', secret)).toBe(false);
    expect(verifySignature('{"a":1}', undefined, secret)).toBe(false);
  });
});
