import type { ApprovalLevel } from './approvals/approval-handler.ts';
import type { CallContext } from './context.ts';

/** What may happen to a call. Precedence when guards disagree: deny > ask > modify > allow. */
export type Effect = 'allow' | 'deny' | 'ask' | 'modify';

/** One guard's judgement of a call. A discriminated union on `effect`. */
export type Decision =
  | {
      /** The call may run as it is. */
      effect: 'allow';
      /** The guard that decided. */
      guard: string;
      /** Why, when the guard says. */
      reason?: string;
      /** Set when a guard configured with `failMode: 'open'` failed and was let through. */
      code?: string;
      /** The rule that decided, for the rules guard. */
      rule?: string;
    }
  | {
      /** The call must not run. */
      effect: 'deny';
      /** The guard that decided. */
      guard: string;
      /** Why, as a sentence the model and the audit can read. */
      reason: string;
      /** Machine-readable cause, e.g. `budget_exceeded`, `guard_error`, `guard_timeout`. */
      code: string;
      /** How risky the guard judged the call, 0–1. */
      risk?: number;
      /** The rule that decided, for the rules guard. */
      rule?: string;
    }
  | {
      /** A person must approve the call before it runs. */
      effect: 'ask';
      /** The guard that decided. */
      guard: string;
      /** Why approval is needed, shown to the approver. */
      reason: string;
      /** How risky the guard judged the call, 0–1. */
      risk?: number;
      /** The rule that decided, for the rules guard. */
      rule?: string;
      /** Roles that must approve, in order (e.g. manager, then director). */
      approvers?: string[];
    }
  | {
      /** The call may run, with rewritten arguments. */
      effect: 'modify';
      /** The guard that decided. */
      guard: string;
      /** What was changed and why (e.g. "Redacted CREDIT_CARD at card"). */
      reason: string;
      /** The arguments the call runs with instead. */
      args: Record<string, unknown>;
      /** The rule that decided, for the rules guard. */
      rule?: string;
    };

/**
 * Stateful guards take their share of a limit at evaluation (e.g. a budget reserved atomically).
 * The engine commits it when the call executes and releases it otherwise.
 */
export interface Reservation {
  /** Makes the reserved share final: the call ran. */
  commit(): void | Promise<void>;
  /** Gives the reserved share back: the call did not run, or failed. */
  release(): void | Promise<void>;
}

/** What a guard returns: a decision (its `guard` name is filled in by the engine), optionally holding a reservation. */
export type GuardDecision = DistributiveOmit<Decision, 'guard'> & {
  /** The guard's name; the engine fills it in when absent. */
  guard?: string;
  /** A share of a limit taken for this call, committed or released when the call is settled. */
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
  /** The call as it was evaluated. */
  ctx: CallContext;
  /** Its verdict. */
  verdict: Verdict;
  /** When evaluation started, epoch ms (for the audit's `elapsedMs`). */
  startedAt: number;
  /** What the guards reserved, to commit or release at settlement. */
  reservations: Reservation[];
}
