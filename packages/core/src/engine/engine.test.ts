import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalHandler } from '../approvals/approval-handler.ts';
import { ToolCallDeniedError } from '../errors/tool-call-denied-error.ts';
import type { Guard } from '../guard.ts';
import { guarded } from '../guarded.ts';
import { type CallContext, createEngine, defineGuard, parsePolicy, type Reservation } from '../index.ts';
import { collectingSink, hangingGuard, testContext, throwingGuard } from '../testing/index.ts';

const yamlPolicy = `
version: 1
guards:
  scope:
    deny: ["drop_*"]
rules:
  - name: refund-limit
    tools: ["refund", "transfer_*"]
    when: { amount: { gt: 1000 } }
    effect: deny
    reason: Refunds above $1000 are never automatic
`;

const call = (tool: string, args: Record<string, unknown> = {}): CallContext => testContext({ tool, args });

afterEach(() => {
  vi.useRealTimers();
});

describe('createEngine with a YAML policy', () => {
  const engine = createEngine({ policy: parsePolicy(yamlPolicy) });

  it('denies drop_table by scope [scope.globs.deny-first]', async () => {
    const verdict = await engine.evaluate(call('drop_table', { name: 'users' }));
    expect(verdict.effect).toBe('deny');
    expect(verdict.decisions).toEqual([
      {
        effect: 'deny',
        guard: 'scope',
        code: 'scope_denied',
        reason: 'Tool "drop_table" is denied by scope (matches "drop_*")',
      },
    ]);
    expect(verdict.reason).toBe('Tool "drop_table" is denied by scope (matches "drop_*")');
  });

  it('denies a refund of 1500 by the rule and allows one of 50', async () => {
    const big = await engine.evaluate(call('refund', { amount: 1500 }));
    expect(big.effect).toBe('deny');
    expect(big.decisions).toContainEqual({
      effect: 'deny',
      guard: 'rules',
      code: 'rule',
      rule: 'refund-limit',
      reason: 'Refunds above $1000 are never automatic',
    });
    const small = await engine.evaluate(call('refund', { amount: 50 }));
    expect(small.effect).toBe('allow');
    expect(small.reason).toBe('allowed');
    expect(small.args).toEqual({ amount: 50 });
  });

  it('reads amounts written as strings as numbers, so quoting cannot slip past a limit [rules.numeric-strings]', async () => {
    for (const amount of ['1500', ' 1500.00 ', '$1,500', '1.5e3']) {
      expect((await engine.evaluate(call('refund', { amount }))).effect, String(amount)).toBe('deny');
    }
    expect((await engine.evaluate(call('refund', { amount: 'lots' }))).effect).toBe('allow');
  });

  it('gives every verdict a fresh id and a W3C trace id, or the one in metadata', async () => {
    const a = await engine.evaluate(call('search'));
    const b = await engine.evaluate(call('search'));
    expect(a.id).not.toBe(b.id);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    const traceId = 'a'.repeat(32);
    const c = await engine.evaluate({ ...call('search'), metadata: { traceId } });
    expect(c.traceId).toBe(traceId);
  });

  it('denies a malformed context instead of throwing [engine.evaluate.never-throws]', async () => {
    const verdict = await engine.evaluate({ tool: 'x', args: '{"a":1}' } as unknown as CallContext);
    expect(verdict.effect).toBe('deny');
    expect(verdict.decisions[0]).toMatchObject({ guard: 'engine', code: 'invalid_context' });
    expect(verdict.reason).toBe('Invalid call context: args must be a plain object (got string)');
    const empty = await engine.evaluate(null as unknown as CallContext);
    expect(empty.decisions[0]).toMatchObject({ code: 'invalid_context' });
  });
});

describe('fail closed', () => {
  it('turns a guard that throws into deny / guard_error [engine.guard-throws.deny]', async () => {
    const engine = createEngine({
      policy: { version: 1 },
      guards: [throwingGuard('flaky', new Error('db down'))],
    });
    const verdict = await engine.evaluate(call('search'));
    expect(verdict.effect).toBe('deny');
    expect(verdict.decisions).toEqual([
      { effect: 'deny', guard: 'flaky', code: 'guard_error', reason: 'Guard "flaky" failed: db down' },
    ]);
  });

  it('turns a guard that rejects into deny / guard_error', async () => {
    const engine = createEngine({
      policy: { version: 1 },
      guards: [{ name: 'rejecting', evaluate: async () => Promise.reject(new Error('nope')) }],
    });
    expect((await engine.evaluate(call('search'))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'guard_error',
    });
  });

  it('answers deny / guard_timeout at the deadline of a guard that never settles, and aborts its signal [engine.deadline.deny]', async () => {
    vi.useFakeTimers();
    const hanging = hangingGuard();
    const engine = createEngine({ policy: { version: 1, defaults: { deadlineMs: 50 } }, guards: [hanging] });
    let settled = false;
    const pending = engine.evaluate(call('search')).then((verdict) => {
      settled = true;
      return verdict;
    });
    await vi.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    const verdict = await pending;
    expect(verdict.decisions).toEqual([
      {
        effect: 'deny',
        guard: 'hanging',
        code: 'guard_timeout',
        reason: 'Guard "hanging" did not answer within 50 ms',
      },
    ]);
    expect(hanging.aborted()).toBe(true);
  });

  it('lets a guard override the deadline', async () => {
    vi.useFakeTimers();
    const slow = { ...hangingGuard('slow'), deadlineMs: 10 };
    const engine = createEngine({ policy: { version: 1 }, guards: [slow] });
    const pending = engine.evaluate(call('search'));
    await vi.advanceTimersByTimeAsync(10);
    expect((await pending).decisions[0]).toMatchObject({
      code: 'guard_timeout',
      reason: 'Guard "slow" did not answer within 10 ms',
    });
  });

  it.each([
    ['undefined', undefined, 'returned undefined instead of a decision'],
    ['a string', 'allow', 'returned string instead of a decision'],
    ['an unknown effect', { effect: 'permit' }, 'returned an invalid decision (effect "permit")'],
    ['modify without args', { effect: 'modify', reason: 'x' }, 'returned modify without an args object'],
    [
      'modify with array args',
      { effect: 'modify', reason: 'x', args: [1] },
      'returned modify without an args object',
    ],
  ])('denies when a custom guard returns %s [engine.guard-throws.deny]', async (_label, answer, message) => {
    const engine = createEngine({
      policy: { version: 1 },
      guards: [{ name: 'odd', evaluate: () => answer as never }],
    });
    const verdict = await engine.evaluate(call('search'));
    expect(verdict.effect).toBe('deny');
    expect(verdict.decisions[0]).toEqual({
      effect: 'deny',
      guard: 'odd',
      code: 'guard_error',
      reason: `Guard "odd" failed: ${message}`,
    });
  });

  it('fails open only for a guard configured so, and says so in the decision [engine.fail-open.explicit]', async () => {
    const engine = createEngine({
      policy: { version: 1 },
      guards: [{ ...throwingGuard('optional'), failMode: 'open' }],
    });
    const verdict = await engine.evaluate(call('search'));
    expect(verdict.effect).toBe('allow');
    expect(verdict.decisions).toEqual([
      {
        effect: 'allow',
        guard: 'optional',
        code: 'guard_error',
        reason: 'failed open: Guard "optional" failed: boom',
      },
    ]);
  });

  it('rejects two guards with one name at construction', () => {
    expect(() =>
      createEngine({ policy: { version: 1 }, guards: [throwingGuard('twin'), throwingGuard('twin')] }),
    ).toThrow('Two guards are named "twin"');
  });

  it('denies everything with defaults.effect deny and no allow list', async () => {
    const engine = createEngine({ policy: { version: 1, defaults: { effect: 'deny' } } });
    expect((await engine.evaluate(call('anything'))).decisions[0]).toMatchObject({ code: 'not_in_scope' });
  });
});

describe('precedence and modify', () => {
  const decide = (name: string, answer: ReturnType<Guard['evaluate']>): Guard => ({
    name,
    evaluate: () => answer,
  });

  it('ranks deny over ask over modify over allow, keeping every decision in guard order [engine.precedence]', async () => {
    const engine = createEngine({
      policy: { version: 1 },
      guards: [
        decide('a', { effect: 'allow' }),
        decide('m', { effect: 'modify', reason: 'redacted', args: { x: 1 } }),
        decide('q', { effect: 'ask', reason: 'big' }),
        decide('d', { effect: 'deny', code: 'nope', reason: 'no' }),
      ],
    });
    const verdict = await engine.evaluate(call('t', { x: 0 }));
    expect(verdict.effect).toBe('deny');
    expect(verdict.reason).toBe('no');
    expect(verdict.decisions.map((d) => d.guard)).toEqual(['a', 'm', 'q', 'd']);
  });

  it('composes several modify decisions in guard order [engine.precedence]', async () => {
    const engine = createEngine({
      policy: { version: 1 },
      guards: [
        decide('first', {
          effect: 'modify',
          reason: 'redact token',
          args: { to: 'a@b.c', token: '[REDACTED]', meta: { n: 1, k: 'v' } },
        }),
        decide('second', {
          effect: 'modify',
          reason: 'cap n',
          args: { to: 'a@b.c', token: 'secret', meta: { n: 2, k: 'v' } },
        }),
        decide('third', {
          effect: 'modify',
          reason: 'drop to',
          args: { token: 'secret', meta: { n: 1, k: 'v' } },
        }),
      ],
    });
    const verdict = await engine.evaluate(
      call('send', { to: 'a@b.c', token: 'secret', meta: { n: 1, k: 'v' } }),
    );
    expect(verdict.effect).toBe('modify');
    expect(verdict.args).toEqual({ token: '[REDACTED]', meta: { n: 2, k: 'v' } });
    expect(verdict.reason).toBe('redact token; cap n; drop to');
  });

  it('treats __proto__ in modified args as data', async () => {
    const modified = JSON.parse('{"__proto__": {"polluted": true}, "a": 2}') as Record<string, unknown>;
    const engine = createEngine({
      policy: { version: 1 },
      guards: [
        decide('one', { effect: 'modify', reason: 'a', args: { a: 1 } }),
        decide('two', { effect: 'modify', reason: 'b', args: modified }),
      ],
    });
    const verdict = await engine.evaluate(call('t', { a: 0 }));
    expect(Object.hasOwn(verdict.args, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('run', () => {
  it('never calls execute for a denied call and reports it blocked [engine.deny.not-executed]', async () => {
    const engine = createEngine({ policy: parsePolicy(yamlPolicy) });
    const execute = vi.fn();
    const result = await engine.run(call('refund', { amount: 1500 }), execute);
    expect(result.outcome).toBe('blocked');
    expect(execute).not.toHaveBeenCalled();
  });

  it('runs an allowed call with the verdict args and returns its result', async () => {
    const engine = createEngine({
      policy: { version: 1 },
      guards: [
        {
          name: 'redact',
          evaluate: (ctx) => ({ effect: 'modify', reason: 'r', args: { ...ctx.args, card: '[REDACTED]' } }),
        },
      ],
    });
    const result = await engine.run(call('pay', { card: '4111111111111111', amount: 3 }), (args) => args);
    expect(result).toMatchObject({ outcome: 'executed', result: { card: '[REDACTED]', amount: 3 } });
  });

  it('rethrows the tool’s own error and audits it as failed [engine.tool-error.failed]', async () => {
    const audit = collectingSink();
    const engine = createEngine({ policy: { version: 1 }, audit });
    const error = new Error('upstream 500');
    await expect(engine.run(call('search'), () => Promise.reject(error))).rejects.toBe(error);
    expect(audit.records.map((r) => [r.outcome, r.error])).toEqual([['failed', 'upstream 500']]);
  });

  it('commits reservations on executed and releases them otherwise [budget.limits]', async () => {
    const events: string[] = [];
    const reserving = defineGuard({
      name: 'budget-like',
      evaluate: (ctx) => {
        const reservation: Reservation = {
          commit: () => void events.push(`commit ${ctx.tool}`),
          release: () => void events.push(`release ${ctx.tool}`),
        };
        return { effect: 'allow', reservation };
      },
    });
    const engine = createEngine({
      policy: { version: 1, guards: { scope: { deny: ['blocked'] } } },
      guards: [reserving],
    });
    await engine.run(call('ok'), () => 1);
    await expect(engine.run(call('bad'), () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await engine.run(call('blocked'), () => 1);
    expect(events).toEqual(['commit ok', 'release bad', 'release blocked']);
  });

  it('denies an ask with approval_unavailable when no approver is configured [approval.none-configured.deny]', async () => {
    const engine = createEngine({ policy: { version: 1, guards: { scope: { ask: ['send_*'] } } } });
    const execute = vi.fn();
    const result = await engine.run(call('send_email'), execute);
    expect(result.outcome).toBe('blocked');
    expect(result.verdict.effect).toBe('deny');
    expect(result.verdict.decisions.at(-1)).toMatchObject({
      guard: 'approval',
      code: 'approval_unavailable',
    });
    expect(execute).not.toHaveBeenCalled();
  });

  const approver = (
    answer: Awaited<ReturnType<ApprovalHandler['request']>> | Error,
  ): ApprovalHandler & { requests: unknown[] } => {
    const requests: unknown[] = [];
    return {
      name: 'test-approver',
      requests,
      request: async (request) => {
        requests.push(request);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    };
  };

  it('runs an approved call and records the approver [approval.decided]', async () => {
    const audit = collectingSink();
    const approvals = approver({ status: 'approved', approver: 'alice' });
    const engine = createEngine({
      policy: { version: 1, guards: { scope: { ask: ['send_*'] } } },
      approvals,
      audit,
    });
    const result = await engine.run(
      { ...call('send_email', { to: 'x' }), principal: { userId: 'u1' } },
      () => 'sent',
    );
    expect(result).toMatchObject({ outcome: 'executed', result: 'sent' });
    expect(result.verdict.effect).toBe('allow');
    expect(result.verdict.decisions.at(-1)).toEqual({
      effect: 'allow',
      guard: 'approval',
      reason: 'approved by alice',
    });
    expect(approvals.requests[0]).toMatchObject({
      tool: 'send_email',
      args: { to: 'x' },
      reasons: ['Tool "send_email" needs approval (scope ask matches "send_*")'],
      argsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(audit.records[0]).toMatchObject({ outcome: 'executed', approver: 'alice', effect: 'allow' });
  });

  it.each([
    [
      'rejected',
      { status: 'rejected', approver: 'bob', reason: 'too much' } as const,
      'rejected',
      'approval_rejected',
    ],
    ['throws', new Error('slack down'), 'blocked', 'approval_error'],
  ])('does not run a call whose approver %s [approval.decided]', async (_label, answer, outcome, code) => {
    const engine = createEngine({
      policy: { version: 1, guards: { scope: { ask: ['*'] } } },
      approvals: approver(answer),
    });
    const execute = vi.fn();
    const result = await engine.run(call('t'), execute);
    expect(result.outcome).toBe(outcome);
    expect(result.verdict.decisions.at(-1)).toMatchObject({ effect: 'deny', code });
    expect(execute).not.toHaveBeenCalled();
  });

  it('expires an approval nobody answers within approvalTimeoutMs [approval.timeout.expired]', async () => {
    vi.useFakeTimers();
    const never: ApprovalHandler = { name: 'silent', request: () => new Promise(() => {}) };
    const engine = createEngine({
      policy: { version: 1, defaults: { approvalTimeoutMs: 1000 }, guards: { scope: { ask: ['*'] } } },
      approvals: never,
    });
    const execute = vi.fn();
    const pending = engine.run(call('t'), execute);
    await vi.advanceTimersByTimeAsync(1000);
    const result = await pending;
    expect(result.outcome).toBe('expired');
    expect(result.verdict.reason).toBe(
      'No approval within 1000 ms: Tool "t" needs approval (scope ask matches "*")',
    );
    expect(execute).not.toHaveBeenCalled();
  });
});

describe('guarded()', () => {
  const engine = createEngine({ policy: parsePolicy(yamlPolicy) });
  const refund = guarded('refund', async (args: { amount: number }) => `refunded ${args.amount}`, { engine });

  it('runs allowed calls and throws ToolCallDeniedError with the verdict for blocked ones', async () => {
    await expect(refund({ amount: 50 })).resolves.toBe('refunded 50');
    const error = await refund({ amount: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallDeniedError);
    expect(ToolCallDeniedError.isInstance(error)).toBe(true);
    expect((error as ToolCallDeniedError).verdict.effect).toBe('deny');
    expect((error as ToolCallDeniedError).message).toBe(
      'The tool call "refund" was NOT executed: it was blocked by policy. Reason: Refunds above $1000 are never automatic. Do not retry the same call; change the request or ask the user.',
    );
  });
});

describe('explain', () => {
  it('shows every guard and rule with what it decided, without reserving [engine.explain.no-side-effects]', async () => {
    const reserve = vi.fn();
    const engine = createEngine({
      policy: parsePolicy(`${yamlPolicy}
  - name: small-refunds
    tools: [refund]
    when: { amount: { lte: 1000 } }
    effect: allow
  - name: emails
    tools: ["send_*"]
    effect: ask
    reason: Emails need a human
`),
      guards: [
        {
          name: 'stateful',
          evaluate: (_ctx, env) => {
            if (!env.dryRun) reserve();
            return { effect: 'allow' };
          },
        },
      ],
    });
    const explanation = await engine.explain(call('refund', { amount: 1500 }));
    expect(explanation.effect).toBe('deny');
    expect(explanation.guards).toEqual([
      {
        guard: 'scope',
        applied: true,
        decision: { effect: 'allow', guard: 'scope', reason: 'no scope list matches; allowed by default' },
        steps: [{ name: 'default', matched: true, detail: 'no list matches; default effect is allow' }],
      },
      {
        guard: 'rules',
        applied: true,
        decision: {
          effect: 'deny',
          guard: 'rules',
          code: 'rule',
          rule: 'refund-limit',
          reason: 'Refunds above $1000 are never automatic',
        },
        steps: [
          { name: 'refund-limit', matched: true, detail: 'amount {"gt":1000}: holds (value: 1500)' },
          {
            name: 'small-refunds',
            matched: false,
            detail: 'amount {"lte":1000}: does not hold (value: 1500)',
          },
          { name: 'emails', matched: false, detail: 'does not apply to tool "refund"' },
        ],
      },
      { guard: 'stateful', applied: true, decision: { effect: 'allow', guard: 'stateful' }, steps: [] },
    ]);
    expect(reserve).not.toHaveBeenCalled();
  });
});
