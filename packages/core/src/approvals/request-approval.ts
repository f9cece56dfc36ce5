import type { CallContext } from '../context.ts';
import type { Decision, Verdict } from '../decision.ts';
import { canonicalHash } from '../util/canonical-json.ts';
import { errorMessage } from '../util/maybe-promise.ts';
import type { ApprovalHandler, ApprovalRequest, ApprovalResponse } from './approval-handler.ts';

/** The verdict after the approval step, and how the call ends if it does not run. */
export interface ApprovalResult {
  verdict: Verdict;
  outcome: 'blocked' | 'rejected' | 'expired' | undefined;
  approver: string | undefined;
}

/**
 * Puts an `ask` verdict to the approval handler, under a timeout the engine enforces. Every way
 * this can go wrong (no handler, a throw, a timeout, a malformed answer) ends with the call denied.
 */
export async function requestApproval(input: {
  ctx: CallContext;
  verdict: Verdict;
  handler: ApprovalHandler | undefined;
  defaultTimeoutMs: number;
}): Promise<ApprovalResult> {
  const { ctx, verdict, handler } = input;
  if (!handler) {
    return denied(
      verdict,
      'blocked',
      'approval_unavailable',
      `Approval required but no approver is configured: ${verdict.reason}`,
    );
  }
  const timeoutMs = handler.timeoutMs ?? input.defaultTimeoutMs;
  const request = approvalRequest(ctx, verdict);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<ApprovalResponse>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'expired' }), timeoutMs);
  });
  let response: ApprovalResponse;
  try {
    response = await Promise.race([
      handler.request(request, { signal: controller.signal, timeoutMs }),
      expiry,
    ]);
  } catch (error) {
    return denied(
      verdict,
      'blocked',
      'approval_error',
      `Approval handler "${handler.name}" failed: ${errorMessage(error)}`,
    );
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  const who =
    response.status !== 'expired' && typeof response.approver === 'string' ? response.approver : undefined;
  switch (response?.status) {
    case 'approved': {
      const decision: Decision = {
        effect: 'allow',
        guard: 'approval',
        reason: `approved by ${who ?? handler.name}`,
      };
      const decisions = [...verdict.decisions, decision];
      const modified = verdict.decisions.some((d) => d.effect === 'modify');
      return {
        verdict: {
          ...verdict,
          decisions,
          effect: modified ? 'modify' : 'allow',
          reason: decision.reason ?? 'approved',
        },
        outcome: undefined,
        approver: who,
      };
    }
    case 'rejected': {
      const why = response.reason ? `: ${response.reason}` : '';
      const result = denied(
        verdict,
        'rejected',
        'approval_rejected',
        `Rejected by ${who ?? handler.name}${why}`,
      );
      return { ...result, approver: who };
    }
    case 'expired':
      return denied(
        verdict,
        'expired',
        'approval_expired',
        `No approval within ${timeoutMs} ms: ${verdict.reason}`,
      );
    default:
      return denied(
        verdict,
        'blocked',
        'approval_error',
        `Approval handler "${handler.name}" gave no valid answer`,
      );
  }
}

/** The request put to approvers; `argsHash` binds an answer to exactly this call. */
export function approvalRequest(ctx: CallContext, verdict: Verdict): ApprovalRequest {
  const asks = verdict.decisions.filter((d) => d.effect === 'ask');
  const risks = asks.flatMap((d) => (d.risk === undefined ? [] : [d.risk]));
  return {
    id: verdict.id,
    traceId: verdict.traceId,
    tool: ctx.tool,
    args: verdict.args,
    principal: ctx.principal,
    reasons: asks.map((d) => d.reason),
    risk: risks.length ? Math.max(...risks) : undefined,
    argsHash: canonicalHash({ tool: ctx.tool, args: verdict.args, principal: ctx.principal ?? null }),
    ctx,
    verdict,
  };
}

function denied(
  verdict: Verdict,
  outcome: 'blocked' | 'rejected' | 'expired',
  code: string,
  reason: string,
): ApprovalResult {
  const decision: Decision = { effect: 'deny', guard: 'approval', code, reason };
  return {
    verdict: { ...verdict, effect: 'deny', reason, decisions: [...verdict.decisions, decision] },
    outcome,
    approver: undefined,
  };
}
