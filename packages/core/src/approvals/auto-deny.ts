import type { ApprovalHandler } from './approval-handler.ts';

/**
 * Rejects every approval request: for unattended runs where nobody can answer, saying so in the
 * audit rather than waiting for a timeout.
 *
 * @example
 * const engine = createEngine({ policy, approvals: autoDeny('No approver on night shift') });
 */
export function autoDeny(reason = 'No human approval is available'): ApprovalHandler {
  return { name: 'autoDeny', request: async () => ({ status: 'rejected', approver: 'autoDeny', reason }) };
}
