import type { CallContext, Principal } from '../context.ts';
import type { Verdict } from '../decision.ts';

/** What an approver is asked: the exact call, why it needs a human, and a hash binding the answer to it. */
export interface ApprovalRequest {
  /** The verdict id (one approval per call). */
  id: string;
  traceId: string;
  tool: string;
  /** The arguments the call would run with (after any modify). */
  args: Record<string, unknown>;
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
      status: 'approved';
      approver?: string | undefined;
      levels?: ApprovalLevel[] | undefined;
      reason?: string | undefined;
    }
  | { status: 'rejected'; approver?: string | undefined; reason?: string | undefined }
  | { status: 'pending'; id: string }
  | { status: 'expired' };

/**
 * Decides `ask` verdicts. The engine enforces the timeout itself (the call expires and is denied)
 * and aborts `signal` then; a handler that throws denies the call.
 */
export interface ApprovalHandler {
  /** Name recorded in the audit. */
  readonly name: string;
  request(
    request: ApprovalRequest,
    options: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ApprovalResponse>;
  /** Handler-specific timeout; default: the policy's `defaults.approvalTimeoutMs`. */
  readonly timeoutMs?: number | undefined;
}
