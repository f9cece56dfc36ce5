import type { CallContext } from '../context.ts';
import type { GuardExplanation } from '../guard.ts';
import { errorMessage, isPromiseLike } from '../util/maybe-promise.ts';
import type { GuardTrace } from './engine-types.ts';
import {
  type CallEnv,
  failure,
  type GuardSlot,
  normalize,
  releaseQuietly,
  type SlotResult,
} from './guard-slot.ts';
import { withDeadline } from './run-guards.ts';

/**
 * Asks every guard for its reasoning with a dry-run environment. Guards without `explain` are
 * evaluated with `env.dryRun = true`, and any reservation they still return is released at once.
 */
export async function explainGuards(
  slots: readonly GuardSlot[],
  ctx: CallContext,
  makeEnv: () => CallEnv,
): Promise<GuardTrace[]> {
  return Promise.all(slots.map((slot) => explainOne(slot, ctx, makeEnv())));
}

async function explainOne(slot: GuardSlot, ctx: CallContext, env: CallEnv): Promise<GuardTrace> {
  const guard = slot.guard.name;
  try {
    if (slot.guard.appliesTo !== undefined && !slot.guard.appliesTo(ctx)) {
      const steps = slot.guard.explain ? (await slot.guard.explain(ctx, env)).steps : [];
      return { guard, applied: false, steps };
    }
  } catch (error) {
    return traceOf(guard, failure(slot, 'guard_error', `appliesTo threw: ${errorMessage(error)}`), []);
  }
  try {
    if (slot.guard.explain) {
      const explanation: GuardExplanation = await slot.guard.explain(ctx, env);
      if (explanation.decision === undefined) return { guard, applied: false, steps: explanation.steps };
      const result = normalize(slot, explanation.decision);
      releaseQuietly(result.reservation);
      return traceOf(guard, result, explanation.steps);
    }
    const answer = slot.guard.evaluate(ctx, env);
    const result = isPromiseLike(answer) ? await withDeadline(slot, answer, env) : normalize(slot, answer);
    releaseQuietly(result.reservation);
    return traceOf(guard, result, []);
  } catch (error) {
    return traceOf(guard, failure(slot, 'guard_error', errorMessage(error)), []);
  }
}

function traceOf(guard: string, result: SlotResult, steps: GuardTrace['steps']): GuardTrace {
  return { guard, applied: true, decision: result.decision, steps };
}
