import micromatch from 'micromatch';
import type { CallContext } from '../context.ts';
import type { Decision, GuardDecision } from '../decision.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { PurchaseGuardConfig } from '../policy/purchase-schema.ts';
import type { ReserveRequest } from '../state/state-store.ts';
import { foldName } from '../util/fold-name.ts';
import { walkStrings } from '../util/walk-strings.ts';
import { amountToUnits, argAmount, argValues, limitToUnits } from './arg-reader.ts';
import { driveGuard, holdAll, withReservation } from './reservations.ts';
import { compileToolMatcher } from './tool-matcher.ts';
import { calendarWindow, principalKey, WINDOW_TTL_MS } from './windows.ts';

/**
 * Purchases are counted in integer minor units (cents). An amount is rounded up to the next cent,
 * so many purchases of a fraction of a cent cannot pass the daily limit uncounted; a limit is
 * rounded down.
 */
const UNITS = 100;

/**
 * The purchase guard: every purchase must carry a readable amount (a missing or malformed one is
 * denied), stay under `maxSingle`, avoid blocked categories, come from an allowed merchant, and
 * fit the daily amount and count, which are reserved atomically like the budget. An `amountArg`
 * reaching several values (`items[*].price`) is a purchase of their sum. With `currency` set, a
 * purchase naming another currency at `currencyArg` (default `currency`) is denied; one naming
 * none is taken to be in `currency`, unless `currencyArg` is set, which makes it required.
 * Categories are compared after Unicode normalisation, and a blocked category also matches as a
 * whole word of a longer one ("Gambling & Casinos").
 *
 * @example
 * purchaseGuard({ amountArg: 'amount', maxSingle: 100, maxDaily: 500, askAbove: 50, blockedCategories: ['gambling'], ... })
 */
export function purchaseGuard(config: PurchaseGuardConfig): Guard {
  const tools = compileToolMatcher(config.tools);
  const amountOf = argAmount(config.amountArg);
  const currencyOf = config.currency ? argValues(config.currencyArg ?? 'currency') : undefined;
  const categoriesOf = argValues(config.categoryArg);
  const merchantsOf = argValues(config.merchantArg);
  const blocked = (config.blockedCategories ?? []).map((category) => ({
    category,
    words: ` ${words(category).join(' ')} `,
    folded: foldName(category).trim(),
  }));
  const merchants = config.allowedMerchants?.map((glob) =>
    micromatch.matcher(glob, { nocase: true, dot: true }),
  );

  /** The first blocked category any string in the category argument names, or why it is unreadable. */
  const blockedCategory = (args: Record<string, unknown>): string | undefined => {
    if (blocked.length === 0) return undefined;
    let found: string | undefined;
    let tooDeep = false;
    for (const value of categoriesOf(args)) {
      walkStrings(
        value,
        (text, _path, isKey) => {
          if (isKey || found !== undefined) return;
          const named = ` ${words(text).join(' ')} `;
          // A blocked category made of symbols only ("🎰") has no words: it is found as text.
          const hit = blocked.find((entry) =>
            entry.words.trim() === '' ? foldName(text).includes(entry.folded) : named.includes(entry.words),
          );
          if (hit) found = `the category "${text}" is blocked (${hit.category})`;
        },
        () => {
          tooDeep = true;
        },
      );
      if (found !== undefined) return found;
    }
    // A category nested too deep to read in full cannot be shown not to be blocked.
    return tooDeep ? 'the category is nested too deep to be read' : undefined;
  };

  /** The currency a call names when it is not the configured one. */
  const currencyMismatch = (args: Record<string, unknown>): string | undefined => {
    if (!currencyOf || !config.currency) return undefined;
    const named = currencyOf(args);
    // An explicit currencyArg makes the currency required; by default a call that names none is
    // in the configured currency.
    if (named.length === 0) return config.currencyArg === undefined ? undefined : 'an unstated currency';
    const expected = config.currency.toUpperCase();
    const at = named.findIndex((c) => typeof c !== 'string' || c.trim().toUpperCase() !== expected);
    if (at < 0) return undefined;
    const other = named[at];
    return typeof other === 'string' ? other : (JSON.stringify(other) ?? 'an unreadable currency');
  };

  function* judge(ctx: CallContext, env: GuardEnv): Generator<unknown, GuardDecision, unknown> {
    const read = amountOf(ctx.args);
    if (!read.ok || read.count === 0) {
      const got = read.ok ? 'nothing' : JSON.stringify(read.value);
      return deny(
        'invalid_amount',
        `Purchase: ${config.amountArg} must be a non-negative number, got ${got}`,
      );
    }
    const amount = read.amount;
    const currency = currencyMismatch(ctx.args);
    if (currency !== undefined) {
      return deny(
        'currency_mismatch',
        `Purchase: limits are in ${config.currency}, the purchase is in ${currency}`,
      );
    }
    const category = blockedCategory(ctx.args);
    if (category !== undefined) return deny('blocked_category', `Purchase: ${category}`);
    if (merchants) {
      // Every merchant the call names must be allowed; naming none is not allowed.
      const named = merchantsOf(ctx.args);
      const outside = named.findIndex((m) => typeof m !== 'string' || !merchants.some((match) => match(m)));
      if (named.length === 0 || outside >= 0) {
        return deny(
          'merchant_not_allowed',
          `Purchase: merchant ${named.length === 0 ? '(none given)' : JSON.stringify(named[outside])} is not on the allowed list`,
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
        amount: amountToUnits(amount, UNITS),
        limit: limitToUnits(config.maxDaily, UNITS),
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

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a folded category, so "gambling" is found in "Gambling & Casinos". */
function words(text: string): string[] {
  return foldName(text).match(WORD) ?? [];
}
