import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import { manualClock } from '../testing/index.ts';
import { cyclePeriod } from './rate-limit.ts';

const engineWith = (guard: string, clock = manualClock()) =>
  createEngine({
    now: clock.now,
    policy: parsePolicy(`version: 1\nguards:\n  rateLimit:\n${guard.replace(/^/gm, '    ')}`),
  });
const call = (tool: string, args: Record<string, unknown> = {}) => ({
  tool,
  args,
  source: 'direct' as const,
  principal: { agentId: 'a1', sessionId: 's1' },
});

describe('rateLimit guard', () => {
  it('lets exactly perMinute calls run per minute, even when they arrive together [rate-limit.per-minute.exact]', async () => {
    const clock = manualClock();
    const engine = engineWith('perMinute: 50', clock);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => engine.run(call('t', { i }), async () => 1)),
    );
    expect(results.filter((r) => r.outcome === 'executed')).toHaveLength(50);
    expect(results.find((r) => r.outcome === 'blocked')?.verdict.reason).toBe(
      'Rate limit: more than 50 calls per minute',
    );
    clock.advance(60_000);
    expect((await engine.run(call('t', { i: 'next' }), () => 1)).outcome).toBe('executed');
  });

  it('limits each tool separately and each session in total', async () => {
    const engine = engineWith('perToolPerMinute: 2\nperSession: 3');
    const outcomes = [];
    for (const tool of ['a', 'a', 'a', 'b', 'b'])
      outcomes.push((await engine.run(call(tool, { n: outcomes.length }), () => 1)).outcome);
    expect(outcomes).toEqual(['executed', 'executed', 'blocked', 'executed', 'blocked']);
  });

  it('stops a burst and cools down', async () => {
    const clock = manualClock();
    const engine = engineWith('burst: { max: 3, windowSeconds: 1, cooldownSeconds: 30 }', clock);
    for (let i = 0; i < 3; i++)
      expect((await engine.run(call('t', { i }), () => 1)).outcome).toBe('executed');
    expect((await engine.evaluate(call('t', { i: 3 }))).decisions[0]).toMatchObject({ code: 'burst' });
    clock.advance(5000);
    expect((await engine.evaluate(call('t', { i: 4 }))).decisions[0]).toMatchObject({
      code: 'burst_cooldown',
    });
    clock.advance(26_000);
    expect((await engine.evaluate(call('t', { i: 5 }))).effect).toBe('allow');
  });

  it('catches the same call repeated, whatever the key order or number spelling [rate-limit.loops]', async () => {
    const engine = engineWith('maxIdenticalCalls: 2');
    await engine.evaluate(call('search', { q: 'x', page: 1 }));
    await engine.evaluate(call('search', { page: 1.0, q: 'x' }));
    expect((await engine.evaluate(call('search', { q: 'x', page: 1 }))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'identical_calls',
    });
    expect((await engine.evaluate(call('search', { q: 'y', page: 1 }))).effect).toBe('allow');
  });

  it('catches A-B-A-B and A-B-C-A-B-C cycles, and can ask instead [rate-limit.loops]', async () => {
    const engine = engineWith('detectCycles: true');
    const effects = [];
    for (const tool of ['a', 'b', 'a', 'b']) effects.push((await engine.evaluate(call(tool))).effect);
    expect(effects).toEqual(['allow', 'allow', 'allow', 'deny']);
    const asking = engineWith('detectCycles: true\nloopEffect: ask');
    const verdicts = [];
    for (const tool of ['a', 'b', 'c', 'a', 'b', 'c']) verdicts.push(await asking.evaluate(call(tool)));
    expect(verdicts.at(-1)?.decisions[0]).toEqual({
      effect: 'ask',
      guard: 'rateLimit',
      reason: 'Rate limit: the calls a → b → c repeat 2 times with the same arguments; it looks like a loop',
    });
  });

  it('finds cycle periods', () => {
    expect(cyclePeriod(['x', 'a', 'b', 'a', 'b'], 3, 2)).toBe(2);
    expect(cyclePeriod(['a', 'a', 'a', 'a'], 3, 2)).toBeUndefined();
    expect(cyclePeriod(['a', 'b', 'c', 'a', 'b', 'd'], 3, 2)).toBeUndefined();
  });

  it('rejects malformed configuration', () => {
    expect(() => engineWith('perMinute: 1.5')).toThrow('guards.rateLimit.perMinute');
    expect(() => engineWith('burst: { windowSeconds: 1 }')).toThrow('guards.rateLimit.burst.max');
  });
});
