import type { Decision, Effect, PendingCall, Reservation, Verdict } from '../decision.ts';

/**
 * A verdict that carries, invisibly, what `settle` needs (its context and reservations). The
 * state sits in a private field: it is not serialised, not enumerable, and costs the garbage
 * collector nothing extra, unlike a side table (a WeakMap of pending verdicts tripled p99).
 * A verdict that is never settled is collected with its state; what its guards took from their
 * limits stays counted until the windows end (a lost settle never frees room), except for an ask,
 * which gives it back once its approval would have expired.
 */
export class TrackedVerdict implements Verdict {
  id: string;
  traceId: string;
  effect: Effect;
  args: Record<string, unknown>;
  decisions: Decision[];
  reason: string;
  durationMs: number;
  #call: PendingCall | undefined;
  /** The timer that gives back what an unanswered ask took; a settle stops it. */
  #expiry: ReturnType<typeof setTimeout> | undefined;

  constructor(fields: Verdict, call: Omit<PendingCall, 'verdict'> | undefined) {
    this.id = fields.id;
    this.traceId = fields.traceId;
    this.effect = fields.effect;
    this.args = fields.args;
    this.decisions = fields.decisions;
    this.reason = fields.reason;
    this.durationMs = fields.durationMs;
    this.#call = call && { ...call, verdict: this };
  }

  /** Takes the pending state of a verdict, once: a second settle finds nothing. */
  static take(verdict: Verdict): PendingCall | undefined {
    if (!(verdict instanceof TrackedVerdict)) return undefined;
    const call = verdict.#call;
    verdict.#call = undefined;
    if (verdict.#expiry !== undefined) {
      clearTimeout(verdict.#expiry);
      verdict.#expiry = undefined;
    }
    return call;
  }

  /**
   * Calls `expire` with the verdict's reservations after `ms`, unless the verdict is settled (or
   * succeeded) first, which stops the timer: a busy engine does not keep one per ask for the
   * whole approval timeout. The timer holds only the list of reservations, not the verdict and
   * its arguments, so many unanswered asks cost little memory.
   */
  static expireAfter(verdict: Verdict, ms: number, expire: (reservations: Reservation[]) => void): void {
    if (!(verdict instanceof TrackedVerdict)) return;
    const reservations = verdict.#call?.reservations;
    if (reservations === undefined || reservations.length === 0) return;
    clearTimeout(verdict.#expiry);
    const timer = setTimeout(() => expire(reservations), ms);
    timer.unref?.();
    verdict.#expiry = timer;
  }

  /** A new verdict (after an approval step) that inherits the pending state of `from`. */
  static successor(from: Verdict, fields: Verdict): TrackedVerdict {
    const call = TrackedVerdict.take(from);
    return new TrackedVerdict(fields, call);
  }
}
