import { PortcullisError } from '../errors/portcullis-error.ts';
import type { Guard } from '../guard.ts';
import { rulesGuard } from '../guards/rules.ts';
import { scopeGuard } from '../guards/scope.ts';
import type { Policy } from '../policy/policy-schema.ts';
import type { GuardSlot } from './guard-slot.ts';

/**
 * The guards a policy configures, in their fixed order (scope, rules), then the custom ones.
 * The order is the order modify decisions compose in.
 */
export function buildGuards(policy: Policy, custom: readonly Guard[]): GuardSlot[] {
  const { defaults } = policy;
  const slots: GuardSlot[] = [];
  const add = (guard: Guard, trusted: boolean) => {
    if (slots.some((slot) => slot.guard.name === guard.name)) {
      throw new PortcullisError({
        code: 'guard_conflict',
        message: `Two guards are named "${guard.name}"; guard names must be unique`,
      });
    }
    slots.push({
      guard,
      trusted,
      deadlineMs: guard.deadlineMs ?? defaults.deadlineMs,
      failOpen: (guard.failMode ?? defaults.failMode) === 'open',
    });
  };
  // Without a scope section the default effect still applies: `defaults.effect: deny` denies
  // every call no guard explicitly allows.
  if (policy.guards.scope || defaults.effect !== 'allow') {
    add(scopeGuard(policy.guards.scope ?? {}, { defaultEffect: defaults.effect }), true);
  }
  if (policy.rules.length > 0) add(rulesGuard(policy.rules), true);
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
