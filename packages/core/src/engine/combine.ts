import type { Decision, Effect } from '../decision.ts';
import { canonicalJson } from '../util/canonical-json.ts';
import { isPlainObject } from '../util/maybe-promise.ts';

/** The final effect, reason and arguments from the decisions, by precedence deny > ask > modify > allow. */
export interface Combined {
  effect: Effect;
  reason: string;
  args: Record<string, unknown>;
}

/**
 * Combines decisions in guard order. Every modify decision was made against the original
 * arguments; their changes are merged in guard order (a later guard wins where two changed the
 * same field), so two guards redacting different fields both take effect.
 *
 * A merge can bring back what an earlier guard removed: a later guard's copy of a field it did not
 * mean to change (an array is replaced whole, a key renamed) carries the original value. The
 * engine therefore does not stop here: when a custom guard's rewrite shaped the result, the
 * built-in guards that judge the arguments judge it again (`recheckFinalArgs`), and what the tool
 * receives is their answer.
 */
export function combine(decisions: readonly Decision[], original: Record<string, unknown>): Combined {
  let deny: Extract<Decision, { effect: 'deny' }> | undefined;
  let ask: Extract<Decision, { effect: 'ask' }> | undefined;
  let modifies: Extract<Decision, { effect: 'modify' }>[] | undefined;
  for (const decision of decisions) {
    if (decision.effect === 'deny') deny ??= decision;
    else if (decision.effect === 'ask') ask ??= decision;
    else if (decision.effect === 'modify') {
      modifies ??= [];
      modifies.push(decision);
    }
  }
  const args = modifies ? composeArgs(original, modifies) : original;
  if (deny) return { effect: 'deny', reason: deny.reason, args };
  if (ask) return { effect: 'ask', reason: ask.reason, args };
  if (modifies) return { effect: 'modify', reason: modifies.map((m) => m.reason).join('; '), args };
  return { effect: 'allow', reason: 'allowed', args };
}

function composeArgs(
  original: Record<string, unknown>,
  modifies: readonly Extract<Decision, { effect: 'modify' }>[],
): Record<string, unknown> {
  const [first, ...rest] = modifies;
  if (!first) return original;
  if (rest.length === 0) return first.args;
  const result = { ...first.args };
  for (const next of rest) applyChanges(result, original, next.args);
  return result;
}

/** Writes into `target` what `modified` changed relative to `original` (a three-way merge). */
function applyChanges(
  target: Record<string, unknown>,
  original: Record<string, unknown>,
  modified: Record<string, unknown>,
): void {
  for (const key of Object.keys(original)) {
    if (!Object.hasOwn(modified, key)) delete target[key];
  }
  for (const key of Object.keys(modified)) {
    const before = Object.hasOwn(original, key) ? original[key] : undefined;
    const after = modified[key];
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isPlainObject(before) && isPlainObject(after) && isPlainObject(current)) {
      const merged = { ...current };
      applyChanges(merged, before, after);
      setOwn(target, key, merged);
    } else if (!Object.hasOwn(original, key) || canonicalJson(before) !== canonicalJson(after)) {
      setOwn(target, key, after);
    }
  }
}

/** Assignment that treats `__proto__` as data, never as the prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
