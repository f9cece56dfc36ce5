import { describe, expect, it, vi } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import { memoryStore } from '../state/memory-store.ts';
import { collectingSink, manualClock } from '../testing/index.ts';

const policy = (guard: string) =>
  parsePolicy(`version: 1\nguards:\n  budget:\n${guard.replace(/^/gm, '    ')}`);
const call = (tool: string, args: Record<string, unknown> = {}, sessionId = 's1') => ({
  tool,
  args,
  source: 'direct' as const,
  principal: { userId: 'u1', sessionId },
});

describe('budget guard', () => {
  it('prices calls from the costs table and denies a call over maxCallCost [budget.limits]', async () => {
    const engine = createEngine({ policy: policy('costs: { "gpt4_*": 0.03, big_job: 5 }\nmaxCallCost: 1') });
    expect((await engine.evaluate(call('gpt4_chat'))).decisions).toEqual([
      { effect: 'allow', guard: 'budget', reason: 'Budget: cost 0.03 reserved' },
    ]);
    expect((await engine.evaluate(call('big_job'))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'budget',
      code: 'budget_call_cost',
      reason: 'Budget: this call costs 5, more than the 1 allowed per call',
    });
    expect((await engine.evaluate(call('unpriced'))).decisions).toEqual([]);
  });

  it('reads the cost from an argument and denies a malformed one [budget.limits]', async () => {
    const engine = createEngine({ policy: policy('costArg: usage.cost\nmaxDailySpend: 10') });
    expect((await engine.evaluate(call('llm', { usage: { cost: '2.5' } }))).effect).toBe('allow');
    expect((await engine.evaluate(call('llm', { usage: { cost: 'free' } }))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'invalid_cost',
    });
  });

  it('charges the sum of every value a [*] cost path reaches [budget.limits]', async () => {
    const engine = createEngine({ policy: policy('costArg: "items[*].price"\nmaxCallCost: 100') });
    const items = (...prices: unknown[]) => ({ items: prices.map((price) => ({ price })) });
    expect((await engine.evaluate(call('order', items(1, 5000, 5000)))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'budget',
      code: 'budget_call_cost',
      reason: 'Budget: this call costs 10001, more than the 100 allowed per call',
    });
    expect((await engine.evaluate(call('order', items(5000, 1)))).decisions[0]).toMatchObject({
      code: 'budget_call_cost',
    });
    expect((await engine.evaluate(call('order', items(1, 'lots')))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'budget',
      code: 'invalid_cost',
      reason: 'Budget: items[*].price must be a non-negative number, got "lots"',
    });
    expect((await engine.evaluate(call('order', items(1, '2.5')))).decisions).toEqual([
      { effect: 'allow', guard: 'budget', reason: 'Budget: cost 3.5 reserved' },
    ]);
  });

  it('charges at least the costs table when costArg names a lower cost [budget.limits]', async () => {
    const engine = createEngine({ policy: policy('costs: { "gpt4_*": 10 }\ncostArg: amount') });
    const reasons = [];
    for (const [tool, amount] of [
      ['gpt4_chat', 0],
      ['gpt4_chat', 25],
      ['search', 3],
    ] as const) {
      reasons.push((await engine.evaluate(call(tool, { amount }))).decisions[0]?.reason);
    }
    expect(reasons).toEqual([
      'Budget: cost 10 reserved',
      'Budget: cost 25 reserved',
      'Budget: cost 3 reserved',
    ]);
  });

  it('counts a tiny positive cost as at least one millionth, never as nothing [budget.limits]', async () => {
    const engine = createEngine({ policy: policy('costs: { tick: 0.0000004 }\nmaxDailySpend: 0.000002') });
    const effects = [];
    for (let i = 0; i < 3; i++) effects.push((await engine.run(call('tick'), () => 1)).outcome);
    expect(effects).toEqual(['executed', 'executed', 'blocked']);
  });

  it('spends a daily limit exactly, committing only calls that ran [budget.limits]', async () => {
    const engine = createEngine({ policy: policy('costs: { charge: 0.1 }\nmaxDailySpend: 1') });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const fail = i === 0;
      const result = await engine
        .run(call('charge'), () => {
          if (fail) throw new Error('tool down');
          return 'ok';
        })
        .catch(() => ({ outcome: 'failed' }));
      outcomes.push(result.outcome);
    }
    // The failed call gives its 0.1 back; ten runs of 0.1 fill 1 exactly (no float drift).
    expect(outcomes).toEqual(['failed', ...Array(10).fill('executed'), 'blocked']);
  });

  it('asks above askAbove of a limit and resets with the calendar day in its time zone [budget.limits]', async () => {
    const clock = manualClock(Date.parse('2026-03-10T22:30:00Z'));
    const engine = createEngine({
      now: clock.now,
      policy: policy(
        'costs: { charge: 4 }\nmaxDailySpend: 10\naskAbove: 0.7\ntimezone: America/New_York\nper: user',
      ),
    });
    const first = await engine.run(call('charge'), () => 'ok');
    expect(first.outcome).toBe('executed');
    const second = await engine.evaluate(call('charge'));
    expect(second.decisions[0]).toEqual({
      effect: 'ask',
      guard: 'budget',
      reason: 'Budget: this call (4) takes the daily spend to 8 of 10 (80%)',
    });
    await engine.settle(second, 'rejected');
    clock.set(Date.parse('2026-03-11T05:00:00Z')); // 01:00 next day in New York
    expect((await engine.evaluate(call('charge'))).effect).toBe('allow');
  });

  it('keeps counting a cost whose call outlasts any hold or is never settled [budget.lost-settle.counts]', async () => {
    const clock = manualClock(Date.parse('2026-03-10T10:00:00Z'));
    const engine = createEngine({
      now: clock.now,
      store: memoryStore({ now: clock.now }),
      policy: policy('costs: { pay: 60 }\nmaxDailySpend: 100'),
    });
    // An approval that takes ten minutes: the call then runs, and its cost must be on the books.
    const approved = await engine.evaluate(call('pay'));
    expect(approved.effect).toBe('allow');
    clock.advance(10 * 60_000);
    await engine.settle(approved, 'executed');
    expect((await engine.evaluate(call('pay'))).decisions[0]).toMatchObject({ code: 'budget_exceeded' });
    // A process that never reports the end of a call: its cost still counts hours later.
    const other = createEngine({
      now: clock.now,
      store: memoryStore({ now: clock.now }),
      policy: policy('costs: { pay: 60 }\nmaxDailySpend: 100'),
    });
    expect((await other.evaluate(call('pay'))).effect).toBe('allow');
    clock.advance(3 * 3_600_000);
    expect((await other.evaluate(call('pay'))).decisions[0]).toMatchObject({ code: 'budget_exceeded' });
  });

  it('gives back what an unanswered ask took once its approval would have expired, and still audits a late settle [budget.unanswered-ask.given-back]', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const audit = collectingSink();
      const engine = createEngine({
        audit,
        policy: parsePolicy(`version: 1
defaults: { approvalTimeoutMs: 60000 }
guards: { budget: { costs: { pay: 60 }, maxDailySpend: 100 } }
rules: [{ name: review, tools: [pay], effect: ask }]`),
      });
      const waiting = await engine.evaluate(call('pay'));
      expect(waiting.effect).toBe('ask');
      expect((await engine.evaluate(call('pay'))).decisions).toContainEqual(
        expect.objectContaining({ code: 'budget_exceeded' }),
      );
      vi.advanceTimersByTime(59_999);
      expect((await engine.evaluate(call('pay'))).decisions).toContainEqual(
        expect.objectContaining({ code: 'budget_exceeded' }),
      );
      vi.advanceTimersByTime(1);
      const newer = await engine.evaluate(call('pay'));
      expect(newer.effect).toBe('ask');
      await engine.settle(waiting, 'rejected');
      expect(audit.records.map((r) => [r.id, r.outcome])).toEqual([[waiting.id, 'rejected']]);
      // The late settle gave nothing back a second time: the newer ask still holds its 60.
      expect((await engine.evaluate(call('pay'))).decisions).toContainEqual(
        expect.objectContaining({ code: 'budget_exceeded' }),
      );
      // Settling the newer ask stops its timer, and what it committed is not given back later.
      expect(vi.getTimerCount()).toBe(1);
      await engine.settle(newer, 'executed');
      expect(vi.getTimerCount()).toBe(0);
      vi.advanceTimersByTime(60_000);
      expect((await engine.evaluate(call('pay'))).decisions).toContainEqual(
        expect.objectContaining({ code: 'budget_exceeded' }),
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('limits a session separately from others', async () => {
    const engine = createEngine({ policy: policy('costs: { q: 1 }\nmaxSessionSpend: 2') });
    for (const _ of [1, 2]) await engine.run(call('q', {}, 'a'), () => 1);
    expect((await engine.run(call('q', {}, 'a'), () => 1)).outcome).toBe('blocked');
    expect((await engine.run(call('q', {}, 'b'), () => 1)).outcome).toBe('executed');
  });

  it('never overspends under 1,000 concurrent calls [budget.concurrency.no-overspend]', async () => {
    const store = memoryStore();
    const engine = createEngine({ policy: policy('costs: { pay: 1 }\nmaxDailySpend: 100'), store });
    let ran = 0;
    await Promise.all(
      Array.from({ length: 1000 }, () =>
        engine.run(call('pay'), async () => {
          await new Promise((r) => setImmediate(r));
          ran += 1;
        }),
      ),
    );
    expect(ran).toBe(100);
  });

  it('denies with store_unavailable when the store fails, and explain reserves nothing [state.store-down.deny]', async () => {
    const broken = memoryStore();
    const { StoreUnavailableError } = await import('../errors/store-unavailable-error.ts');
    broken.reserve = () => {
      throw new StoreUnavailableError('memory', new Error('down'));
    };
    const engine = createEngine({ policy: policy('costs: { pay: 1 }\nmaxDailySpend: 5'), store: broken });
    expect((await engine.evaluate(call('pay'))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'store_unavailable',
    });

    const store = memoryStore();
    const explaining = createEngine({ policy: policy('costs: { pay: 1 }\nmaxDailySpend: 5'), store });
    const explanation = await explaining.explain(call('pay'));
    expect(explanation.effect).toBe('allow');
    expect((await explaining.evaluate(call('pay'))).effect).toBe('allow'); // nothing was held by explain
  });

  it('rejects malformed configuration with the path', () => {
    expect(() => policy('maxDailySpend: "10$"')).toThrow(
      'guards.budget.maxDailySpend (line 4): expected number, received string "10$"',
    );
    expect(() => policy('askAbove: 2')).toThrow('guards.budget.askAbove');
    expect(() => policy('costArg: "a[x"')).toThrow('guards.budget.costArg');
    expect(() => policy('timezone: Nowhere/Land')).toThrow('unknown time zone');
  });
});
