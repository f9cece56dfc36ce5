import type { CallContext } from '../context.ts';
import { errorMessage, isPromiseLike } from '../util/maybe-promise.ts';
import {
  type CallEnv,
  failure,
  type GuardSlot,
  normalize,
  releaseQuietly,
  type SlotResult,
} from './guard-slot.ts';

/**
 * Runs every applicable guard concurrently. Synchronous answers are taken as they come; only a
 * guard that returns a pending promise gets a deadline timer. Results keep guard order (so modify
 * decisions compose in order) and never reject: every failure is already a decision.
 *
 * Returns the results directly when every guard answered synchronously.
 */
export function runGuards(
  slots: readonly GuardSlot[],
  ctx: CallContext,
  makeEnv: () => CallEnv,
): (SlotResult | undefined)[] | Promise<(SlotResult | undefined)[]> {
  const results: (SlotResult | undefined)[] = new Array(slots.length);
  let pending: Promise<void>[] | undefined;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i] as GuardSlot;
    const guard = slot.guard;
    try {
      if (guard.appliesTo !== undefined && !guard.appliesTo(ctx)) continue;
    } catch (error) {
      results[i] = failure(slot, 'guard_error', `appliesTo threw: ${errorMessage(error)}`);
      continue;
    }
    const env = makeEnv();
    let answer: unknown;
    try {
      answer = guard.evaluate(ctx, env);
    } catch (error) {
      results[i] = failure(slot, 'guard_error', errorMessage(error));
      continue;
    }
    if (isPromiseLike(answer)) {
      pending ??= [];
      pending.push(
        withDeadline(slot, answer, env).then((result) => {
          results[i] = result;
        }),
      );
    } else {
      results[i] = normalize(slot, answer);
    }
  }
  if (pending === undefined) return results;
  return Promise.all(pending).then(() => results);
}

/**
 * Settles with the guard's answer or, at the deadline, with `guard_timeout` — promptly, not when
 * the guard finally settles. A reservation that arrives after the deadline is released.
 */
export function withDeadline(
  slot: GuardSlot,
  answer: PromiseLike<unknown>,
  env: CallEnv,
): Promise<SlotResult> {
  return new Promise<SlotResult>((resolve) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      env.abort(new Error(`deadline of ${slot.deadlineMs} ms passed`));
      resolve(failure(slot, 'guard_timeout', `missed its ${slot.deadlineMs} ms deadline`));
    }, slot.deadlineMs);
    answer.then(
      (value) => {
        if (done) {
          releaseQuietly(normalize(slot, value).reservation);
          return;
        }
        done = true;
        clearTimeout(timer);
        resolve(normalize(slot, value));
      },
      (error: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(failure(slot, 'guard_error', errorMessage(error)));
      },
    );
  });
}
