import type { CallContext, PolicyEngine, Principal, ToolHints } from '@portcullis/core';
import { adapterDenial } from './adapter-verdict.ts';
import { rememberEvaluation } from './evaluation-registry.ts';
import { extractToolCalls, type ToolCallSource } from './extract-tool-calls.ts';
import type { KnownTool } from './known-tools.ts';
import type { ToolCallResult } from './tool-call.ts';

/** Options of {@link evaluateToolCalls}. */
export interface EvaluateToolCallsOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Who is acting: from your session, never from the tool arguments (the model writes those). */
  principal?: Principal | undefined;
  /** The tools the app offered the model; a call to any other tool is denied (`unknown_tool`). */
  tools?: readonly KnownTool[] | undefined;
  /** The user's request that led to these calls (for the LLM judge). */
  intent?: string | undefined;
  /** Tool annotations by tool name, for guards that use them. */
  hints?: Readonly<Record<string, ToolHints>> | undefined;
  /** Free-form data carried to guards and the audit (e.g. `traceId`). */
  metadata?: Record<string, unknown> | undefined;
}

/**
 * Judges every tool call of a completion, response or stream, one result per call in the order
 * the model made them. Calls are evaluated one after another, so stateful guards (budgets, rate
 * limits) see them in the model's order. Never throws for what the model wrote: malformed
 * arguments (`invalid_arguments`) and unknown tools (`unknown_tool`) come back denied.
 * Settle every verdict afterwards, which `runToolCalls` does.
 *
 * @example
 * const results = await evaluateToolCalls(completion, { engine, tools, principal: { userId: 'u-42' } });
 * for (const { call, verdict } of results) console.log(call.tool, verdict.effect);
 */
export async function evaluateToolCalls(
  source: ToolCallSource,
  options: EvaluateToolCallsOptions,
): Promise<ToolCallResult[]> {
  const calls = extractToolCalls(source, { tools: options.tools });
  const results: ToolCallResult[] = [];
  for (const call of calls) {
    if (call.invalid) {
      results.push({ call, verdict: adapterDenial(call.args, call.invalid.code, call.invalid.reason) });
      continue;
    }
    const ctx: CallContext = {
      tool: call.tool,
      args: call.args,
      callId: call.id,
      source: 'openai',
      server: call.server,
      principal: options.principal,
      intent: options.intent,
      hints: options.hints && Object.hasOwn(options.hints, call.tool) ? options.hints[call.tool] : undefined,
      metadata: options.metadata,
    };
    const verdict = await options.engine.evaluate(ctx);
    rememberEvaluation(verdict, { engine: options.engine, ctx });
    results.push({ call, verdict });
  }
  return results;
}
