import type { CallContext } from '../context.ts';
import type { Decision, GuardDecision } from '../decision.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { BudgetGuardConfig } from '../policy/budget-schema.ts';
import type { ReserveRequest } from '../state/state-store.ts';
import { amountToUnits, argAmount, argValues, limitToUnits } from './arg-reader.ts';
import { driveGuard, holdAll, withReservation } from './reservations.ts';
import { compileToolMatcher } from './tool-matcher.ts';
import { calendarWindow, principalKey, WINDOW_TTL_MS } from './windows.ts';

/**
 * Money is counted in integer millionths so that 100 × 0.01 is exactly 1. A cost is rounded up to
 * the next millionth (a positive cost never counts as nothing), a limit down.
 */
const UNITS = 1_000_000;
const toUnits = (amount: number) => amountToUnits(amount, UNITS);
const limitUnits = (limit: number) => limitToUnits(limit, UNITS);
const fromUnits = (units: number) => units / UNITS;
const SESSION_TTL_MS = 7 * 86_400_000;

interface Limit {
  label: string;
  request: ReserveRequest;
}

/**
 * The budget guard: prices each call (from `costArg` and the `costs` table), refuses calls over
 * `maxCallCost`, and reserves the cost against the session, daily and monthly limits atomically
 * in the state store. The engine commits the reservation when the call runs and releases it
 * otherwise, so concurrent calls can never together overspend. A reserved cost counts at once and
 * until it is released: a call whose end is never reported (a crashed process, an approval that
 * outlasts any hold) stays counted, so a lost settle can never open room to overspend.
 *
 * A `costArg` reaching several values (`items[*].price`) costs their sum. When the `costs` table
 * also prices the tool, the call costs the larger of the two: the table is a floor the arguments,
 * which the model writes, cannot lower.
 *
 * @example
 * budgetGuard({ costs: { 'gpt4_*': 0.03 }, maxDailySpend: 50, askAbove: 0.8, per: 'user', timezone: 'UTC' })
 */
export function budgetGuard(config: BudgetGuardConfig): Guard {
  const tools = config.tools ? compileToolMatcher(config.tools) : undefined;
  const priced = Object.entries(config.costs ?? {}).map(
    ([glob, cost]) => [compileToolMatcher([glob]), cost] as const,
  );
  const readArg = config.costArg ? argValues(config.costArg) : undefined;
  const readCost = config.costArg ? argAmount(config.costArg) : undefined;

  const costOf = (ctx: CallContext): number | { invalid: string } => {
    const fromArg = readCost?.(ctx.args);
    if (fromArg && !fromArg.ok) {
      return {
        invalid: `${config.costArg} must be a non-negative number, got ${JSON.stringify(fromArg.value)}`,
      };
    }
    let fromTable: number | undefined;
    for (const [match, cost] of priced) {
      if (match(ctx.tool) !== undefined) {
        fromTable = cost;
        break;
      }
    }
    if (fromArg && fromArg.count > 0) return Math.max(fromArg.amount, fromTable ?? 0);
    return fromTable ?? config.defaultCost ?? 0;
  };

  const limitsFor = (ctx: CallContext, env: GuardEnv, units: number): Limit[] => {
    const owner = principalKey(ctx, config.per);
    const now = env.now();
    const limits: Limit[] = [];
    if (config.maxSessionSpend !== undefined) {
      const session = principalKey(ctx, 'session');
      limits.push({
        label: 'session',
        request: {
          key: `budget:${session}`,
          amount: units,
          limit: limitUnits(config.maxSessionSpend),
          ttlMs: SESSION_TTL_MS,
          mode: 'take',
        },
      });
    }
    for (const [unit, max] of [
      ['day', config.maxDailySpend],
      ['month', config.maxMonthlySpend],
    ] as const) {
      if (max === undefined) continue;
      const window = calendarWindow(now, config.timezone, unit);
      limits.push({
        label: unit === 'day' ? 'daily' : 'monthly',
        request: {
          key: `budget:${owner}:${unit}:${window}`,
          amount: units,
          limit: limitUnits(max),
          ttlMs: WINDOW_TTL_MS[unit],
          mode: 'take',
        },
      });
    }
    return limits;
  };

  function* judge(ctx: CallContext, env: GuardEnv): Generator<unknown, GuardDecision, unknown> {
    const cost = costOf(ctx);
    if (typeof cost !== 'number') return deny('invalid_cost', `Budget: ${cost.invalid}`);
    if (config.maxCallCost !== undefined && cost > config.maxCallCost) {
      return deny(
        'budget_call_cost',
        `Budget: this call costs ${cost}, more than the ${config.maxCallCost} allowed per call`,
      );
    }
    const units = toUnits(cost);
    if (units === 0) return { effect: 'allow', reason: 'Budget: no cost' };
    const limits = limitsFor(ctx, env, units);
    const held = yield* holdAll(
      env,
      limits.map((limit) => limit.request),
    );
    if (!held.ok)
      return exceeded(limits.find((limit) => limit.request === held.failed) as Limit, held.used, cost);
    const { used, reservation } = held;
    if (config.askAbove !== undefined) {
      for (const [i, limit] of limits.entries()) {
        const after = (used[i] ?? 0) + units;
        if (after > config.askAbove * limit.request.limit) {
          const percent = Math.round((after / limit.request.limit) * 100);
          const decision: Decision = {
            effect: 'ask',
            guard: 'budget',
            reason: `Budget: this call (${cost}) takes the ${limit.label} spend to ${fromUnits(after)} of ${fromUnits(limit.request.limit)} (${percent}%)`,
          };
          return withReservation(decision, reservation);
        }
      }
    }
    const summary = limits.map(
      (limit, i) => `${limit.label} ${fromUnits((used[i] ?? 0) + units)}/${fromUnits(limit.request.limit)}`,
    );
    return withReservation(
      {
        effect: 'allow',
        guard: 'budget',
        reason: `Budget: cost ${cost} reserved${summary.length ? ` (${summary.join(', ')})` : ''}`,
      },
      reservation,
    );
  }

  return {
    name: 'budget',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    appliesTo: (ctx) =>
      tools
        ? tools(ctx.tool) !== undefined
        : priced.some(([match]) => match(ctx.tool) !== undefined) || (readArg?.(ctx.args).length ?? 0) > 0,
    evaluate: (ctx, env) => driveGuard('budget', judge(ctx, env)),
  };
}

function deny(code: string, reason: string): Decision {
  return { effect: 'deny', guard: 'budget', code, reason };
}

function exceeded(limit: Limit, used: number, cost: number): Decision {
  return deny(
    'budget_exceeded',
    `Budget: the ${limit.label} limit of ${fromUnits(limit.request.limit)} would be exceeded (${fromUnits(used)} already spent or held, this call costs ${cost})`,
  );
}
