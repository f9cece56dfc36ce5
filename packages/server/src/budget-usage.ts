import type { Policy, Principal, StateStore } from '@portcullis/core';

/** One budget limit and how much of it is used (committed plus held). */
export interface BudgetGauge {
  /** `daily` or `monthly`. */
  limit: 'daily' | 'monthly';
  /** Whose spend: `global`, or `user:u-42` and the like (the budget's `per`). */
  owner: string;
  /** The calendar window, e.g. `2026-11-21`. */
  window: string;
  /** Spent so far in the window (committed plus held reservations). */
  used: number;
  /** The limit (`maxDailySpend` or `maxMonthlySpend`). */
  max: number;
}

/** Money is counted by the budget guard in integer millionths. */
const UNITS = 1_000_000;

/**
 * Reads the budget counters of the policy's `budget` guard from the state store, for the owners
 * given (the budget's `per` decides who an owner is). Mirrors the guard's key format
 * `budget:<owner>:<day|month>:<window>`; the server's tests pin it.
 *
 * @example
 * const gauges = await budgetUsage({ policy, store, principals: [{ userId: 'u-42' }] });
 * // [{ limit: 'daily', owner: 'user:u-42', window: '2026-11-21', used: 12.5, max: 50 }]
 */
export async function budgetUsage(input: {
  /** The policy whose `budget` guard is read; no budget, no gauges. */
  policy: Policy;
  /** The store the budget guard counts in. */
  store: StateStore;
  /** Whose spend to read (mapped to owners by the budget's `per`). */
  principals: readonly (Principal | undefined)[];
  /** Now, epoch ms, to pick the day and month windows (default `Date.now()`). */
  now?: number;
}): Promise<BudgetGauge[]> {
  const budget = input.policy.guards.budget;
  if (!budget) return [];
  const now = input.now ?? Date.now();
  const owners = [...new Set(input.principals.map((p) => ownerKey(p, budget.per)))];
  if (owners.length === 0) owners.push(ownerKey(undefined, budget.per));
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: budget.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const gauges: BudgetGauge[] = [];
  for (const [limit, unit, max, window] of [
    ['daily', 'day', budget.maxDailySpend, day],
    ['monthly', 'month', budget.maxMonthlySpend, day.slice(0, 7)],
  ] as const) {
    if (max === undefined) continue;
    for (const owner of owners) {
      const units = await input.store.get(`budget:${owner}:${unit}:${window}`);
      gauges.push({ limit, owner, window, used: units / UNITS, max });
    }
  }
  return gauges;
}

function ownerKey(principal: Principal | undefined, per: string): string {
  if (per === 'global') return 'global';
  const id =
    per === 'tenant'
      ? principal?.tenantId
      : per === 'user'
        ? principal?.userId
        : per === 'agent'
          ? principal?.agentId
          : principal?.sessionId;
  return `${per}:${id === undefined ? 'anonymous' : encodeURIComponent(id)}`;
}
