import { setImmediate as tick } from 'node:timers/promises';
import {
  type ApprovalLevel,
  approvalRequest,
  type CallContext,
  type Decision,
  type QueueApprover,
  type Verdict,
} from '@portcullis/core';
import type { EventBus } from './event-bus.ts';

/** How the approval step of `POST /v1/run` ended. */
export type ApprovalStep =
  | { status: 'approved'; approver: string; levels: ApprovalLevel[] }
  | { status: 'rejected' | 'expired' | 'blocked'; code: string; reason: string; approver?: string };

/**
 * Puts an `ask` verdict to the approval queue and waits for a human, at most `timeoutMs` (or
 * until the client goes away). Anything but an approval leaves the call denied.
 */
export async function approvalStep(input: {
  queue: QueueApprover;
  events: EventBus;
  ctx: CallContext;
  verdict: Verdict;
  timeoutMs: number;
  signal: AbortSignal;
}): Promise<ApprovalStep> {
  const { queue, ctx, verdict, timeoutMs } = input;
  const request = approvalRequest(ctx, verdict, timeoutMs);
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), input.signal]);
  try {
    const answering = queue.request(request, { signal, timeoutMs });
    void announce(input, verdict.id);
    const answer = await answering;
    switch (answer.status) {
      case 'approved': {
        const levels = answer.levels?.length
          ? answer.levels
          : [{ approver: answer.approver ?? 'queue', at: new Date().toISOString() }];
        return { status: 'approved', approver: levels.map((l) => l.approver).join(', '), levels };
      }
      case 'rejected':
        return {
          status: 'rejected',
          code: 'approval_rejected',
          reason: `Rejected by ${answer.approver ?? 'an operator'}${answer.reason ? `: ${answer.reason}` : ''}`,
          ...(answer.approver === undefined ? {} : { approver: answer.approver }),
        };
      case 'expired':
        return {
          status: 'expired',
          code: 'approval_expired',
          reason: `No approval within ${timeoutMs} ms: ${verdict.reason}`,
        };
      default:
        return {
          status: 'blocked',
          code: 'approval_error',
          reason: 'The approval queue gave no valid answer',
        };
    }
  } catch (error) {
    return {
      status: 'blocked',
      code: 'approval_error',
      reason: `Approval failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Tells the feed about the request once the queue holds it (it is stored a few ticks in). */
async function announce(input: { queue: QueueApprover; events: EventBus }, id: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const record = await input.queue.get(id);
    if (record) {
      input.events.publish({ type: 'approval', change: 'requested', approval: record });
      return;
    }
    await tick();
  }
}

/**
 * Writes the approval's result into the verdict the engine issued (its public fields), so the
 * audit record of the call shows who approved it, or why it was denied.
 */
export function applyApproval(verdict: Verdict, step: ApprovalStep): void {
  if (step.status === 'approved') {
    const granted: Decision[] = step.levels.map((level) => ({
      effect: 'allow',
      guard: 'approval',
      reason: `approved by ${level.approver}${level.role ? ` as ${level.role}` : ''}`,
    }));
    verdict.decisions = [...verdict.decisions, ...granted];
    verdict.effect = verdict.decisions.some((d) => d.effect === 'modify') ? 'modify' : 'allow';
    verdict.reason = granted.map((d) => d.reason ?? '').join('; ');
    return;
  }
  verdict.decisions = [
    ...verdict.decisions,
    { effect: 'deny', guard: 'approval', code: step.code, reason: step.reason },
  ];
  verdict.effect = 'deny';
  verdict.reason = step.reason;
}
