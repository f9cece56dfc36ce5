import { denialText, type PolicyEngine, type Principal, principalFrom } from '@portcullis/core';
import type { ModelMessage, ToolApprovalStatus } from 'ai';
import { approvalAnswers } from './approval-answers.ts';
import { isGuardedTool, toCallContext } from './call-context.ts';
import { ledgerFor } from './ledger-for.ts';

/** Options of {@link toolApproval}. */
export interface ToolApprovalOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Identity used when the call's `runtimeContext` names none (`userId`, `agentId`, `sessionId`…). */
  principal?: Principal;
  /** How long to wait for the engine's verdict before denying, ms (default 10,000). */
  timeoutMs?: number;
}

/** What the SDK passes a generic `toolApproval` function (the fields Portcullis reads). */
export interface ToolApprovalInput {
  /** The call to judge. */
  toolCall: {
    /** The tool's name, as the model called it. */
    toolName: string;
    /** The SDK's id of the call. */
    toolCallId: string;
    /** The parsed arguments. */
    input: unknown;
    /** True when the provider runs the tool itself. */
    providerExecuted?: boolean;
  };
  /** The tools of the call (to honour a tool's own `needsApproval`). */
  tools: Record<string, unknown> | undefined;
  /** The conversation so far (answers to earlier approval requests are read from it). */
  messages: ModelMessage[];
  /** The call's runtime context: the principal is read from it (`userId`, `agentId`, …). */
  runtimeContext?: unknown;
}

/** The `toolApproval` function Portcullis builds: accepted by `generateText`, `streamText` and `ToolLoopAgent`. */
export type PortcullisToolApproval = (input: ToolApprovalInput) => Promise<ToolApprovalStatus>;

type NeedsApproval =
  | boolean
  | ((
      input: unknown,
      options: { toolCallId: string; messages: ModelMessage[]; context: unknown },
    ) => unknown);

/** The tool's own `needsApproval`, which the SDK skips when a `toolApproval` function is given. */
async function toolWantsApproval(tool: unknown, input: ToolApprovalInput): Promise<boolean> {
  if (tool === null || typeof tool !== 'object' || !Object.hasOwn(tool, 'needsApproval')) return false;
  const needs = (tool as { needsApproval?: NeedsApproval }).needsApproval;
  if (typeof needs !== 'function') return needs === true;
  const { toolCall, messages } = input;
  return (
    (await needs(toolCall.input, { toolCallId: toolCall.toolCallId, messages, context: undefined })) === true
  );
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The function to pass as the SDK's `toolApproval`: allow → `undefined`; deny →
 * `{ type: 'denied', reason }` (the model receives an `execution-denied` result and the loop
 * goes on); ask → `{ type: 'user-approval', reason }` (the run stops with a
 * `tool-approval-request`); modify → `approved` (the guarded tool runs with the rewritten args).
 * It never throws, since a throw fails the whole SDK call: an engine error is a deny. When the
 * run resumes, the remembered verdict is reused (one evaluation and one audit record per call) and
 * a human's approval counts only for the exact call it was asked for. The tool's own
 * `needsApproval` is honoured.
 *
 * @example
 * await generateText({ model, tools: guardTools(tools, { engine }), toolApproval: toolApproval({ engine }), prompt });
 */
export function toolApproval(options: ToolApprovalOptions): PortcullisToolApproval {
  const ledger = ledgerFor(options.engine);
  return async (input) => {
    const { toolCall, tools, messages } = input;
    const name = toolCall.toolName;
    try {
      const ctx = toCallContext({
        toolName: name,
        toolCallId: toolCall.toolCallId,
        input: toolCall.input,
        principal: principalFrom(input.runtimeContext, options.principal),
      });
      // Rejections in a resumed run are not passed to toolApproval: settle them from the history.
      const answers = approvalAnswers(messages);
      for (const [id, answer] of answers) {
        const entry = ledger.byId(id);
        if (!answer.approved && entry)
          await ledger.settle(entry, 'rejected', { approver: approverOf(entry.ctx) });
      }
      const asked = ledger.byId(toolCall.toolCallId);
      const entry = await ledger.judge(ctx, options.timeoutMs);
      const { verdict } = entry;
      const answer = answers.get(toolCall.toolCallId);
      // An approval is bound to the call it was asked for: same id, tool, args and principal.
      if (answer?.approved === true && asked !== undefined && asked !== entry) {
        await ledger.settle(entry, 'blocked');
        const reason = 'The approval was given for different arguments than this call carries';
        return { type: 'denied', reason: denialText(name, { reason }, 'blocked') };
      }
      if (verdict.effect === 'deny') {
        await ledger.settle(entry, 'blocked');
        return { type: 'denied', reason: denialText(name, verdict, 'blocked') };
      }
      // Settled already (expired, rejected, or it ran): the same call never runs twice.
      if (entry.outcome !== undefined) {
        const outcome =
          entry.outcome === 'rejected' || entry.outcome === 'expired' ? entry.outcome : 'blocked';
        return {
          type: 'denied',
          reason: denialText(name, { reason: alreadySettled(entry.outcome) }, outcome),
        };
      }
      const tool = tools && Object.hasOwn(tools, name) ? tools[name] : undefined;
      const wantsHuman = verdict.effect === 'ask' || (await toolWantsApproval(tool, input));
      if (wantsHuman && answer?.approved === true) {
        entry.approver = approverOf(ctx);
        if (!isGuardedTool(tool)) await ledger.settle(entry, 'executed');
        return { type: 'approved', reason: `Approved by ${entry.approver}` };
      }
      if (wantsHuman)
        return verdict.effect === 'ask' ? { type: 'user-approval', reason: verdict.reason } : 'user-approval';
      if (!isGuardedTool(tool)) {
        // Fail closed: only a guarded tool can run with the rewritten arguments.
        if (verdict.effect === 'modify') {
          await ledger.settle(entry, 'blocked');
          const reason = `${verdict.reason}; the tool is not wrapped with guardTools, so it cannot run with the rewritten arguments`;
          return { type: 'denied', reason: denialText(name, { reason }, 'blocked') };
        }
        // The SDK runs an unwrapped tool (or the client does, for tools without execute) out of
        // sight: this is the last point that can record the call.
        await ledger.settle(entry, 'executed');
      }
      return verdict.effect === 'modify' ? { type: 'approved', reason: verdict.reason } : undefined;
    } catch (error) {
      return {
        type: 'denied',
        reason: denialText(name, { reason: `Policy evaluation failed: ${errorText(error)}` }, 'blocked'),
      };
    }
  };
}

/** Who answered an approval: the SDK's response names nobody, so the user of the run. */
function approverOf(ctx: { principal?: Principal | undefined }): string {
  return ctx.principal?.userId ?? 'user';
}

function alreadySettled(outcome: string): string {
  if (outcome === 'expired') return 'The approval came after the approval timeout';
  if (outcome === 'rejected') return 'A human rejected this call';
  return `This call was already settled (${outcome}) and does not run again`;
}
