import type { ApprovalLevel } from '../approvals/approval-handler.ts';
import type { CallSource, Principal } from '../context.ts';
import type { Decision, Effect, Outcome } from '../decision.ts';
import type { Awaitable } from '../util/maybe-promise.ts';

/**
 * One audited call. Arguments are stored only as the SHA-256 of their canonical JSON unless the
 * policy sets `audit.includeArgs: true`; modify decisions likewise carry `argsHash`, not `args`.
 */
export interface AuditRecord {
  /** Record format version. */
  v: 1;
  /** Verdict id. */
  id: string;
  traceId: string;
  /** When the call was evaluated (ISO 8601). */
  time: string;
  tool: string;
  source: CallSource;
  server?: string;
  callId?: string;
  principal?: Principal;
  /** SHA-256 of the canonical JSON of the arguments the model sent. */
  argsHash: string;
  /** SHA-256 of the arguments execution received, when a guard modified them. */
  executedArgsHash?: string;
  /** Raw arguments (only with `audit.includeArgs`). */
  args?: Record<string, unknown>;
  effect: Effect;
  outcome: Outcome;
  reason: string;
  decisions: AuditDecision[];
  /** Who approved or rejected the call. */
  approver?: string;
  /** Each approval level granted: role, approver and time. */
  approvals?: ApprovalLevel[];
  /** The tool's error message, for outcome `failed`. */
  error?: string;
  /** Evaluation time, ms. */
  durationMs: number;
  /** From evaluation to settlement (includes approval wait and execution), ms. */
  elapsedMs: number;
}

/** A decision as the audit keeps it: modified args become a hash. */
export type AuditDecision =
  | Exclude<Decision, { effect: 'modify' }>
  | (Omit<Extract<Decision, { effect: 'modify' }>, 'args'> & { argsHash: string });

/**
 * Where audit records go. `write` must not throw for a record it cannot keep: it reports the
 * failure by rejecting, and the engine routes that to `onError`. An audit never decides a call.
 */
export interface AuditSink {
  /** Name used in error reports. */
  readonly name: string;
  write(record: AuditRecord): Awaitable<void>;
  /** Resolves when every accepted record is durable. */
  flush?(): Promise<void>;
  /**
   * Whether the sink can record now. The engine asks a sink whose last write failed before it
   * counts it as recovered; with `audit.required`, calls are denied while no sink is healthy.
   */
  healthy?(): boolean;
  close?(): Promise<void>;
}
