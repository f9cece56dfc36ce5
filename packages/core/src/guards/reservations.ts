import type { Decision, GuardDecision, Reservation } from '../decision.ts';
import { PortcullisError } from '../errors/portcullis-error.ts';
import type { GuardEnv } from '../guard.ts';
import type { ReserveRequest, ReserveResult, StateStore } from '../state/state-store.ts';
import { drive } from '../util/drive.ts';
import { type Awaitable, isPromiseLike } from '../util/maybe-promise.ts';

/** The result of reserving on several counters at once. */
export type ReserveAllResult =
  | { ok: true; reservation: Reservation | undefined; used: number[] }
  | { ok: false; failed: ReserveRequest; used: number };

/**
 * Reserves on every counter at once (each one atomic in the store; a remote store sends them
 * together); if one is full, the holds that were taken are released. Under contention this can
 * refuse a call that would have fit, never let through one that does not.
 */
export function* reserveAll(
  store: StateStore,
  requests: readonly ReserveRequest[],
): Generator<unknown, ReserveAllResult, unknown> {
  // Every answer is awaited, even after a failure, so no hold taken is left behind; answers that
  // are promises are awaited together, in one step.
  const answers: unknown[] = [];
  let failure: { error: unknown } | undefined;
  let remote = false;
  for (const request of requests) {
    try {
      const answer = store.reserve(request);
      remote ||= isPromiseLike(answer);
      answers.push(answer);
    } catch (error) {
      failure ??= { error };
    }
  }
  let results = answers as ReserveResult[];
  if (remote) {
    results = [];
    for (const outcome of (yield Promise.allSettled(answers)) as PromiseSettledResult<ReserveResult>[]) {
      if (outcome.status === 'rejected') failure ??= { error: outcome.reason };
      else results.push(outcome.value);
    }
  }
  const ids: string[] = [];
  const used: number[] = [];
  let full = -1;
  for (let i = 0; i < results.length; i++) {
    const result = results[i] as ReserveResult;
    used.push(result.used);
    if (result.ok) ids.push(result.id);
    else if (full === -1) full = i;
  }
  if (failure !== undefined || full !== -1) {
    for (const id of ids) yield store.release(id);
    if (failure !== undefined) throw failure.error;
    return {
      ok: false,
      failed: requests[full] as ReserveRequest,
      used: (results[full] as ReserveResult).used,
    };
  }
  return { ok: true, used, reservation: combined(store, ids) };
}

/**
 * Reserves on every counter, or in a dry run (`explain`) only reads them: the same answer about
 * whether the call fits, without holding anything.
 */
export function* holdAll(
  env: GuardEnv,
  requests: readonly ReserveRequest[],
): Generator<unknown, ReserveAllResult, unknown> {
  if (!env.dryRun) return yield* reserveAll(env.store, requests);
  const used: number[] = [];
  for (const request of requests) {
    const current = (yield env.store.get(request.key)) as number;
    if (current + request.amount > request.limit) return { ok: false, failed: request, used: current };
    used.push(current);
  }
  return { ok: true, used, reservation: undefined };
}

/** One reservation standing for several holds; synchronous when the store answers synchronously. */
export function combined(store: StateStore, ids: readonly string[]): Reservation {
  return new Combined(store, ids);
}

class Combined implements Reservation {
  private readonly store: StateStore;
  private readonly ids: readonly string[];

  constructor(store: StateStore, ids: readonly string[]) {
    this.store = store;
    this.ids = ids;
  }

  commit(): void | Promise<void> {
    return this.each(true);
  }

  release(): void | Promise<void> {
    return this.each(false);
  }

  private each(commit: boolean): void | Promise<void> {
    let pending: PromiseLike<void>[] | undefined;
    for (const id of this.ids) {
      const answer = commit ? this.store.commit(id) : this.store.release(id);
      if (!isPromiseLike(answer)) continue;
      pending ??= [];
      pending.push(answer);
    }
    return pending ? Promise.all(pending).then(() => undefined) : undefined;
  }
}

/** Attaches a reservation to a decision (deny decisions never carry one). */
export function withReservation(decision: Decision, reservation: Reservation | undefined): GuardDecision {
  return reservation && decision.effect !== 'deny' ? { ...decision, reservation } : decision;
}

/**
 * A store that cannot answer means the limit cannot be proven: deny. Other errors are rethrown
 * and become `guard_error` denials in the engine.
 */
export function storeUnavailable(guard: string, error: unknown): Decision {
  if (PortcullisError.isInstance(error) && error.code === 'store_unavailable') {
    return { effect: 'deny', guard, code: 'store_unavailable', reason: `${guard}: ${error.message}` };
  }
  throw error;
}

/**
 * Runs a stateful guard's generator (see `drive`), turning an unavailable store into a deny with
 * code `store_unavailable`.
 */
export function driveGuard(
  guard: string,
  body: Generator<unknown, GuardDecision, unknown>,
): Awaitable<GuardDecision> {
  return drive(body, (error) => storeUnavailable(guard, error));
}
