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
  /** Trace id of the run, shared by every record of it. */
  traceId: string;
  /** When the call was evaluated (ISO 8601). */
  time: string;
  /** The tool called, as the model named it. */
  tool: string;
  /** Which adapter the call came through. */
  source: CallSource;
  /** The MCP downstream server, for calls through the proxy. */
  server?: string;
  /** The framework's tool-call id. */
  callId?: string;
  /** Who was acting. */
  principal?: Principal;
  /** SHA-256 of the canonical JSON of the arguments the model sent. */
  argsHash: string;
  /** SHA-256 of the arguments execution received, when a guard modified them. */
  executedArgsHash?: string;
  /** Raw arguments (only with `audit.includeArgs`), as their canonical JSON reads back. */
  args?: Record<string, unknown>;
  /**
   * Set when arguments could not be serialised (a getter or `toJSON` threw, or they nest too deep
   * to walk): what failed and why. The hash of arguments that could not be read is the hash of
   * `null`, which no arguments object has, and `args` is left out.
   */
  argsError?: string;
  /** The final effect of the verdict. */
  effect: Effect;
  /** How the call ended: executed, failed, blocked, rejected or expired. */
  outcome: Outcome;
  /** The verdict's reason (why it was denied or asked, or "allowed"). */
  reason: string;
  /** One per guard that applied, in guard order. */
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
  | (Omit<Extract<Decision, { effect: 'modify' }>, 'args'> & {
      /** SHA-256 of the canonical JSON of the arguments this guard rewrote the call to. */
      argsHash: string;
    });

/**
 * Where audit records go. `write` must not throw for a record it cannot keep: it reports the
 * failure by rejecting, and the engine routes that to `onError`. An audit never decides a call.
 */
export interface AuditSink {
  /** Name used in error reports. */
  readonly name: string;
  /** Records one settled call; a failure rejects (never throws synchronously). */
  write(record: AuditRecord): Awaitable<void>;
  /** Resolves when every accepted record is durable. */
  flush?(): Promise<void>;
  /**
   * Whether the sink can record now. The engine asks a sink whose last write failed before it
   * counts it as recovered; with `audit.required`, calls are denied while no sink is healthy.
   */
  healthy?(): boolean;
  /** Flushes and releases the sink's file or connection; no writes after it. */
  close?(): Promise<void>;
}
