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
  /** The full context, for handlers that show more. */
  ctx: CallContext;
  verdict: Verdict;
}

/** An approver's answer. */
export type ApprovalResponse =
  | { status: 'approved'; approver?: string | undefined; reason?: string | undefined }
  | { status: 'rejected'; approver?: string | undefined; reason?: string | undefined }
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
