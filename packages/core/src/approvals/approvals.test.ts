import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import { memoryStore } from '../state/memory-store.ts';
import { collectingSink, manualClock } from '../testing/index.ts';
import type { ApprovalHandler } from './approval-handler.ts';
import { autoDeny } from './auto-deny.ts';
import { callbackApprover } from './callback-approver.ts';
import { consoleApprover } from './console-approver.ts';
import { queueApprover } from './queue-approver.ts';

const policy = parsePolicy(`
version: 1
rules:
  - name: huge-wire
    tools: [wire]
    when: { amount: { gt: 100000 } }
    effect: ask
    approvers: [manager, director]
    reason: Wires above $100k need a manager and a director
  - name: big-wire
    tools: [wire]
    when: { amount: { gt: 1000 } }
    effect: ask
    reason: Wires above $1k need approval
`);
const wire = (amount: number, to = 'acme') => ({
  tool: 'wire',
  args: { amount, to },
  source: 'direct' as const,
  principal: { userId: 'u1' },
});

afterEach(() => {
  vi.useRealTimers();
});

describe('callbackApprover', () => {
  it('runs the call after approval and audits who approved [approval.decided]', async () => {
    const audit = collectingSink();
    const engine = createEngine({
      policy,
      audit,
      approvals: callbackApprover(() => ({ approved: true, approver: 'alice' })),
    });
    const result = await engine.run(wire(5000), () => 'sent');
    expect(result).toMatchObject({ outcome: 'executed', result: 'sent' });
    expect(audit.records[0]).toMatchObject({
      outcome: 'executed',
      approver: 'alice',
      approvals: [{ approver: 'alice' }],
    });
  });

  it('walks a chain of roles level by level and records each [approval.chain.roles]', async () => {
    const audit = collectingSink();
    const asked: string[] = [];
    const approvals = callbackApprover((request) => {
      asked.push(request.level?.role ?? 'none');
      return { approved: true, approver: request.level?.role === 'manager' ? 'mia' : 'dan' };
    });
    const engine = createEngine({ policy, audit, approvals });
    const result = await engine.run(wire(250_000), () => 'sent');
    expect(asked).toEqual(['manager', 'director']);
    expect(result.outcome).toBe('executed');
    expect(result.verdict.decisions.slice(-2)).toEqual([
      { effect: 'allow', guard: 'approval', reason: 'approved by mia as manager' },
      { effect: 'allow', guard: 'approval', reason: 'approved by dan as director' },
    ]);
    expect(audit.records[0]?.approvals?.map((l) => [l.role, l.approver])).toEqual([
      ['manager', 'mia'],
      ['director', 'dan'],
    ]);
  });

  it('ends the chain at the first rejection [approval.chain.roles]', async () => {
    const decide = vi.fn((request: { level?: { role: string } }) => request.level?.role !== 'director');
    const execute = vi.fn();
    const engine = createEngine({ policy, approvals: callbackApprover(decide) });
    const result = await engine.run(wire(250_000), execute);
    expect(result.outcome).toBe('rejected');
    expect(decide).toHaveBeenCalledTimes(2);
    expect(execute).not.toHaveBeenCalled();
  });

  it('refuses an approval whose levels do not match the chain', async () => {
    const sloppy: ApprovalHandler = {
      name: 'sloppy',
      request: async () => ({ status: 'approved', approver: 'x' }),
    };
    const result = await createEngine({ policy, approvals: sloppy }).run(wire(250_000), () => 1);
    expect(result.outcome).toBe('blocked');
    expect(result.verdict.decisions.at(-1)).toMatchObject({
      code: 'approval_incomplete',
      reason: 'Approval incomplete: level 1 needs a manager, got no role',
    });
  });

  it('expires after its own timeoutMs and denies when the callback throws or answers nonsense [approval.timeout.expired]', async () => {
    vi.useFakeTimers();
    const slow = createEngine({
      policy,
      approvals: callbackApprover(() => new Promise(() => {}), { timeoutMs: 100 }),
    });
    const pending = slow.run(wire(5000), () => 1);
    await vi.advanceTimersByTimeAsync(100);
    expect((await pending).outcome).toBe('expired');
    vi.useRealTimers();
    const throwing = createEngine({
      policy,
      approvals: callbackApprover(() => {
        throw new Error('slack down');
      }),
    });
    expect((await throwing.run(wire(5000), () => 1)).verdict.decisions.at(-1)).toMatchObject({
      code: 'approval_error',
    });
    const nonsense = createEngine({ policy, approvals: callbackApprover(() => 'sure' as never) });
    expect((await nonsense.run(wire(5000), () => 1)).verdict.decisions.at(-1)).toMatchObject({
      code: 'approval_error',
    });
  });
});

describe('autoDeny and consoleApprover', () => {
  it('autoDeny rejects with its reason', async () => {
    const result = await createEngine({ policy, approvals: autoDeny('Nobody on call') }).run(
      wire(5000),
      () => 1,
    );
    expect(result.outcome).toBe('rejected');
    expect(result.verdict.reason).toBe('Rejected by autoDeny: Nobody on call');
  });

  it('consoleApprover rejects when stdin is not a terminal, and reads y/n from one', async () => {
    const notTty = Object.assign(new PassThrough(), { isTTY: false });
    const engine = createEngine({
      policy,
      approvals: consoleApprover({ input: notTty, output: new PassThrough() }),
    });
    expect((await engine.run(wire(5000), () => 1)).verdict.reason).toBe(
      'Rejected by console: no terminal to ask on (stdin is not a TTY)',
    );

    const tty = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let shown = '';
    let answered = false;
    output.on('data', (chunk) => {
      shown += chunk;
      if (!answered && shown.includes('[y/N]')) {
        answered = true;
        tty.write('y\n');
      }
    });
    const asking = createEngine({
      policy,
      approvals: consoleApprover({ input: tty, output, approver: 'ops' }),
    });
    const result = await asking.run(wire(5000), () => 'sent');
    expect(result).toMatchObject({ outcome: 'executed', result: 'sent' });
    expect(shown).toContain('Wires above $1k need approval');
  });
});

describe('queueApprover', () => {
  it('holds a waiting call until an operator approves it by id', async () => {
    const store = memoryStore();
    const queue = queueApprover({ store, pollIntervalMs: 5, timeoutMs: 5000 });
    const engine = createEngine({ policy, store, approvals: queue });
    const running = engine.run({ ...wire(5000), callId: 'call_7' }, () => 'sent');
    await vi.waitFor(async () => expect(await queue.list({ status: 'pending' })).toHaveLength(1));
    const [pending] = await queue.list({ status: 'pending' });
    expect(pending).toMatchObject({
      tool: 'wire',
      callId: 'call_7',
      args: { amount: 5000, to: 'acme' },
      reasons: ['Wires above $1k need approval'],
    });
    await queue.approve(pending?.id as string, { approver: 'alice' });
    expect(await running).toMatchObject({ outcome: 'executed', result: 'sent' });
  });

  it('rejects a waiting call an operator rejects', async () => {
    const store = memoryStore();
    const queue = queueApprover({ store, pollIntervalMs: 5, timeoutMs: 5000 });
    const engine = createEngine({ policy, store, approvals: queue });
    const running = engine.run(wire(5000), () => 'sent');
    await vi.waitFor(async () => expect(await queue.list()).toHaveLength(1));
    const [pending] = await queue.list();
    expect(pending?.callId).toBeNull();
    await queue.reject(pending?.id as string, { approver: 'bob', reason: 'not today' });
    const result = await running;
    expect(result.outcome).toBe('rejected');
    expect(result.verdict.reason).toBe('Rejected by bob: not today');
    await expect(queue.approve(pending?.id as string, { approver: 'x' })).rejects.toMatchObject({
      code: 'approval_decided',
    });
  });

  it('binds a non-waiting approval to the exact call, once, until its TTL', async () => {
    const clock = manualClock();
    const store = memoryStore({ now: clock.now });
    const queue = queueApprover({ store, wait: false, grantTtlMs: 60_000 });
    const engine = createEngine({ policy, store, approvals: queue });
    const first = await engine.run(wire(5000), () => 'sent');
    expect(first.outcome).toBe('blocked');
    expect(first.verdict.decisions.at(-1)).toMatchObject({ code: 'approval_pending' });
    const [pending] = await queue.list({ status: 'pending' });
    expect(first.verdict.reason).toContain(`Approval ${pending?.id} is pending`);
    // Asking again before the answer does not queue a second request.
    await engine.run(wire(5000), () => 'sent');
    expect(await queue.list({ status: 'pending' })).toHaveLength(1);
    await queue.approve(pending?.id as string, { approver: 'alice' });

    expect((await engine.run(wire(5001), () => 'sent')).outcome).toBe('blocked'); // other args: asks again
    expect((await engine.run(wire(5000), () => 'sent')).outcome).toBe('executed'); // the approved call
    expect((await engine.run(wire(5000), () => 'sent')).outcome).toBe('blocked'); // used once

    const [again] = await queue.list({ status: 'pending' });
    const late = (await queue.list({ status: 'pending' })).find((p) => p.args['amount'] === 5000) ?? again;
    await queue.approve(late?.id as string, { approver: 'alice' });
    clock.advance(60_000);
    expect((await engine.run(wire(5000), () => 'sent')).outcome).toBe('blocked'); // the grant expired
  });

  it('needs the roles of a chain in order', async () => {
    const store = memoryStore();
    const queue = queueApprover({ store, wait: false });
    const engine = createEngine({ policy, store, approvals: queue });
    await engine.run(wire(250_000), () => 1);
    const [pending] = await queue.list();
    const id = pending?.id as string;
    expect(pending?.chain).toEqual(['manager', 'director']);
    await expect(queue.approve(id, { approver: 'dan', role: 'director' })).rejects.toThrow(
      `Approval ${id} needs a manager next, not a director`,
    );
    expect((await queue.approve(id, { approver: 'mia', role: 'manager' })).status).toBe('pending');
    expect((await queue.approve(id, { approver: 'dan', role: 'director' })).status).toBe('approved');
    const result = await engine.run(wire(250_000), () => 'sent');
    expect(result.outcome).toBe('executed');
    expect(result.verdict.reason).toBe('approved by mia as manager; approved by dan as director');
  });
});
