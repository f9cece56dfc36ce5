import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../context.ts';
import type { Effect } from '../decision.ts';
import type { Condition } from '../policy/condition-schema.ts';
import type { PolicyInput } from '../policy/policy-schema.ts';
import type { Rule } from '../policy/rule-schema.ts';
import { createEngine } from './create-engine.ts';

const tools = [
  'refund',
  'transfer_wire',
  'drop_table',
  'search_web',
  'send_email',
  'constructor',
  '__proto__',
  'a.b',
];
const globs = ['*', 'refund', 'transfer_*', 'drop_*', 'search_*', 's*', '{refund,send_*}', '!(drop_*)'];
const paths = ['amount', 'to', 'to.account', 'items[*].price', 'items[0].price', 'memo', 'constructor'];

const scalar = fc.oneof(
  fc.integer({ min: -5000, max: 5000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 8 }),
  fc.boolean(),
  fc.constant(null),
);
const argValue = fc.oneof(
  scalar,
  fc.array(fc.record({ price: fc.oneof(fc.integer(), fc.string()) }), { maxLength: 3 }),
  fc.record({ account: fc.oneof(fc.string(), fc.integer()) }),
);
const args = fc.dictionary(
  fc.constantFrom('amount', 'to', 'items', 'memo', 'constructor', '__proto__', 'x'),
  argValue,
  { maxKeys: 5 },
);

const condition: fc.Arbitrary<Condition> = fc.oneof(
  scalar.filter((v) => typeof v !== 'number' || Number.isFinite(v)) as fc.Arbitrary<Condition>,
  fc.record({ gt: fc.integer({ min: -100, max: 5000 }) }),
  fc.record({ lte: fc.integer({ min: -100, max: 5000 }) }),
  fc.record({ eq: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })) }),
  fc.record({
    in: fc.array(fc.oneof(fc.integer({ min: 0, max: 10 }), fc.string({ maxLength: 2 })), { maxLength: 3 }),
  }),
  fc.record({ notIn: fc.array(fc.string({ maxLength: 2 }), { maxLength: 3 }) }),
  fc.record({ contains: fc.string({ maxLength: 2 }) }),
  fc.record({
    containsAny: fc.array(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ exists: fc.boolean() }),
  fc.record({ matches: fc.constantFrom('^a', '\\d+', '.*') }),
);

const ruleBody = fc.record(
  {
    tools: fc.subarray(globs, { minLength: 1 }),
    when: fc.dictionary(fc.constantFrom(...paths), condition, { maxKeys: 2 }),
    effect: fc.constantFrom('deny', 'ask', 'allow') as fc.Arbitrary<Rule['effect']>,
  },
  { requiredKeys: ['effect'] },
);

const policy: fc.Arbitrary<PolicyInput> = fc.record({
  version: fc.constant(1 as const),
  defaults: fc.record({
    effect: fc.constantFrom('allow', 'deny', 'ask') as fc.Arbitrary<'allow' | 'deny' | 'ask'>,
  }),
  guards: fc.record(
    {
      scope: fc.record(
        { allow: fc.subarray(globs), deny: fc.subarray(globs), ask: fc.subarray(globs) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
  rules: fc
    .array(ruleBody, { maxLength: 6 })
    .map((rules) => rules.map((rule, i) => ({ ...rule, name: `r${i}` }))),
});

const context: fc.Arbitrary<CallContext> = fc.record({
  tool: fc.oneof(fc.constantFrom(...tools), fc.string({ maxLength: 12 })),
  args,
  source: fc.constant('direct' as const),
  principal: fc.option(fc.record({ agentId: fc.constantFrom('a', 'b', 'constructor') }), { nil: undefined }),
  hints: fc.option(fc.record({ readOnly: fc.boolean() }), { nil: undefined }),
});

const rank: Record<Effect, number> = { allow: 0, modify: 1, ask: 2, deny: 3 };

describe('engine properties', () => {
  it('evaluate never throws and always gives a known effect, for any policy and context [engine.evaluate.never-throws]', async () => {
    await fc.assert(
      fc.asyncProperty(
        policy,
        fc.oneof(context, fc.anything() as fc.Arbitrary<CallContext>),
        async (p, ctx) => {
          const engine = createEngine({ policy: p });
          const verdict = await engine.evaluate(ctx);
          expect(Object.keys(rank)).toContain(verdict.effect);
          expect(typeof verdict.reason).toBe('string');
          if (verdict.effect === 'deny')
            expect(verdict.decisions.some((d) => d.effect === 'deny')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('adding a deny rule anywhere never makes a call less restricted (a denied call stays denied)', async () => {
    await fc.assert(
      fc.asyncProperty(policy, ruleBody, fc.nat(), context, async (p, extra, at, ctx) => {
        const rules = [...(p.rules ?? [])];
        rules.splice(at % (rules.length + 1), 0, { ...extra, effect: 'deny', name: 'extra-deny' });
        const before = await createEngine({ policy: p }).evaluate(ctx);
        const after = await createEngine({ policy: { ...p, rules } }).evaluate(ctx);
        expect(rank[after.effect]).toBeGreaterThanOrEqual(rank[before.effect]);
        if (before.effect === 'deny') expect(after.effect).toBe('deny');
      }),
      { numRuns: 300 },
    );
  });
});
