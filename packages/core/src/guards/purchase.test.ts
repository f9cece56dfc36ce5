import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

const engine = () =>
  createEngine({
    policy: parsePolicy(`
version: 1
guards:
  purchase:
    tools: [buy_item]
    currencyArg: currency
    currency: USD
    maxSingle: 100
    maxDaily: 150
    maxCountPerDay: 3
    askAbove: 50
    blockedCategories: [gambling]
    allowedMerchants: ["*.shop.example", amazon]
`),
  });
const buy = (args: Record<string, unknown>) => ({
  tool: 'buy_item',
  args: { currency: 'usd', merchant: 'amazon', ...args },
  source: 'direct' as const,
});

describe('purchase guard', () => {
  it('allows a small purchase and asks above askAbove [purchase.limits]', async () => {
    const e = engine();
    expect((await e.evaluate(buy({ amount: 20 }))).effect).toBe('allow');
    expect((await e.evaluate(buy({ amount: 60 }))).decisions[0]).toEqual({
      effect: 'ask',
      guard: 'purchase',
      reason: 'Purchase of 60 is above 50 and needs approval',
    });
  });

  it.each([
    [{ amount: 101 }, 'purchase_limit'],
    [{ amount: 'a lot' }, 'invalid_amount'],
    [{}, 'invalid_amount'],
    [{ amount: -5 }, 'invalid_amount'],
    [{ amount: 5, currency: 'EUR' }, 'currency_mismatch'],
    [{ amount: 5, category: 'Gambling' }, 'blocked_category'],
    [{ amount: 5, merchant: 'evil.biz' }, 'merchant_not_allowed'],
  ])('denies %j with %s [purchase.limits]', async (args, code) => {
    expect((await engine().evaluate(buy(args))).decisions[0]).toMatchObject({ effect: 'deny', code });
  });

  it('accepts merchants matching a glob, case-insensitively', async () => {
    expect((await engine().evaluate(buy({ amount: 5, merchant: 'Books.Shop.Example' }))).effect).toBe(
      'allow',
    );
  });

  it('enforces the daily amount and count on executed purchases [purchase.limits]', async () => {
    const e = engine();
    expect((await e.run(buy({ amount: 40 }), () => 1)).outcome).toBe('executed');
    expect((await e.run(buy({ amount: 40 }), () => 1)).outcome).toBe('executed');
    const third = await e.run(buy({ amount: 80 }), () => 1);
    expect(third.verdict.decisions[0]).toMatchObject({ code: 'purchase_daily_limit' });
    expect((await e.run(buy({ amount: 10 }), () => 1)).outcome).toBe('executed');
    expect((await e.run(buy({ amount: 1 }), () => 1)).verdict.decisions[0]).toMatchObject({
      code: 'purchase_count_limit',
    });
  });

  it('rejects malformed configuration', () => {
    expect(() => parsePolicy('version: 1\nguards: { purchase: { currency: dollars } }')).toThrow(
      'guards.purchase.currency (line 2): expected an ISO 4217 code such as "USD"',
    );
  });
});
