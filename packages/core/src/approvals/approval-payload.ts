import type { Principal } from '../context.ts';
import type { ApprovalRequest } from './approval-handler.ts';

/** An approval request as plain JSON: what a webhook receives and what the queue stores. */
export interface ApprovalPayload {
  id: string;
  traceId: string;
  tool: string;
  args: Record<string, unknown>;
  principal: Principal | null;
  reasons: string[];
  risk: number | null;
  /** SHA-256 of the canonical (tool, args, principal) the answer is bound to. */
  argsHash: string;
  /** Roles that must approve, in order. */
  chain: string[];
  createdAt: string;
  expiresAt: string;
}

/** The JSON form of a request, its expiry counted from `now`. */
export function approvalPayload(request: ApprovalRequest, now = Date.now()): ApprovalPayload {
  return {
    id: request.id,
    traceId: request.traceId,
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
