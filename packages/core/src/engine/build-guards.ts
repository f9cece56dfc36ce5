import { PortcullisError } from '../errors/portcullis-error.ts';
import type { Guard } from '../guard.ts';
import { budgetGuard } from '../guards/budget.ts';
import { codeGuard } from '../guards/code.ts';
import { deletionGuard } from '../guards/deletion.ts';
import { filesystemGuard } from '../guards/filesystem.ts';
import { hintsGuard } from '../guards/hints.ts';
import { llmJudgeGuard } from '../guards/llm-judge.ts';
import { networkGuard } from '../guards/network.ts';
import { purchaseGuard } from '../guards/purchase.ts';
import { rateLimitGuard } from '../guards/rate-limit.ts';
import { rulesGuard } from '../guards/rules.ts';
import { scopeGuard } from '../guards/scope.ts';
import { sensitiveDataGuard } from '../guards/sensitive-data.ts';
import { shellGuard } from '../guards/shell.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { GuardSlot } from './guard-slot.ts';

/**
 * The guards a policy configures, in a fixed order (cheap and stateful first, the model judge
 * last), then the custom ones. The order is the order modify decisions compose in.
 *
 * The built-in guards that judge the arguments and keep no state (sensitive data, network,
 * filesystem, shell, code, rules) are marked `recheck`: they judge the final arguments again when
 * a custom guard rewrote them. The stateful ones (rate limit, budget, purchase, deletion) count and
 * reserve against the arguments the model sent, and the model judge is not asked twice.
 */
export function buildGuards(
  policy: Policy,
  custom: readonly Guard[],
  options: { cwd?: string } = {},
): GuardSlot[] {
  const { defaults } = policy;
  const slots: GuardSlot[] = [];
  const add = (guard: Guard, trusted: boolean, recheck = false) => {
    if (slots.some((slot) => slot.guard.name === guard.name)) {
      throw new PortcullisError({
        code: 'guard_conflict',
        message: `Two guards are named "${guard.name}"; guard names must be unique`,
      });
    }
    slots.push({
      guard,
      trusted,
      recheck,
      deadlineMs: guard.deadlineMs ?? defaults.deadlineMs,
      failOpen: (guard.failMode ?? defaults.failMode) === 'open',
    });
  };
  // Without a scope section the default effect still applies: `defaults.effect: deny` denies
  // every call no guard explicitly allows.
  if (policy.guards.scope || defaults.effect !== 'allow') {
    add(scopeGuard(policy.guards.scope ?? {}, { defaultEffect: defaults.effect }), true);
  }
  const g = policy.guards;
  if (g.rateLimit) add(rateLimitGuard(g.rateLimit), true);
  if (g.budget) add(budgetGuard(g.budget), true);
  if (g.purchase) add(purchaseGuard(g.purchase), true);
  if (g.deletion) add(deletionGuard(g.deletion), true);
  if (g.sensitiveData) add(sensitiveDataGuard(g.sensitiveData), true, true);
  if (g.network) add(networkGuard(g.network), true, true);
  if (g.filesystem) add(filesystemGuard(g.filesystem, options), true, true);
  if (g.shell) add(shellGuard(g.shell), true, true);
  if (g.code) add(codeGuard(g.code), true, true);
  if (g.hints) add(hintsGuard(g.hints), true);
  if (policy.rules.length > 0) add(rulesGuard(policy.rules), true, true);
  if (g.llmJudge) add(llmJudgeGuard(g.llmJudge), true);
  for (const guard of custom) {
    if (guard === null || typeof guard !== 'object' || typeof guard.name !== 'string' || guard.name === '') {
      throw new PortcullisError({
        code: 'guard_invalid',
        message: 'A custom guard needs a non-empty string name',
      });
    }
    if (typeof guard.evaluate !== 'function') {
      throw new PortcullisError({
        code: 'guard_invalid',
        message: `Custom guard "${guard.name}" has no evaluate(ctx, env) function`,
      });
    }
    add(guard, false);
  }
  return slots;
}
