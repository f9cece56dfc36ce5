import type { ApprovalLevel, InProcessEngine, Outcome, Verdict } from '@portcullis/core';

/** A verdict the server handed out and that waits for `POST /v1/settle`. */
interface PendingCall {
  verdict: Verdict;
  /** The engine that judged it (the policy may have changed since). */
  engine: InProcessEngine;
  approver: string | undefined;
  approvals: ApprovalLevel[] | undefined;
  expiresAt: number;
}

/**
 * Verdicts waiting to be settled, by id. `engine.settle` needs the very object `evaluate`
 * returned, so the server keeps it — bounded and expiring: a client that never settles cannot
 * grow the server's memory, and its call is settled for it (`blocked` for a deny, else `failed`),
 * which releases any reservation and writes the audit record.
 */
export class PendingCalls {
  readonly #calls = new Map<string, PendingCall>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #timer: NodeJS.Timeout;

  constructor(options: { ttlMs: number; max: number }) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max;
    this.#timer = setInterval(() => this.sweep(), Math.min(options.ttlMs, 10_000));
    this.#timer.unref();
  }

  get size(): number {
    return this.#calls.size;
  }

  add(
    verdict: Verdict,
    engine: InProcessEngine,
    approval?: { approver?: string; approvals?: ApprovalLevel[] },
  ) {
    this.#calls.set(verdict.id, {
      verdict,
      engine,
      approver: approval?.approver,
      approvals: approval?.approvals,
      expiresAt: Date.now() + this.#ttlMs,
    });
    while (this.#calls.size > this.#max) {
      const oldest = this.#calls.keys().next().value as string;
      void this.#expire(oldest, 'evicted: too many verdicts waiting to be settled');
    }
  }

  /** Settles a verdict by id; false when the id is unknown (never issued, settled, or expired). */
  async settle(
    id: string,
    outcome: Outcome,
    details: { approver?: string; error?: string },
  ): Promise<boolean> {
    const call = this.#calls.get(id);
    if (!call) return false;
    this.#calls.delete(id);
    await call.engine.settle(call.verdict, outcome, {
      approver: details.approver ?? call.approver,
      approvals: call.approvals,
      ...(details.error === undefined ? {} : { error: new Error(details.error) }),
    });
    return true;
  }

  /** Settles every call whose time is up. */
  sweep(now = Date.now()): void {
    for (const [id, call] of this.#calls) {
      if (call.expiresAt <= now) void this.#expire(id, `not settled within ${this.#ttlMs} ms`);
    }
  }

  /** Settles everything still waiting (server shutdown). */
  async drain(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all([...this.#calls.keys()].map((id) => this.#expire(id, 'the server stopped')));
  }

  async #expire(id: string, why: string): Promise<void> {
    const call = this.#calls.get(id);
    if (!call) return;
    const outcome = call.verdict.effect === 'deny' ? 'blocked' : 'failed';
    await this.settle(
      id,
      outcome,
      outcome === 'failed' ? { error: `The client never settled the call: ${why}` } : {},
    );
  }
}
