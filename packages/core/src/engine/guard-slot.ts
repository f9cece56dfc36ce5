import type { Decision, GuardDecision, Reservation } from '../decision.ts';
import type { Guard, GuardEnv, Resolver } from '../guard.ts';
import type { StateStore } from '../state/state-store.ts';
import { isPlainObject } from '../util/maybe-promise.ts';

/** A guard as the engine runs it: its deadline and fail mode resolved from the policy. */
export interface GuardSlot {
  guard: Guard;
  deadlineMs: number;
  failOpen: boolean;
  /** Built-in guards return well-formed decisions; custom ones are checked and copied. */
  trusted: boolean;
  /**
   * A built-in guard that judges the arguments and keeps no state: it judges the final arguments
   * again when a custom guard rewrote them (see `recheckFinalArgs`).
   */
  recheck: boolean;
}

/** A guard's normalised answer. */
export interface SlotResult {
  decision: Decision;
  reservation?: Reservation | undefined;
}

/** Per-call guard environment. The abort controller exists only if a guard asks for `signal`. */
export class CallEnv implements GuardEnv {
  #controller: AbortController | undefined;
  readonly store: StateStore;
  readonly resolve: Resolver;
  readonly dryRun: boolean;
  readonly #now: () => number;

  constructor(store: StateStore, now: () => number, resolve: Resolver, dryRun: boolean) {
    this.store = store;
    this.#now = now;
    this.resolve = resolve;
    this.dryRun = dryRun;
  }

  now(): number {
    return this.#now();
  }

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    return this.#controller.signal;
  }

  abort(reason: unknown): void {
    this.#controller?.abort(reason);
  }
}

/**
 * The decision a failed guard stands for. Closed (default): deny, so the call does not run.
 * Open (only when configured): allow, with the failure code kept for the audit.
 */
export function failure(slot: GuardSlot, code: 'guard_error' | 'guard_timeout', detail: string): SlotResult {
  const name = slot.guard.name;
  const reason =
    code === 'guard_timeout'
      ? `Guard "${name}" did not answer within ${slot.deadlineMs} ms`
      : `Guard "${name}" failed: ${detail}`;
  if (slot.failOpen) {
    return { decision: { effect: 'allow', guard: name, code, reason: `failed open: ${reason}` } };
  }
  return { decision: { effect: 'deny', guard: name, code, reason } };
}

const effects = new Set(['allow', 'deny', 'ask', 'modify']);

/** Checks what a guard returned. Anything that is not a decision is a guard error (a deny). */
export function normalize(slot: GuardSlot, value: unknown): SlotResult {
  if (slot.trusted) {
    if ((value as GuardDecision).reservation === undefined) return { decision: value as Decision };
    const { reservation, ...decision } = value as GuardDecision;
    return { decision: decision as Decision, reservation };
  }
  const name = slot.guard.name;
  if (value === null || typeof value !== 'object') {
    return failure(
      slot,
      'guard_error',
      `returned ${value === null ? 'null' : typeof value} instead of a decision`,
    );
  }
  const raw = value as {
    effect?: unknown;
    reason?: unknown;
    code?: unknown;
    rule?: unknown;
    risk?: unknown;
    args?: unknown;
    reservation?: unknown;
  };
  const effect = raw.effect;
  if (typeof effect !== 'string' || !effects.has(effect)) {
    return failure(
      slot,
      'guard_error',
      `returned an invalid decision (effect ${JSON.stringify(effect) ?? 'undefined'})`,
    );
  }
  const reservation = validReservation(raw.reservation);
  const reason = typeof raw.reason === 'string' && raw.reason !== '' ? raw.reason : undefined;
  const rule = typeof raw.rule === 'string' ? { rule: raw.rule } : {};
  const risk = typeof raw.risk === 'number' && raw.risk >= 0 && raw.risk <= 1 ? { risk: raw.risk } : {};
  let decision: Decision;
  switch (effect) {
    case 'allow':
      decision =
        reason === undefined ? { effect, guard: name, ...rule } : { effect, guard: name, reason, ...rule };
      break;
    case 'deny':
      decision = {
        effect,
        guard: name,
        code: typeof raw.code === 'string' && raw.code !== '' ? raw.code : 'denied',
        reason: reason ?? `Denied by guard "${name}"`,
        ...risk,
        ...rule,
      };
      break;
    case 'ask':
      decision = {
        effect,
        guard: name,
        reason: reason ?? `Guard "${name}" asks for approval`,
        ...risk,
        ...rule,
      };
      break;
    default:
      if (!isPlainObject(raw.args)) {
        if (reservation) void Promise.resolve(reservation.release()).catch(() => {});
        return failure(slot, 'guard_error', 'returned modify without an args object');
      }
      decision = {
        effect: 'modify',
        guard: name,
        reason: reason ?? `Arguments rewritten by guard "${name}"`,
        args: raw.args,
        ...rule,
      };
  }
  return reservation ? { decision, reservation } : { decision };
}

function validReservation(value: unknown): Reservation | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const r = value as Partial<Reservation>;
  return typeof r.commit === 'function' && typeof r.release === 'function' ? (r as Reservation) : undefined;
}

/** Releases a reservation, never throwing: release failures only mean the hold expires by itself. */
export function releaseQuietly(reservation: Reservation | undefined): void {
  if (!reservation) return;
  try {
    void Promise.resolve(reservation.release()).catch(() => {});
  } catch {
    // The hold expires on its own.
  }
}
