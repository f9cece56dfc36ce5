import {
  type ApprovalHandler,
  canonicalJson,
  denialText,
  PortcullisError,
  requestApproval,
  type SettleDetails,
  type Verdict,
} from '@portcullis/core';
import { failureText } from './denial-text.ts';
import { type Evaluation, evaluationOf, takeEvaluation } from './evaluation-registry.ts';
import type { ToolCall, ToolCallOutput, ToolCallResult } from './tool-call.ts';
import { toolContent } from './tool-content.ts';

/** Runs one tool: receives the arguments after every modify, returns what the model should read. */
export type ToolHandler = (
  args: Record<string, unknown>,
  info: { call: ToolCall; verdict: Verdict },
) => unknown;

/** Options of {@link runToolCalls}. */
export interface RunToolCallsOptions {
  /** Your tool implementations, by tool name (`namespace__name` for namespaced Responses tools). */
  handlers: Readonly<Record<string, ToolHandler>>;
  /** Who decides `ask` verdicts (`callbackApprover`, `consoleApprover`, …). Without one, asks are not executed. */
  approvals?: ApprovalHandler | undefined;
}

/**
 * Executes the calls the policy allows, in order, one after another: allowed calls with the
 * model's arguments, modified calls with the rewritten ones, `ask` calls once `approvals` says
 * yes. Every verdict is settled with its real outcome (`executed`, `failed`, `blocked`,
 * `rejected`, `expired`), which commits or releases reservations and writes the audit. A tool
 * that throws does not stop the loop: its call is `failed` and the model is told. An approved MCP
 * approval request is `executed` (the server runs it); one whose arguments the policy would change
 * is blocked, since an approval cannot change them. Pass the outputs to `toToolMessages` or
 * `toResponsesInputItems`.
 *
 * @example
 * const outputs = await runToolCalls(results, {
 *   handlers: { transfer_funds: (args) => bank.transfer(args) },
 *   approvals: callbackApprover(async (request) => askTheUser(request)),
 * });
 */
export async function runToolCalls(
  results: readonly ToolCallResult[],
  options: RunToolCallsOptions,
): Promise<ToolCallOutput[]> {
  // Check every result before running any, so a bad list fails before a single side effect.
  for (const { verdict } of results) {
    if (verdict.effect !== 'deny' && !evaluationOf(verdict)) {
      throw new PortcullisError({
        code: 'unknown_verdict',
        message:
          'runToolCalls needs the results of evaluateToolCalls, run once: this verdict was copied, made elsewhere, or already run',
        data: { verdictId: verdict.id },
      });
    }
  }
  const outputs: ToolCallOutput[] = [];
  for (const result of results) outputs.push(await runOne(result, takeEvaluation(result.verdict), options));
  return outputs;
}

async function runOne(
  { call, verdict }: ToolCallResult,
  evaluation: Evaluation | undefined,
  options: RunToolCallsOptions,
): Promise<ToolCallOutput> {
  const settle = (outcome: ToolCallOutput['outcome'], details?: SettleDetails) =>
    evaluation?.engine.settle(verdict, outcome, details);
  if (verdict.effect === 'deny' || !evaluation) {
    await settle('blocked');
    return notRun(call, verdict, 'blocked');
  }
  let approval: SettleDetails = {};
  if (verdict.effect === 'ask') {
    // The app runs the call, not the engine, so the approval step engine.run would take happens here.
    const answer = await requestApproval({
      ctx: evaluation.ctx,
      verdict,
      handler: options.approvals,
      defaultTimeoutMs: evaluation.engine.policy.defaults.approvalTimeoutMs,
    });
    if (answer.outcome !== undefined) {
      await settle(answer.outcome, { approver: answer.approver });
      return notRun(call, answer.verdict, answer.outcome);
    }
    approval = { approver: answer.approver, approvals: answer.levels };
  }
  if (call.kind === 'mcp_approval_request') {
    // The remote server runs the model's arguments; approving would ignore a modify.
    if (canonicalJson(verdict.args) !== canonicalJson(call.args)) {
      await settle('blocked', approval);
      const reason = `an MCP approval cannot change the arguments the server runs with, and the policy changes them (${verdict.reason})`;
      return notRun(call, { ...verdict, effect: 'deny', reason }, 'blocked');
    }
    await settle('executed', approval);
    return { callId: call.id, outcome: 'executed', content: '', result: undefined, verdict };
  }
  if (!Object.hasOwn(options.handlers, call.tool)) {
    const error = new PortcullisError({
      code: 'missing_handler',
      message: `No handler is registered for the tool "${call.tool}"`,
    });
    await settle('failed', { ...approval, error });
    return { callId: call.id, outcome: 'failed', content: failureText(call.name, error), error, verdict };
  }
  const handler = options.handlers[call.tool] as ToolHandler;
  let result: unknown;
  try {
    result = await handler(verdict.args, { call, verdict });
  } catch (error) {
    await settle('failed', { ...approval, error });
    return { callId: call.id, outcome: 'failed', content: failureText(call.name, error), error, verdict };
  }
  await settle('executed', approval);
  return { callId: call.id, outcome: 'executed', content: toolContent(result), result, verdict };
}

function notRun(
  call: ToolCall,
  verdict: Verdict,
  outcome: 'blocked' | 'rejected' | 'expired',
): ToolCallOutput {
  return { callId: call.id, outcome, content: denialText(call.name, verdict, outcome), verdict };
}
