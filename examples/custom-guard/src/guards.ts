import { defineGuard } from '@portcullis/core';

/** Payees the bank knows, and when each was added (epoch ms): the "CRM" this guard reads. */
export const payees = new Map<string, number>([
  ['landlord', Date.UTC(2024, 0, 1)],
  ['savings', Date.UTC(2024, 0, 1)],
]);

const DAY = 86_400_000;

/**
 * A synchronous business rule: money only goes to known payees, and a payee added in the last
 * 24 hours needs a human for anything above $100 (a common account-takeover pattern).
 */
export const payeeGuard = defineGuard({
  name: 'payee',
  appliesTo: (ctx) => ctx.tool === 'transfer_funds',
  evaluate: (ctx, env) => {
    const to = String(ctx.args['to']);
    const added = payees.get(to);
    if (added === undefined) {
      return { effect: 'deny', code: 'unknown_payee', reason: `"${to}" is not a known payee` };
    }
    if (env.now() - added < DAY && Number(ctx.args['amount']) > 100) {
      return { effect: 'ask', reason: `"${to}" was added less than a day ago` };
    }
    return { effect: 'allow' };
  },
});

/**
 * A stateful guard: at most 3 password resets per user per day, counted in the engine's state
 * store (memory here; SQLite or Redis in production, shared across processes).
 */
export const resetLimit = defineGuard({
  name: 'reset-limit',
  appliesTo: (ctx) => ctx.tool === 'reset_password',
  evaluate: async (ctx, env) => {
    const day = Math.floor(env.now() / DAY);
    const count = await env.store.increment(`resets:${ctx.args['user']}:${day}`, 1, DAY);
    return count > 3
      ? {
          effect: 'deny',
          code: 'too_many_resets',
          reason: `Password reset #${count} today for ${ctx.args['user']}`,
        }
      : { effect: 'allow' };
  },
});

/** A fraud-scoring service: answers in `latencyMs`, and stops when the guard's signal aborts. */
export function fraudService(latencyMs: number) {
  return (amount: number, signal: AbortSignal) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => resolve(amount > 3000 ? 0.9 : 0.1), latencyMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
}

/**
 * An async guard calling a service under the policy's deadline: a slow or failing service is a
 * deny (`guard_timeout` / `guard_error`) unless the guard says `failMode: 'open'`.
 */
export function fraudGuard(score: (amount: number, signal: AbortSignal) => Promise<number>) {
  return defineGuard({
    name: 'fraud-score',
    appliesTo: (ctx) => ctx.tool === 'transfer_funds',
    evaluate: async (ctx, env) => {
      const risk = await score(Number(ctx.args['amount']), env.signal);
      return risk > 0.5
        ? { effect: 'deny', code: 'fraud_risk', reason: `Fraud score ${risk}`, risk }
        : { effect: 'allow' };
    },
  });
}

/** A rewrite: invoices never carry internal notes to the customer. */
export const stripInternalNotes = defineGuard({
  name: 'strip-internal-notes',
  appliesTo: (ctx) => ctx.tool === 'send_invoice' && 'internalNotes' in ctx.args,
  evaluate: (ctx) => {
    const { internalNotes: _dropped, ...args } = ctx.args;
    return { effect: 'modify', reason: 'Internal notes removed from the invoice', args };
  },
});
