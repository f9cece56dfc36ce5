import type { CallContext, Principal } from '../context.ts';
import type { Decision, Verdict } from '../decision.ts';
import { canonicalHash } from '../util/canonical-json.ts';
import { errorMessage } from '../util/maybe-promise.ts';
import type {
  ApprovalHandler,
  ApprovalLevel,
  ApprovalRequest,
  ApprovalResponse,
} from './approval-handler.ts';

/** The verdict after the approval step, and how the call ends if it does not run. */
export interface ApprovalResult {
  /** The verdict to act on: `allow` (or `modify`) when approved, else `deny` with the reason. */
  verdict: Verdict;
  /** How the call ends when it does not run; undefined when it was approved. */
  outcome: 'blocked' | 'rejected' | 'expired' | undefined;
  /** Who approved or rejected, when someone did. */
  approver: string | undefined;
  /** The levels granted, when approved. */
  levels?: ApprovalLevel[];
}

/**
 * SHA-256 of the canonical (tool, args, principal): what an approval is bound to.
 *
 * @example
 * approvalHash('refund', { amount: 5000 }, { userId: 'u1' }) === request.argsHash
 */
export function approvalHash(
  tool: string,
  args: Record<string, unknown>,
  principal: Principal | undefined,
): string {
  return canonicalHash({ tool, args, principal: principal ?? null });
}

/** The levels an approval granted, checked against the chain; a string says what is missing. */
function grantedLevels(
  response: Extract<ApprovalResponse, { status: 'approved' }>,
  chain: readonly string[],
  fallback: string,
): ApprovalLevel[] | string {
  const at = new Date().toISOString();
  const levels = response.levels?.length
    ? response.levels
    : [{ approver: response.approver ?? fallback, at }];
  if (chain.length === 0) return levels;
  for (const [index, role] of chain.entries()) {
    const level = levels[index];
    if (level?.role !== role) {
      return `Approval incomplete: level ${index + 1} needs a ${role}${level ? `, got ${level.role ?? 'no role'}` : ''}`;
    }
  }
  return levels.slice(0, chain.length);
}

/**
 * Puts an `ask` verdict to the approval handler, under a timeout the engine enforces. Every way
 * this can go wrong (no handler, a throw, a timeout, a malformed answer) ends with the call denied.
 *
 * @example
 * const { verdict: final, outcome } = await requestApproval({ ctx, verdict, handler, defaultTimeoutMs: 300_000 });
 */
export async function requestApproval(input: {
  /** The call that needs approval. */
  ctx: CallContext;
  /** Its `ask` verdict. */
  verdict: Verdict;
  /** Who decides; undefined denies the call (`approval_unavailable`). */
  handler: ApprovalHandler | undefined;
  /** Timeout when the handler sets none, ms (the policy's `defaults.approvalTimeoutMs`). */
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
  const request = approvalRequest(ctx, verdict, timeoutMs);
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
    (response?.status === 'approved' || response?.status === 'rejected') &&
    typeof response.approver === 'string'
      ? response.approver
      : undefined;
  switch (response?.status) {
    case 'approved': {
      const levels = grantedLevels(response, request.chain, who ?? handler.name);
      if (typeof levels === 'string') return denied(verdict, 'blocked', 'approval_incomplete', levels);
      const granted: Decision[] = levels.map((level) => ({
        effect: 'allow',
        guard: 'approval',
        reason: `approved by ${level.approver}${level.role ? ` as ${level.role}` : ''}`,
      }));
      const modified = verdict.decisions.some((d) => d.effect === 'modify');
      return {
        verdict: {
          ...verdict,
          decisions: [...verdict.decisions, ...granted],
          effect: modified ? 'modify' : 'allow',
          reason: granted.map((d) => d.reason).join('; '),
        },
        outcome: undefined,
        approver: levels.map((level) => level.approver).join(', '),
        levels,
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
    case 'pending':
      return denied(
        verdict,
        'blocked',
        'approval_pending',
        `Approval ${response.id} is pending; the same call will run once it is approved: ${verdict.reason}`,
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

/**
 * The request put to approvers; `argsHash` binds an answer to exactly this call.
 *
 * @example
 * const request = approvalRequest(ctx, verdict, 60_000); // what a custom flow shows its approver
 */
export function approvalRequest(ctx: CallContext, verdict: Verdict, timeoutMs: number): ApprovalRequest {
  const asks = verdict.decisions.filter((d) => d.effect === 'ask');
  const chain = [...new Set(asks.flatMap((d) => d.approvers ?? []))];
  const risks = asks.flatMap((d) => (d.risk === undefined ? [] : [d.risk]));
  return {
    id: verdict.id,
    traceId: verdict.traceId,
    callId: ctx.callId,
    tool: ctx.tool,
    args: verdict.args,
    principal: ctx.principal,
    reasons: asks.map((d) => d.reason),
    risk: risks.length ? Math.max(...risks) : undefined,
    argsHash: approvalHash(ctx.tool, verdict.args, ctx.principal),
    chain,
    timeoutMs,
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
