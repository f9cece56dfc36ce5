import type { ElicitRequest, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalHandler, ApprovalRequest, ApprovalResponse, CallContext } from '@portcullis/core';

/** Sends one `elicitation/create` request to the client that made the call. */
export type Elicit = (
  params: ElicitRequest['params'],
  options: { signal: AbortSignal; timeoutMs: number },
) => Promise<ElicitResult>;

/** The approval handler of the proxy, plus how a call registers its client's elicitation. */
export interface ElicitationApprover extends ApprovalHandler {
  /** Lets asks for this call go to its client (the context object identifies the call). */
  attach(ctx: CallContext, elicit: Elicit, clientName: string): void;
}

const MAX_ARGS_SHOWN = 2000;

/**
 * The form the client shows: the call, why it needs a human, one yes/no field.
 *
 * @example
 * const answer = await server.elicitInput(approvalForm(request));
 */
export function approvalForm(request: ApprovalRequest): ElicitRequest['params'] {
  let args = JSON.stringify(request.args, null, 2);
  if (args.length > MAX_ARGS_SHOWN) args = `${args.slice(0, MAX_ARGS_SHOWN)}\n… (truncated)`;
  return {
    message: [
      `Portcullis: the tool call "${request.tool}" needs your approval.`,
      `Why: ${request.reasons.join('; ')}`,
      `Arguments:\n${args}`,
    ].join('\n'),
    requestedSchema: {
      type: 'object',
      properties: {
        approve: {
          type: 'boolean',
          title: 'Run this call',
          description: 'Yes runs the call; no refuses it.',
        },
      },
      required: ['approve'],
    },
  };
}

/**
 * Routes the engine's `ask` verdicts: to the calling client through MCP elicitation when it
 * declared the capability (and the approval needs no role chain), otherwise to the fallback
 * handler (the queue, or a refusal). Only an explicit "accept" with approve = true runs the call.
 *
 * @example
 * const approvals = elicitationApprover({ fallback: queueApprover({ store, wait: false }) });
 */
export function elicitationApprover(options: {
  /** Who answers when the client cannot (no elicitation, or a role chain). */
  fallback: ApprovalHandler;
  /** How long an approval may wait, ms (default: the policy's). */
  timeoutMs?: number | undefined;
}): ElicitationApprover {
  // Keyed by the call's context object: the engine hands the same object to the handler.
  const routes = new WeakMap<CallContext, { elicit: Elicit; clientName: string }>();
  return {
    name: 'mcp',
    timeoutMs: options.timeoutMs,
    attach(ctx, elicit, clientName) {
      routes.set(ctx, { elicit, clientName });
    },
    async request(request, signal): Promise<ApprovalResponse> {
      const route = routes.get(request.ctx);
      if (route === undefined || request.chain.length > 0) return options.fallback.request(request, signal);
      const result = await route.elicit(approvalForm(request), signal);
      const approver = `${route.clientName} (elicitation)`;
      if (result.action === 'accept' && result.content?.['approve'] === true)
        return { status: 'approved', approver };
      const reason =
        result.action === 'accept' ? 'answered no' : result.action === 'decline' ? 'declined' : 'cancelled';
      return { status: 'rejected', approver, reason };
    },
  };
}
