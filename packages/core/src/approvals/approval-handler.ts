import type { CallContext, Principal } from '../context.ts';
import type { Verdict } from '../decision.ts';

/** What an approver is asked: the exact call, why it needs a human, and a hash binding the answer to it. */
export interface ApprovalRequest {
  /** The verdict id (one approval per call). */
  id: string;
  /** The trace id of the run, shared with its audit records. */
  traceId: string;
  /**
   * The framework's id of the tool call (an OpenAI `tool_call` id, an MCP request id…) when the
   * adapter gave one; its audit record carries the same `callId`.
   */
  callId?: string | undefined;
  /** The tool the call is for. */
  tool: string;
  /** The arguments the call would run with (after any modify). */
  args: Record<string, unknown>;
  /** Who is acting; undefined when the call carries no identity. */
  principal: Principal | undefined;
  /** Every ask reason from the guards. */
  reasons: string[];
  /** Highest risk any guard attached (0–1). */
  risk: number | undefined;
  /** SHA-256 of the canonical (tool, args, principal): an approval is valid only for this call. */
  argsHash: string;
  /** Roles that must approve, in order (empty: any one approver). Any rejection ends the chain. */
  chain: string[];
  /** How long the request may wait, ms. */
  timeoutMs: number;
  /** The full context, for handlers that show more. */
  ctx: CallContext;
  /** The `ask` verdict being decided. */
  verdict: Verdict;
}

/** One level of an approval chain that was granted. */
export interface ApprovalLevel {
  /** The role this level required (absent for a single, role-less approval). */
  role?: string | undefined;
  /** Who approved. */
  approver: string;
  /** When, ISO 8601. */
  at: string;
}

/**
 * An approver's answer. `approved` must list a level for each role of the chain, in order;
 * `pending` means the request is queued (the call does not run now; an identical call after
 * the approval will).
 */
export type ApprovalResponse =
  | {
      /** The call may run. */
      status: 'approved';
      /** Who approved (a single, role-less approval). */
      approver?: string | undefined;
      /** One granted level per role of the chain, in order. */
      levels?: ApprovalLevel[] | undefined;
      /** The approver's note, recorded in the audit. */
      reason?: string | undefined;
    }
  | {
      /** The call is denied. */
      status: 'rejected';
      /** Who rejected. */
      approver?: string | undefined;
      /** Why, recorded in the audit and shown to the model. */
      reason?: string | undefined;
    }
  | {
      /** Queued: the call does not run now; an identical call after the approval will. */
      status: 'pending';
      /** The queued request's id, to approve or reject it by. */
      id: string;
    }
  | {
      /** Nobody answered in time: the call is denied. */
      status: 'expired';
    };

/**
 * Decides `ask` verdicts. The engine enforces the timeout itself (the call expires and is denied)
 * and aborts `signal` then; a handler that throws denies the call.
 */
export interface ApprovalHandler {
  /** Name recorded in the audit. */
  readonly name: string;
  /** Asks for a decision on one call; resolves with the answer (or `pending` when queued). */
  request(
    request: ApprovalRequest,
    options: {
      /** Aborted when the request times out: stop waiting then. */
      signal: AbortSignal;
      /** How long the answer may take, ms. */
      timeoutMs: number;
    },
  ): Promise<ApprovalResponse>;
  /** Handler-specific timeout; default: the policy's `defaults.approvalTimeoutMs`. */
  readonly timeoutMs?: number | undefined;
}
