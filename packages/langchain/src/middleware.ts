import type { ToolMessage } from '@langchain/core/messages';
import { Command, interrupt } from '@langchain/langgraph';
import {
  type CallContext,
  isNeverAllowed,
  type Outcome,
  type PolicyEngine,
  type Principal,
  principalFrom,
  ToolCallDeniedError,
  type Verdict,
} from '@portcullis/core';
import { createMiddleware } from 'langchain';
import { z } from 'zod';
import { denialMessage } from './denial.ts';
import { isGuardedTool } from './guard-tool.ts';

/** Options of {@link portcullisMiddleware}. */
export interface PortcullisMiddlewareOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Identity used when the runtime context carries none. */
  principal?: Principal;
  /**
   * What a denial does: `'message'` (default) answers the model with an error ToolMessage and the
   * loop goes on; `'throw'` fails the run (createAgent rejects with its MiddlewareError, whose
   * `cause` is the ToolCallDeniedError); `'halt'` answers the model and then ends the run before
   * the next model call.
   */
  onDeny?: 'message' | 'throw' | 'halt';
  /**
   * How `ask` verdicts are decided: `'interrupt'` pauses the graph with LangGraph `interrupt()`
   * (needs a checkpointer; resume with `Command({ resume: { approved, approver } })`);
   * `'engine'` uses the engine's approval handler; `'auto'` (default) interrupts when the run has
   * a thread id, else uses the engine.
   */
  approval?: 'auto' | 'interrupt' | 'engine';
  /** Remove from the model's tool list every tool the principal may never call (by scope). */
  hideForbiddenTools?: boolean;
}

/** The interrupt payload an approver sees. */
export interface PortcullisInterrupt {
  /** Marks the interrupt as a Portcullis approval request. */
  type: 'portcullis_approval';
  /** The `ask` verdict's id. */
  verdictId: string;
  /** The model's tool-call id. */
  toolCallId: string | undefined;
  /** The tool the call is for. */
  tool: string;
  /** The arguments it would run with (after any modify). */
  args: Record<string, unknown>;
  /** Why approval is needed. */
  reason: string;
}

/** What to resume an approval interrupt with. */
export interface PortcullisResume {
  /** True to let the call run, false to deny it. */
  approved: boolean;
  /** Who decided, recorded in the audit. */
  approver?: string;
  /** Why, recorded in the audit (and shown to the model on a rejection). */
  reason?: string;
}

const MAX_REMEMBERED = 10_000;

/** The LangGraph thread id, the session when the runtime context names none. */
const threadOf = (runtime: { configurable?: { thread_id?: unknown } }) => {
  const id = runtime.configurable?.thread_id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * `createAgent` middleware that judges every tool call before it runs. Identity comes from the
 * agent's runtime context (`userId`, `agentId`, `sessionId`, `tenantId`, `roles`), never from the
 * tool arguments. Deny → an error ToolMessage (or throw / halt); modify → the tool runs with the
 * rewritten arguments; ask → a LangGraph interrupt or the engine's approver. The hook may run
 * again when a run resumes after an interrupt, so verdicts are remembered by tool-call id: each
 * call is evaluated, and audited, once. Calls to tools wrapped by `guardTool` pass through.
 *
 * @example
 * const agent = createAgent({ model, tools, middleware: [portcullisMiddleware({ engine })] });
 */
export function portcullisMiddleware(options: PortcullisMiddlewareOptions) {
  const { engine } = options;
  // Verdicts by tool-call id: a resumed run replays the hook body up to the interrupt.
  const verdicts = new Map<string, Verdict>();
  const remember = (id: string | undefined, verdict: Verdict) => {
    if (id === undefined) return;
    if (verdicts.size >= MAX_REMEMBERED) verdicts.delete(verdicts.keys().next().value as string);
    verdicts.set(id, verdict);
  };
  const forget = (id: string | undefined) => {
    if (id !== undefined) verdicts.delete(id);
  };

  return createMiddleware({
    name: 'PortcullisMiddleware',
    stateSchema: z.object({
      /** Set when a denial with `onDeny: 'halt'` ends the run before the next model call. */
      portcullisHalted: z.boolean().default(false),
    }),
    beforeModel: {
      canJumpTo: ['end'],
      hook: (state) => (state.portcullisHalted ? { jumpTo: 'end' as const } : undefined),
    },
    wrapModelCall: async (request, handler) => {
      if (!options.hideForbiddenTools) return handler(request);
      const runtime = request.runtime as { context?: unknown; configurable?: { thread_id?: unknown } };
      const principal = principalFrom(runtime.context, options.principal, threadOf(runtime));
      const allowed = [];
      for (const tool of request.tools) {
        const name = (tool as { name?: unknown }).name;
        if (typeof name !== 'string') {
          allowed.push(tool);
          continue;
        }
        if (!(await isNeverAllowed(engine, { tool: name, source: 'langchain', principal })))
          allowed.push(tool);
      }
      return handler({ ...request, tools: allowed });
    },
    wrapToolCall: async (request, handler) => {
      const { toolCall } = request;
      if (isGuardedTool(request.tool)) return handler(request);
      const runtime = request.runtime as { context?: unknown; configurable?: { thread_id?: unknown } };
      const threadId = runtime.configurable?.thread_id;
      const ctx: CallContext = {
        tool: toolCall.name,
        args: (toolCall.args ?? {}) as Record<string, unknown>,
        callId: toolCall.id,
        source: 'langchain',
        principal: principalFrom(runtime.context, options.principal, threadOf(runtime)),
      };
      const deny = (
        verdict: Verdict,
        outcome: Exclude<Outcome, 'executed' | 'failed'>,
      ): ToolMessage | Command => {
        forget(toolCall.id);
        if (options.onDeny === 'throw') throw new ToolCallDeniedError(toolCall.name, verdict, outcome);
        const message = denialMessage(toolCall, verdict, outcome);
        // Halt: answer the model, and flag the state so beforeModel ends the run.
        if (options.onDeny === 'halt')
          return new Command({ update: { messages: [message], portcullisHalted: true } });
        return message;
      };
      const execute = async (verdict: Verdict, approver?: string) => {
        try {
          const result = await handler({ ...request, toolCall: { ...toolCall, args: verdict.args } });
          forget(toolCall.id);
          await engine.settle(verdict, 'executed', { approver });
          return result;
        } catch (error) {
          forget(toolCall.id);
          await engine.settle(verdict, 'failed', { error, approver });
          throw error;
        }
      };

      const useInterrupt =
        options.approval === 'interrupt' || (options.approval !== 'engine' && typeof threadId === 'string');
      const known = toolCall.id === undefined ? undefined : verdicts.get(toolCall.id);
      if (!known && !useInterrupt) {
        // The engine's own path: evaluate, ask its approver, execute, settle, audit.
        const result = await engine.run(ctx, (args) =>
          handler({ ...request, toolCall: { ...toolCall, args } }),
        );
        if (result.outcome === 'executed') return result.result;
        return deny(result.verdict, result.outcome);
      }
      const verdict = known ?? (await engine.evaluate(ctx));
      remember(toolCall.id, verdict);
      if (verdict.effect === 'deny') {
        await engine.settle(verdict, 'blocked');
        return deny(verdict, 'blocked');
      }
      if (verdict.effect !== 'ask') return execute(verdict);
      const answer = interrupt<PortcullisInterrupt, PortcullisResume | undefined>({
        type: 'portcullis_approval',
        verdictId: verdict.id,
        toolCallId: toolCall.id,
        tool: toolCall.name,
        args: verdict.args,
        reason: verdict.reason,
      });
      if (answer?.approved === true) return execute(verdict, answer.approver);
      await engine.settle(verdict, 'rejected', { approver: answer?.approver });
      return deny(
        {
          ...verdict,
          effect: 'deny',
          reason: answer?.reason ? `${verdict.reason} (rejected: ${answer.reason})` : verdict.reason,
        },
        'rejected',
      );
    },
  });
}
