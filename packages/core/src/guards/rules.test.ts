import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import type { Condition } from '../policy/condition-schema.ts';
import type { PolicyInput } from '../policy/policy-schema.ts';
import { manualClock } from '../testing/index.ts';

/** Does a single deny rule with this condition fire for these args? */
async function fires(path: string, condition: Condition, args: Record<string, unknown>): Promise<boolean> {
  const engine = createEngine({
    policy: { version: 1, rules: [{ name: 'r', effect: 'deny', when: { [path]: condition } }] },
  });
  return (await engine.evaluate({ tool: 't', args, source: 'direct' })).effect === 'deny';
}

describe('rule conditions', () => {
  it.each<[string, Condition, Record<string, unknown>, boolean]>([
    ['eq number', { eq: 5 }, { a: 5 }, true],
    ['eq numeric string', { eq: 5 }, { a: '5' }, true],
    ['eq string', { eq: 'x' }, { a: 'x' }, true],
    ['eq shorthand', 'x', { a: 'y' }, false],
    ['eq object', { eq: { k: [1, 2] } } as Condition, { a: { k: [1, 2] } }, true],
    ['ne', { ne: 'USD' }, { a: 'EUR' }, true],
    ['ne equal', { ne: 'USD' }, { a: 'USD' }, false],
    ['gt', { gt: 10 }, { a: 11 }, true],
    ['gt boundary', { gt: 10 }, { a: 10 }, false],
    ['gte', { gte: 10 }, { a: 10 }, true],
    ['lt', { lt: 0 }, { a: -1 }, true],
    ['lte', { lte: 0 }, { a: 0.5 }, false],
    ['range', { gt: 1, lt: 3 }, { a: 2 }, true],
    ['range outside', { gt: 1, lt: 3 }, { a: 3 }, false],
    ['gt non-numeric', { gt: 1 }, { a: 'many' }, false],
    ['gt on "1,5" is not 15', { gt: 2 }, { a: '1,5' }, false],
    ['in', { in: ['a', 'b'] }, { a: 'b' }, true],
    ['notIn', { notIn: ['a', 'b'] }, { a: 'c' }, true],
    ['notIn member', { notIn: ['a', 'b'] }, { a: 'a' }, false],
    ['matches', { matches: '^acct-\\d+$' }, { a: 'acct-42' }, true],
    ['matches miss', { matches: '^acct-\\d+$' }, { a: 'x-acct-42' }, false],
    ['matches on object', { matches: '.*' }, { a: { b: 1 } }, false],
    ['contains substring', { contains: 'prod' }, { a: 'db-prod-1' }, true],
    ['contains element', { contains: 'admin' }, { a: ['user', 'admin'] }, true],
    [
      'containsAny case-insensitive',
      { containsAny: ['drop table', 'truncate'] },
      { a: 'please DROP TABLE users' },
      true,
    ],
    [
      'containsAny nested',
      { containsAny: ['password'] },
      { a: { body: ['hi', { note: 'Password: x' }] } },
      true,
    ],
    ['containsAny miss', { containsAny: ['password'] }, { a: 'hello' }, false],
    ['exists', { exists: true }, { a: null }, true],
    ['exists absent', { exists: true }, {}, false],
    ['exists false', { exists: false }, {}, true],
    ['absent fails other tests', { ne: 'x' }, {}, false],
  ])('%s', async (_label, condition, args, expected) => {
    expect(await fires('a', condition, args)).toBe(expected);
  });

  it('fails closed when containsAny meets arguments nested too deep to read', async () => {
    let nested: unknown = 'DROP TABLE users';
    for (let i = 0; i < 70; i++) nested = { a: nested };
    const engine = createEngine({
      policy: {
        version: 1,
        rules: [
          { name: 'fine', tools: ['t'], when: { q: { containsAny: ['hello'] } }, effect: 'allow' },
          { name: 'no-drops', when: { q: { containsAny: ['drop table'] } }, effect: 'deny' },
        ],
      },
    });
    const verdict = await engine.evaluate({ tool: 't', args: { q: nested }, source: 'direct' });
    expect(verdict.effect).toBe('deny');
    expect(verdict.reason).toContain('nest deeper than 64 levels');
    let shallow: unknown = 'DROP TABLE users';
    for (let i = 0; i < 60; i++) shallow = { a: shallow };
    const found = await engine.evaluate({ tool: 't', args: { q: shallow }, source: 'direct' });
    expect(found.effect).toBe('deny');
    expect(found.reason).toContain('no-drops');
  });

  it('reads nested and wildcard paths, holding when any element passes', async () => {
    expect(await fires('to.account', { eq: 'ext' }, { to: { account: 'ext' } })).toBe(true);
    expect(await fires('items[*].price', { gt: 100 }, { items: [{ price: 5 }, { price: 500 }] })).toBe(true);
    expect(await fires('items[*].price', { gt: 100 }, { items: [{ price: 5 }, { price: 50 }] })).toBe(false);
    expect(await fires('items[1].price', { gt: 100 }, { items: [{ price: 500 }, { price: 50 }] })).toBe(
      false,
    );
    expect(await fires('headers["x-key"]', { exists: true }, { headers: { 'x-key': 'v' } })).toBe(true);
    expect(await fires('items[*].sku', { exists: false }, { items: [{ price: 1 }] })).toBe(true);
  });

  it('never reads the prototype chain [rules.no-prototype]', async () => {
    expect(await fires('constructor', { exists: true }, {})).toBe(false);
    expect(await fires('a.toString', { exists: true }, { a: 'x' })).toBe(false);
  });

  it('refuses __proto__ as a path key, which a plain object could not hold [rules.no-prototype]', () => {
    const when = JSON.parse('{"__proto__": {"exists": true}}') as Record<string, Condition>;
    expect(() =>
      createEngine({ policy: { version: 1, rules: [{ name: 'r', effect: 'allow', when }] } }),
    ).toThrow('rules[0].when.__proto__: the key "__proto__" is not allowed');
  });
});

describe('rules guard', () => {
  const policy: PolicyInput = {
    version: 1,
    rules: [
      {
        name: 'huge',
        tools: ['transfer_*'],
        when: { amount: { gt: 10_000 } },
        effect: 'deny',
        reason: 'Too large',
        risk: 0.9,
      },
      {
        name: 'big',
        tools: ['transfer_*'],
        when: { amount: { gt: 1000 } },
        effect: 'ask',
        reason: 'Large transfer',
      },
      {
        name: 'known',
        tools: ['transfer_*'],
        when: { to: { in: ['savings'] } },
        effect: 'allow',
        reason: 'Own account',
      },
      { name: 'any-tool', when: { env: 'prod' }, effect: 'deny' },
    ],
  };
  const engine = createEngine({ policy });
  const evaluate = (tool: string, args: Record<string, unknown>) =>
    engine.evaluate({ tool, args, source: 'direct' });

  it('lets the first matching rule in order decide [rules.first-match]', async () => {
    expect((await evaluate('transfer_wire', { amount: 20_000, to: 'savings' })).decisions).toEqual([
      { effect: 'deny', guard: 'rules', code: 'rule', rule: 'huge', reason: 'Too large', risk: 0.9 },
    ]);
    expect((await evaluate('transfer_wire', { amount: 5000, to: 'savings' })).decisions).toEqual([
      { effect: 'ask', guard: 'rules', rule: 'big', reason: 'Large transfer' },
    ]);
    expect((await evaluate('transfer_wire', { amount: 50, to: 'savings' })).decisions).toEqual([
      { effect: 'allow', guard: 'rules', rule: 'known', reason: 'Own account' },
    ]);
    expect((await evaluate('transfer_wire', { amount: 50, to: 'bob' })).decisions).toEqual([
      { effect: 'allow', guard: 'rules', reason: 'no rule matched' },
    ]);
  });

  it('applies rules without tools to every tool, with a default reason', async () => {
    expect((await evaluate('anything', { env: 'prod' })).decisions).toEqual([
      { effect: 'deny', guard: 'rules', code: 'rule', rule: 'any-tool', reason: 'Rule "any-tool" matched' },
    ]);
  });

  it('records no decision for a tool no rule names', async () => {
    const only = createEngine({
      policy: { version: 1, rules: [{ name: 'r', tools: ['a'], effect: 'deny' }] },
    });
    expect((await only.evaluate({ tool: 'b', args: {}, source: 'direct' })).decisions).toEqual([]);
  });

  it('limits a rule to its time window, in its time zone and on its days', async () => {
    const clock = manualClock();
    const windowed = createEngine({
      now: clock.now,
      policy: {
        version: 1,
        rules: [
          {
            name: 'office-hours-only',
            tools: ['wire'],
            time: {
              between: ['18:00', '08:00'],
              timezone: 'Europe/Berlin',
              days: ['mon', 'tue', 'wed', 'thu', 'fri'],
            },
            effect: 'deny',
            reason: 'No wires outside office hours',
          },
        ],
      },
    });
    const at = async (iso: string) => {
      clock.set(Date.parse(iso));
      return (await windowed.evaluate({ tool: 'wire', args: {}, source: 'direct' })).effect;
    };
    expect(await at('2026-01-05T12:00:00Z')).toBe('allow'); // Monday 13:00 Berlin
    expect(await at('2026-01-05T17:30:00Z')).toBe('deny'); // Monday 18:30 Berlin
    expect(await at('2026-01-06T05:00:00Z')).toBe('deny'); // Tuesday 06:00, window opened Monday
    expect(await at('2026-01-06T07:30:00Z')).toBe('allow'); // Tuesday 08:30
    expect(await at('2026-01-10T20:00:00Z')).toBe('allow'); // Saturday 21:00: not a listed day
    expect(await at('2026-01-12T06:00:00Z')).toBe('allow'); // Monday 07:00: window opened Sunday
  });
});
