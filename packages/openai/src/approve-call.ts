import {
  type ApprovalHandler,
  type ApprovalLevel,
  type ApprovalRequest,
  type ApprovalResponse,
  approvalHash,
  type Verdict,
} from '@portcullis/core';
import type { Evaluation } from './evaluation-registry.ts';
import type { NotExecuted } from './tool-call.ts';

/** The answer to an `ask`: run (with who approved), or not (with the final deny verdict). */
export type ApprovalAnswer =
  | { approved: true; approver: string; levels: ApprovalLevel[] }
  | { approved: false; outcome: NotExecuted; verdict: Verdict; approver?: string | undefined };

/**
 * Puts an `ask` verdict to an approval handler, under a timeout enforced here. This mirrors what
 * `engine.run` does for calls it executes itself; the engine does not expose that step for a
 * verdict it has already returned, and the app, not the engine, runs OpenAI tool calls. Every way
 * this can go wrong (no handler, a throw, a timeout, an answer that misses a level of the chain)
 * ends with the call not running.
 */
export async function approveCall(
  verdict: Verdict,
  evaluation: Evaluation,
  handler: ApprovalHandler | undefined,
): Promise<ApprovalAnswer> {
  if (!handler) {
    return refuse(
      verdict,
      'blocked',
      'approval_unavailable',
      `Approval required but no approver is configured: ${verdict.reason}`,
    );
  }
  const timeoutMs = handler.timeoutMs ?? evaluation.engine.policy.defaults.approvalTimeoutMs;
  const request = approvalRequest(verdict, evaluation, timeoutMs);
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
    const why = error instanceof Error ? error.message : String(error);
    return refuse(verdict, 'blocked', 'approval_error', `Approval handler "${handler.name}" failed: ${why}`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  switch (response?.status) {
    case 'approved': {
      const at = new Date().toISOString();
      const levels = response.levels?.length
        ? response.levels
        : [{ approver: response.approver ?? handler.name, at }];
      const missing = request.chain.findIndex((role, index) => levels[index]?.role !== role);
      if (missing !== -1) {
        const reason = `Approval incomplete: level ${missing + 1} needs a ${request.chain[missing]}`;
        return refuse(verdict, 'blocked', 'approval_incomplete', reason);
      }
      const granted = request.chain.length > 0 ? levels.slice(0, request.chain.length) : levels;
      return { approved: true, approver: granted.map((level) => level.approver).join(', '), levels: granted };
    }
    case 'rejected': {
      const who = response.approver ?? handler.name;
      const reason = `Rejected by ${who}${response.reason ? `: ${response.reason}` : ''}`;
      return { ...refuse(verdict, 'rejected', 'approval_rejected', reason), approver: response.approver };
    }
    case 'expired':
      return refuse(
        verdict,
        'expired',
        'approval_expired',
        `No approval within ${timeoutMs} ms: ${verdict.reason}`,
      );
    case 'pending':
      return refuse(
        verdict,
        'blocked',
        'approval_pending',
        `Approval ${response.id} is pending; the same call will run once it is approved: ${verdict.reason}`,
      );
    default:
      return refuse(
        verdict,
        'blocked',
        'approval_error',
        `Approval handler "${handler.name}" gave no valid answer`,
      );
  }
}

function approvalRequest(verdict: Verdict, { ctx }: Evaluation, timeoutMs: number): ApprovalRequest {
  const asks = verdict.decisions.filter((decision) => decision.effect === 'ask');
  const risks = asks.flatMap((decision) => (decision.risk === undefined ? [] : [decision.risk]));
  return {
    id: verdict.id,
    traceId: verdict.traceId,
    tool: ctx.tool,
    args: verdict.args,
    principal: ctx.principal,
    reasons: asks.map((decision) => decision.reason),
    risk: risks.length > 0 ? Math.max(...risks) : undefined,
    argsHash: approvalHash(ctx.tool, verdict.args, ctx.principal),
    chain: [...new Set(asks.flatMap((decision) => decision.approvers ?? []))],
    timeoutMs,
    ctx,
    verdict,
  };
}

/** A copy of the verdict that says why the call did not run; the original is what gets settled. */
function refuse(
  verdict: Verdict,
  outcome: NotExecuted,
  code: string,
  reason: string,
): Extract<ApprovalAnswer, { approved: false }> {
  return {
    approved: false,
    outcome,
    verdict: {
      ...verdict,
      effect: 'deny',
      reason,
      decisions: [...verdict.decisions, { effect: 'deny', guard: 'approval', code, reason }],
    },
  };
}
