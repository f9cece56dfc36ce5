import type { ApprovalLevel } from './approvals/approval-handler.ts';
import type { CallContext } from './context.ts';

/** What may happen to a call. Precedence when guards disagree: deny > ask > modify > allow. */
export type Effect = 'allow' | 'deny' | 'ask' | 'modify';

/** One guard's judgement of a call. A discriminated union on `effect`. */
export type Decision =
  | {
      effect: 'allow';
      /** The guard that decided. */
      guard: string;
      reason?: string;
      /** Set when a guard configured with `failMode: 'open'` failed and was let through. */
      code?: string;
      /** The rule that decided, for the rules guard. */
      rule?: string;
    }
  | { effect: 'deny'; guard: string; reason: string; code: string; risk?: number; rule?: string }
  | {
      effect: 'ask';
      guard: string;
      reason: string;
      risk?: number;
      rule?: string;
      /** Roles that must approve, in order (e.g. manager, then director). */
      approvers?: string[];
    }
  | { effect: 'modify'; guard: string; reason: string; args: Record<string, unknown>; rule?: string };

/**
 * Stateful guards take their share of a limit at evaluation (e.g. a budget reserved atomically).
 * The engine commits it when the call executes and releases it otherwise.
 */
export interface Reservation {
  commit(): void | Promise<void>;
  release(): void | Promise<void>;
}

/** What a guard returns: a decision (its `guard` name is filled in by the engine), optionally holding a reservation. */
export type GuardDecision = DistributiveOmit<Decision, 'guard'> & {
  guard?: string;
  reservation?: Reservation;
};

/** `Omit` that keeps a union a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The engine's final judgement of a call. Plain JSON: it crosses HTTP and goes to the audit. */
export interface Verdict {
  /** Decision id: names this verdict in the audit, approvals and `settle`. */
  id: string;
  /** Trace id (W3C format), from `ctx.metadata.traceId` when given. */
  traceId: string;
  /** Final effect, by precedence deny > ask > modify > allow. */
  effect: Effect;
  /** What execution receives: the arguments after every modify, in guard order. */
  args: Record<string, unknown>;
  /** One decision per guard that applied. */
  decisions: Decision[];
  /** Why, as a sentence: the first deny or ask reason, a modify reason, or "allowed". */
  reason: string;
  /** Time spent evaluating, in milliseconds. */
  durationMs: number;
}

/**
 * How a call ended: `executed`; `failed` (the tool threw: a tool fault, not a block); `blocked`
 * (policy denied); `rejected` (a human said no); `expired` (nobody answered the approval in time).
 */
export type Outcome = 'executed' | 'failed' | 'blocked' | 'rejected' | 'expired';

/** Details recorded with an outcome. */
export interface SettleDetails {
  /** The error the tool threw (outcome `failed`). */
  error?: unknown;
  /** Who approved or rejected the call. */
  approver?: string | undefined;
  /** Each level of an approval chain that was granted. */
  approvals?: ApprovalLevel[] | undefined;
}

/** The context a verdict was made for; the engine keeps it until the verdict is settled. */
export interface PendingCall {
  ctx: CallContext;
  verdict: Verdict;
  startedAt: number;
  reservations: Reservation[];
}
