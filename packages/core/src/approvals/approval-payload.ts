import type { Principal } from '../context.ts';
import type { ApprovalRequest } from './approval-handler.ts';

/** An approval request as plain JSON: what a webhook receives and what the queue stores. */
export interface ApprovalPayload {
  /** The verdict id (one approval per call). */
  id: string;
  /** The trace id of the run. */
  traceId: string;
  /** The framework's id of the tool call, as in its audit record; null when the adapter gave none. */
  callId: string | null;
  /** The tool the call is for. */
  tool: string;
  /** The arguments the call would run with (after any modify). */
  args: Record<string, unknown>;
  /** Who is acting; null when the call carries no identity. */
  principal: Principal | null;
  /** Every ask reason from the guards. */
  reasons: string[];
  /** Highest risk any guard attached (0–1); null when none did. */
  risk: number | null;
  /** SHA-256 of the canonical (tool, args, principal) the answer is bound to. */
  argsHash: string;
  /** Roles that must approve, in order. */
  chain: string[];
  /** When the request was made, ISO 8601. */
  createdAt: string;
  /** When it expires unanswered (and the call is denied), ISO 8601. */
  expiresAt: string;
}

/** The JSON form of a request, its expiry counted from `now`. */
export function approvalPayload(request: ApprovalRequest, now = Date.now()): ApprovalPayload {
  return {
    id: request.id,
    traceId: request.traceId,
    callId: request.callId ?? null,
    tool: request.tool,
    args: request.args,
    principal: request.principal ?? null,
    reasons: request.reasons,
    risk: request.risk ?? null,
    argsHash: request.argsHash,
    chain: request.chain,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + request.timeoutMs).toISOString(),
  };
}
