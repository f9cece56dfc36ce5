import micromatch from 'micromatch';
import type { CallContext } from '../context.ts';
import type { Decision, GuardDecision } from '../decision.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { PurchaseGuardConfig } from '../policy/purchase-schema.ts';
import type { ReserveRequest } from '../state/state-store.ts';
import { argReader } from './arg-reader.ts';
import { toNumber } from './conditions.ts';
import { driveGuard, holdAll, withReservation } from './reservations.ts';
import { compileToolMatcher } from './tool-matcher.ts';
import { calendarWindow, principalKey, WINDOW_TTL_MS } from './windows.ts';

const UNITS = 100; // cents: purchases are counted in integer minor units

/**
 * The purchase guard: every purchase must carry a readable amount (a missing or malformed one is
 * denied), stay under `maxSingle`, avoid blocked categories, come from an allowed merchant, and
 * fit the daily amount and count, which are reserved atomically like the budget.
 *
 * @example
 * purchaseGuard({ amountArg: 'amount', maxSingle: 100, maxDaily: 500, askAbove: 50, blockedCategories: ['gambling'], ... })
 */
export function purchaseGuard(config: PurchaseGuardConfig): Guard {
  const tools = compileToolMatcher(config.tools);
  const amountOf = argReader(config.amountArg);
  const currencyOf = config.currencyArg ? argReader(config.currencyArg) : undefined;
  const categoryOf = argReader(config.categoryArg);
  const merchantOf = argReader(config.merchantArg);
  const blocked = new Set((config.blockedCategories ?? []).map((c) => c.toLowerCase()));
  const merchants = config.allowedMerchants?.map((glob) =>
    micromatch.matcher(glob, { nocase: true, dot: true }),
  );

  function* judge(ctx: CallContext, env: GuardEnv): Generator<unknown, GuardDecision, unknown> {
    const raw = amountOf(ctx.args);
    const amount = toNumber(raw);
    if (amount === undefined || !Number.isFinite(amount) || amount < 0) {
      return deny(
        'invalid_amount',
        `Purchase: ${config.amountArg} must be a non-negative number, got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`,
      );
    }
    if (currencyOf && config.currency) {
      const currency = currencyOf(ctx.args);
      if (typeof currency !== 'string' || currency.toUpperCase() !== config.currency.toUpperCase()) {
        return deny(
          'currency_mismatch',
          `Purchase: limits are in ${config.currency}, the purchase is in ${String(currency ?? 'an unstated currency')}`,
        );
      }
    }
    const category = categoryOf(ctx.args);
    if (typeof category === 'string' && blocked.has(category.toLowerCase())) {
      return deny('blocked_category', `Purchase: the category "${category}" is blocked`);
    }
    if (merchants) {
      const merchant = merchantOf(ctx.args);
      if (typeof merchant !== 'string' || !merchants.some((match) => match(merchant))) {
        return deny(
          'merchant_not_allowed',
          `Purchase: merchant ${merchant === undefined ? '(none given)' : JSON.stringify(merchant)} is not on the allowed list`,
        );
      }
    }
    if (config.maxSingle !== undefined && amount > config.maxSingle) {
      return deny(
        'purchase_limit',
        `Purchase: ${amount} is above the ${config.maxSingle} allowed per purchase`,
      );
    }
    const owner = principalKey(ctx, config.per);
    const day = calendarWindow(env.now(), config.timezone, 'day');
    const requests: ReserveRequest[] = [];
    if (config.maxDaily !== undefined) {
      requests.push({
        key: `purchase:${owner}:amount:${day}`,
        amount: Math.round(amount * UNITS),
        limit: Math.round(config.maxDaily * UNITS),
        ttlMs: WINDOW_TTL_MS.day,
        mode: 'take',
      });
    }
    if (config.maxCountPerDay !== undefined) {
      requests.push({
        key: `purchase:${owner}:count:${day}`,
        amount: 1,
        limit: config.maxCountPerDay,
        ttlMs: WINDOW_TTL_MS.day,
        mode: 'take',
      });
    }
    const held = yield* holdAll(env, requests);
    if (!held.ok) return dailyLimit(held.failed);
    const { reservation } = held;
    if (config.askAbove !== undefined && amount > config.askAbove) {
      return withReservation(
        {
          effect: 'ask',
          guard: 'purchase',
          reason: `Purchase of ${amount} is above ${config.askAbove} and needs approval`,
        },
        reservation,
      );
    }
    return withReservation(
      { effect: 'allow', guard: 'purchase', reason: `Purchase of ${amount} within limits` },
      reservation,
    );
  }

  return {
    name: 'purchase',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    appliesTo: (ctx) => tools(ctx.tool) !== undefined,
    evaluate: (ctx, env) => driveGuard('purchase', judge(ctx, env)),
  };

  function dailyLimit(request: ReserveRequest): Decision {
    return request.key.includes(':count:')
      ? deny(
          'purchase_count_limit',
          `Purchase: the limit of ${config.maxCountPerDay} purchases per day is reached`,
        )
      : deny('purchase_daily_limit', `Purchase: the daily limit of ${config.maxDaily} would be exceeded`);
  }
}

function deny(code: string, reason: string): Decision {
  return { effect: 'deny', guard: 'purchase', code, reason };
}
