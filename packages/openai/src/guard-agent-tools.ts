import type { FunctionTool, RunContext, Tool, ToolInputGuardrailDefinition } from '@openai/agents';
import {
  type CallContext,
  canonicalJson,
  denialText,
  type PolicyEngine,
  type Principal,
  type ToolHints,
  type Verdict,
} from '@portcullis/core';
import { adapterDenial } from './adapter-verdict.ts';
import { parseArguments } from './parse-arguments.ts';

/** Options of {@link guardAgentTool} and {@link guardAgentTools}. */
export interface GuardAgentToolOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Who is acting: fixed, or read from the run context (`runContext.context` is your app's context). */
  principal?: Principal | ((runContext: RunContext<unknown>) => Principal | undefined) | undefined;
  /** Tool annotations for guards that use them. */
  hints?: ToolHints | undefined;
}

// biome-ignore lint/suspicious/noExplicitAny: matches any FunctionTool, as the SDK's own Tool type does.
type AnyFunctionTool = FunctionTool<any, any, any>;

const MAX_REMEMBERED = 10_000;
const GUARDED = Symbol.for('portcullis.openai.agents.guarded');

/**
 * Guards an `@openai/agents` function tool. The SDK asks `needsApproval` first and runs the tool
 * input guardrails before the tool, so the verdict (evaluated once per call id) maps onto both:
 * `ask` → `needsApproval` returns true and the run pauses with an interruption for your approver;
 * `deny` → a tool input guardrail answers with `rejectContent` (the model reads that the call was
 * not executed and why); `modify` → the tool runs with the rewritten arguments. The verdict is
 * settled with the tool's outcome. Limits: the SDK answers a rejected approval itself, without
 * calling the tool, so such a call is not settled (no audit record; its limits are given back
 * after the policy's `approvalTimeoutMs`); and the
 * SDK turns a tool's error into a result string by default, which is settled as `executed`.
 *
 * @example
 * const agent = new Agent({ name: 'bank', tools: [guardAgentTool(transferFunds, { engine })] });
 * let result = await run(agent, 'Move $5,000 to savings');
 * for (const item of result.interruptions) result.state.approve(item); // after a human said yes
 */
export function guardAgentTool<T extends AnyFunctionTool>(tool: T, options: GuardAgentToolOptions): T {
  // Guarding twice would judge, and audit, every call twice.
  if ((tool as { [GUARDED]?: unknown })[GUARDED] === true) return tool;
  const { engine } = options;
  const verdicts = new Map<string, Verdict>();
  const remember = (callId: string | undefined, verdict: Verdict) => {
    if (callId === undefined) return;
    if (verdicts.size >= MAX_REMEMBERED) verdicts.delete(verdicts.keys().next().value as string);
    verdicts.set(callId, verdict);
  };
  const settle = async (
    callId: string | undefined,
    verdict: Verdict,
    outcome: 'executed' | 'failed' | 'blocked',
    error?: unknown,
  ) => {
    if (callId !== undefined) verdicts.delete(callId);
    await engine.settle(verdict, outcome, error === undefined ? undefined : { error });
  };
  const judge = async (runContext: RunContext<unknown>, input: unknown, callId: string | undefined) => {
    const known = callId === undefined ? undefined : verdicts.get(callId);
    if (known) return known;
    let args: Record<string, unknown>;
    if (typeof input === 'string') {
      const parsed = parseArguments(input);
      if (!parsed.ok) return adapterDenial({}, 'invalid_arguments', parsed.reason);
      args = parsed.args;
    } else {
      args =
        input !== null && typeof input === 'object' && !Array.isArray(input)
          ? (input as Record<string, unknown>)
          : { input };
    }
    const ctx: CallContext = {
      tool: tool.name,
      args,
      callId,
      source: 'openai',
      principal: typeof options.principal === 'function' ? options.principal(runContext) : options.principal,
      hints: options.hints,
    };
    const verdict = await engine.evaluate(ctx);
    remember(callId, verdict);
    return verdict;
  };

  const guardrail: ToolInputGuardrailDefinition = {
    type: 'tool_input',
    name: 'portcullis',
    run: async ({ context, toolCall }) => {
      const verdict = await judge(context, toolCall.arguments, toolCall.callId);
      const outputInfo = { verdictId: verdict.id, effect: verdict.effect, reason: verdict.reason };
      if (verdict.effect !== 'deny') return { behavior: { type: 'allow' }, outputInfo };
      await settle(toolCall.callId, verdict, 'blocked');
      return {
        behavior: { type: 'rejectContent', message: denialText(tool.name, verdict, 'blocked') },
        outputInfo,
      };
    },
  };

  return {
    ...tool,
    [GUARDED]: true,
    needsApproval: async (runContext: RunContext<unknown>, input: unknown, callId?: string) => {
      const verdict = await judge(runContext, input, callId);
      if (verdict.effect === 'ask') return true;
      // A call the policy denies is refused by the guardrail; asking a human first would be noise.
      if (verdict.effect === 'deny') return false;
      return tool.needsApproval(runContext, input as never, callId);
    },
    inputGuardrails: [guardrail, ...(tool.inputGuardrails ?? [])],
    invoke: async (runContext: RunContext<unknown>, input: string, details?: Parameters<T['invoke']>[2]) => {
      const callId = details?.toolCall?.callId;
      const verdict = await judge(runContext, input, callId);
      if (verdict.effect === 'deny') {
        await settle(callId, verdict, 'blocked');
        return denialText(tool.name, verdict, 'blocked');
      }
      const parsed = parseArguments(input);
      const unchanged = parsed.ok && canonicalJson(parsed.args) === canonicalJson(verdict.args);
      try {
        const output = await tool.invoke(
          runContext,
          unchanged ? input : JSON.stringify(verdict.args),
          details,
        );
        await settle(callId, verdict, 'executed');
        return output;
      } catch (error) {
        await settle(callId, verdict, 'failed', error);
        throw error;
      }
    },
  };
}

/**
 * Guards every function tool of a list with {@link guardAgentTool}; hosted tools (web search,
 * hosted MCP, …) run at OpenAI and pass through unchanged.
 *
 * @example
 * const agent = new Agent({ name: 'bank', tools: guardAgentTools([transferFunds, getBalance], { engine }) });
 */
// biome-ignore lint/suspicious/noExplicitAny: any run context, as the SDK's own Tool type does.
export function guardAgentTools<T extends Tool<any>>(
  tools: readonly T[],
  options: GuardAgentToolOptions,
): T[] {
  return tools.map((tool) =>
    tool.type === 'function' ? (guardAgentTool(tool as AnyFunctionTool, options) as T) : tool,
  );
}
