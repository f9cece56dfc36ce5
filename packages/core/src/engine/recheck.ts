import type { CallContext } from '../context.ts';
import type { Decision, Effect } from '../decision.ts';
import { type Combined, combine } from './combine.ts';
import { type CallEnv, type GuardSlot, releaseQuietly, type SlotResult } from './guard-slot.ts';
import { runGuards } from './run-guards.ts';

/** What the tool receives after the final arguments were judged again, and the decisions that did it. */
export interface Rechecked extends Combined {
  /** The decisions of the guards that judged the final arguments, in guard order. */
  decisions: Decision[];
}

/** Marks a decision made on the final arguments, so the audit tells it from the first one. */
const finalPrefix = 'On the final arguments: ';

/**
 * Every modify decision was made against the arguments the model sent, and a custom guard's
 * rewrite is merged over the built-in guards' answers: it can put back a value the sensitive-data
 * guard redacted (an array is replaced whole, a key renamed, a field trimmed), or bring in a URL,
 * path or command no built-in guard has seen. So when a custom guard's modify decision shaped the
 * final arguments, each built-in guard marked `recheck` (those that judge the arguments and keep
 * no state, so a second evaluation takes nothing from any limit) judges the final arguments again,
 * unless they are exactly the arguments it judged or returned. Its new decision counts with the
 * first ones: a deny or ask stops the call, a modify (a redaction) gives the arguments the tool
 * receives. Built-in rewrites alone trigger nothing: they are redactions, which every built-in
 * guard accepts as it accepted the arguments before, so the common paths cost nothing extra.
 *
 * Returns undefined when nothing needs judging again.
 */
export function recheckFinalArgs(
  slots: readonly GuardSlot[],
  ctx: CallContext,
  results: readonly (SlotResult | undefined)[],
  combined: Combined,
  makeEnv: () => CallEnv,
): Rechecked | Promise<Rechecked> | undefined {
  // A deny never runs; an allow runs the arguments every guard saw.
  if (combined.effect === 'deny' || combined.effect === 'allow' || combined.args === ctx.args) return;
  let custom = false;
  for (let i = 0; i < slots.length; i++) {
    if (!slots[i]?.trusted && results[i]?.decision.effect === 'modify') custom = true;
  }
  if (!custom) return;
  const again: GuardSlot[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as GuardSlot;
    const decision = results[i]?.decision;
    if (!slot.recheck || decision === undefined) continue;
    const judged = decision.effect === 'modify' ? decision.args : ctx.args;
    if (judged !== combined.args) again.push(slot);
  }
  if (again.length === 0) return;
  const finalCtx: CallContext = { ...ctx, args: combined.args };
  const answers = runGuards(again, finalCtx, makeEnv);
  return Array.isArray(answers) ? merge(combined, answers) : answers.then((list) => merge(combined, list));
}

const rank: Record<Effect, number> = { allow: 0, modify: 1, ask: 2, deny: 3 };

function merge(first: Combined, results: readonly (SlotResult | undefined)[]): Rechecked {
  const decisions: Decision[] = [];
  for (const result of results) {
    if (result === undefined) continue;
    // The guards judged again keep no state; anything they hold goes back at once.
    releaseQuietly(result.reservation);
    decisions.push(marked(result.decision));
  }
  const second = combine(decisions, first.args);
  const effect = rank[second.effect] > rank[first.effect] ? second.effect : first.effect;
  let reason = first.reason;
  if (effect !== first.effect) reason = second.reason;
  else if (effect === 'modify' && second.effect === 'modify') reason = `${first.reason}; ${second.reason}`;
  return { effect, reason, args: second.args, decisions };
}

function marked(decision: Decision): Decision {
  const reason = decision.reason ?? 'no objection';
  return { ...decision, reason: `${finalPrefix}${reason}` };
}
