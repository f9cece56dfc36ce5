import type { Decision, GuardDecision, Reservation } from '../decision.ts';
import { PortcullisError } from '../errors/portcullis-error.ts';
import type { GuardEnv } from '../guard.ts';
import type { ReserveRequest, ReserveResult, StateStore } from '../state/state-store.ts';
import { drive } from '../util/drive.ts';
import type { Awaitable } from '../util/maybe-promise.ts';

/** The result of reserving on several counters at once. */
export type ReserveAllResult =
  | { ok: true; reservation: Reservation | undefined; used: number[] }
  | { ok: false; failed: ReserveRequest; used: number };

/**
 * Reserves on each counter in turn (each one atomic in the store); if one is full, the holds
 * already taken are released. Under contention this can refuse a call that would have fit, never
 * let through one that does not.
 */
export function* reserveAll(
  store: StateStore,
  requests: readonly ReserveRequest[],
): Generator<unknown, ReserveAllResult, unknown> {
  const ids: string[] = [];
  const used: number[] = [];
  for (const request of requests) {
    const result = (yield store.reserve(request)) as ReserveResult;
    if (!result.ok) {
      for (const id of ids) yield store.release(id);
      return { ok: false, failed: request, used: result.used };
    }
    ids.push(result.id);
    used.push(result.used);
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

/** One reservation standing for several holds. */
export function combined(store: StateStore, ids: readonly string[]): Reservation {
  return {
    commit: () => Promise.all(ids.map((id) => store.commit(id))).then(() => undefined),
    release: () => Promise.all(ids.map((id) => store.release(id))).then(() => undefined),
  };
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
  return drive(
    (function* () {
      try {
        return yield* body;
      } catch (error) {
        return storeUnavailable(guard, error);
      }
    })(),
  );
}
