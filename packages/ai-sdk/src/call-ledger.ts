import {
  approvalHash,
  type CallContext,
  type Outcome,
  type PolicyEngine,
  type SettleDetails,
  type Verdict,
} from '@portcullis/core';

const DEFAULT_TIMEOUT_MS = 10_000;

/** One judged tool call, remembered by its tool-call id between the SDK's hooks. */
export interface LedgerEntry {
  ctx: CallContext;
  verdict: Verdict;
  /** What an approval is bound to: tool, args and principal. */
  hash: string;
  /** Epoch ms of the evaluation. */
  at: number;
  /** Set when a human approved the call (an SDK `tool-approval-response`). */
  approver?: string;
  /** How the call ended, once settled. */
  outcome?: Outcome;
  /** Set when the guarded tool started running it: a call runs at most once. */
  started?: boolean;
}

/** Options of {@link CallLedger}. */
export interface CallLedgerOptions {
  engine: PolicyEngine;
  /** How long an unsettled verdict (usually an ask awaiting a human) is kept, ms. */
  ttlMs: number;
  /** Most entries kept; the oldest go first. */
  maxEntries?: number;
  /** Clock, epoch ms. */
  now?: () => number;
}

/**
 * Verdicts by tool-call id, shared by `toolApproval`, the guarded tools and the middleware. The
 * SDK calls `toolApproval` once when the model emits a call and again when a run resumes after a
 * human answered, and runs the tool in between: the ledger makes those one evaluation, one
 * settle and one audit record per call. An entry is bound to the call's tool, args and principal;
 * a different call under the same id is judged afresh.
 */
export class CallLedger {
  readonly engine: PolicyEngine;
  readonly #entries = new Map<string, LedgerEntry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: CallLedgerOptions) {
    this.engine = options.engine;
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** The entry for this exact call (same id, tool, args and principal), if one is remembered. */
  find(ctx: CallContext): LedgerEntry | undefined {
    const entry = ctx.callId === undefined ? undefined : this.#entries.get(ctx.callId);
    return entry?.hash === approvalHash(ctx.tool, ctx.args, ctx.principal) ? entry : undefined;
  }

  /** The entry remembered under a tool-call id, whatever call it holds. */
  byId(callId: string): LedgerEntry | undefined {
    return this.#entries.get(callId);
  }

  /** The remembered verdict for this call, or a fresh evaluation (remembered when it has an id). */
  async judge(ctx: CallContext, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<LedgerEntry> {
    await this.sweep();
    const known = this.find(ctx);
    if (known) return known;
    const previous = ctx.callId === undefined ? undefined : this.#entries.get(ctx.callId);
    // Another call reusing an id: the old verdict never ran as judged; release what it holds.
    if (previous && previous.outcome === undefined) await this.settle(previous, 'blocked');
    const verdict = await this.#evaluate(ctx, timeoutMs);
    const entry: LedgerEntry = {
      ctx,
      verdict,
      hash: approvalHash(ctx.tool, ctx.args, ctx.principal),
      at: this.#now(),
    };
    if (ctx.callId !== undefined) this.#remember(ctx.callId, entry);
    return entry;
  }

  /** Records how the call ended, once: later settles of the same entry do nothing. */
  async settle(entry: LedgerEntry, outcome: Outcome, details: SettleDetails = {}): Promise<void> {
    if (entry.outcome !== undefined) return;
    entry.outcome = outcome;
    await this.engine.settle(entry.verdict, outcome, { approver: entry.approver, ...details });
  }

  /**
   * Settles what waited too long (an approval nobody answered → `expired`; an allowed call the
   * run never executed, e.g. after an abort → `failed`) and forgets old settled entries.
   */
  async sweep(): Promise<void> {
    const cutoff = this.#now() - this.#ttlMs;
    for (const [id, entry] of this.#entries) {
      if (entry.at > cutoff) break; // insertion order is evaluation order
      this.#entries.delete(id);
      if (entry.outcome !== undefined) continue;
      if (entry.verdict.effect === 'ask' && entry.approver === undefined) await this.settle(entry, 'expired');
      else await this.settle(entry, 'failed', { error: new Error('The run ended before the tool ran') });
    }
  }

  /**
   * The engine's verdict, or a thrown error when it does not come in time (an engine that hangs
   * must not hang the run). A verdict that arrives late is settled `blocked`, releasing whatever it
   * reserved.
   */
  #evaluate(ctx: CallContext, timeoutMs: number): Promise<Verdict> {
    const evaluation = this.engine.evaluate(ctx);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        evaluation.then((late) => this.engine.settle(late, 'blocked')).catch(() => {});
        reject(new Error(`The policy engine did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    return Promise.race([evaluation, deadline]).finally(() => clearTimeout(timer));
  }

  #remember(callId: string, entry: LedgerEntry) {
    this.#entries.delete(callId);
    this.#entries.set(callId, entry);
    if (this.#entries.size <= this.#maxEntries) return;
    const [oldestId, oldest] = this.#entries.entries().next().value as [string, LedgerEntry];
    this.#entries.delete(oldestId);
    // Evicted unsettled: never leave a reservation held forever.
    if (oldest.outcome === undefined) void this.settle(oldest, 'expired').catch(() => {});
  }
}
