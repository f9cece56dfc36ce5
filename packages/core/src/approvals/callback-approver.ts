import type {
  ApprovalHandler,
  ApprovalLevel,
  ApprovalRequest,
  ApprovalResponse,
} from './approval-handler.ts';

/** What a callback may answer: a yes/no, or a full response. */
export type CallbackAnswer =
  | boolean
  | ApprovalResponse
  | {
      /** True to let the call run, false to deny it. */
      approved: boolean;
      /** Who decided, recorded in the audit. */
      approver?: string;
      /** Why, recorded in the audit (and shown to the model on a rejection). */
      reason?: string;
    };

/** Options shared by approvers. */
export interface ApproverOptions {
  /** How long a request may wait before the call expires (default: the policy's `defaults.approvalTimeoutMs`). */
  timeoutMs?: number;
}

/**
 * Approves through a function you provide: a chat message with buttons, a UI, a test. For a chain
 * of roles the function is called once per level, with `level` set; any rejection ends it.
 *
 * @example
 * const approvals = callbackApprover(async (req) => slack.ask(`${req.tool}: ${req.reasons.join('; ')}`), { timeoutMs: 60_000 });
 */
export function callbackApprover(
  decide: (
    request: ApprovalRequest & { level?: { role: string; index: number } },
    options: { signal: AbortSignal },
  ) => CallbackAnswer | Promise<CallbackAnswer>,
  options: ApproverOptions = {},
): ApprovalHandler {
  return {
    name: 'callback',
    timeoutMs: options.timeoutMs,
    async request(request, { signal }) {
      const roles = request.chain.length > 0 ? request.chain : [undefined];
      const levels: ApprovalLevel[] = [];
      for (const [index, role] of roles.entries()) {
        const answer = normalise(
          await decide(role === undefined ? request : { ...request, level: { role, index } }, { signal }),
        );
        if (answer.status !== 'approved') return answer;
        levels.push({
          ...(role ? { role } : {}),
          approver: answer.approver ?? 'callback',
          at: new Date().toISOString(),
        });
      }
      return { status: 'approved', approver: levels.map((l) => l.approver).join(', '), levels };
    },
  };
}

function normalise(answer: CallbackAnswer): ApprovalResponse {
  if (answer === true) return { status: 'approved' };
  if (answer === false) return { status: 'rejected' };
  if (answer !== null && typeof answer === 'object' && 'status' in answer) return answer;
  if (answer !== null && typeof answer === 'object' && 'approved' in answer) {
    return answer.approved
      ? { status: 'approved', approver: answer.approver }
      : { status: 'rejected', approver: answer.approver, reason: answer.reason };
  }
  throw new Error(`the approval callback answered ${JSON.stringify(answer)}, not a yes/no`);
}
