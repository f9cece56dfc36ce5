import type {
  LanguageModelV4CallOptions,
  LanguageModelV4Middleware,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { isNeverAllowed, type PolicyEngine, type Principal } from '@portcullis/core';
import { deniedExecutions } from './approval-answers.ts';
import { toCallContext } from './call-context.ts';
import { ledgerFor } from './ledger-for.ts';

/** Options of {@link portcullisMiddleware}. */
export interface PortcullisMiddlewareOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Identity the tool list is filtered for (the model call carries none of its own). */
  principal?: Principal;
  /** Remove from `params.tools` the tools the principal may never call (default true). */
  hideForbiddenTools?: boolean;
}

type ToolCallPart = Extract<LanguageModelV4StreamPart, { type: 'tool-call' }>;

const parseInput = (input: string): unknown => {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
};

/**
 * A `LanguageModelV4` middleware (for `wrapLanguageModel`): removes from the model's tool list
 * every tool the principal may never call (so the model does not try), and records in the audit
 * each tool call the provider executes itself (web search, code interpreter, remote MCP), which
 * run before any hook could stop them: the audit is the only control there, so such a call is
 * judged and settled `executed`, and a policy violation shows as effect `deny` with outcome
 * `executed`. Calls the app executes are judged by `toolApproval` and `guardTools`, not here. It
 * also settles calls a human rejected (the `execution-denied` results the next step sends).
 *
 * @example
 * const model = wrapLanguageModel({ model: openai('gpt-4.1'), middleware: portcullisMiddleware({ engine }) });
 */
export function portcullisMiddleware(options: PortcullisMiddlewareOptions): LanguageModelV4Middleware {
  const { engine, principal } = options;
  const ledger = ledgerFor(engine);

  const auditProviderCall = async (part: ToolCallPart) => {
    if (part.providerExecuted !== true) return;
    const ctx = toCallContext({
      toolName: part.toolName,
      toolCallId: part.toolCallId,
      input: parseInput(part.input),
      principal,
    });
    const verdict = await engine.evaluate(ctx);
    await engine.settle(verdict, 'executed');
  };

  const transformParams = async ({ params }: { params: LanguageModelV4CallOptions }) => {
    for (const id of deniedExecutions(params.prompt)) {
      const entry = ledger.byId(id);
      if (entry && entry.outcome === undefined && entry.approver === undefined)
        await ledger.settle(entry, 'rejected', { approver: entry.ctx.principal?.userId ?? 'user' });
    }
    if (options.hideForbiddenTools === false || !params.tools?.length) return params;
    const tools = [];
    for (const tool of params.tools) {
      if (!(await isNeverAllowed(engine, { tool: tool.name, source: 'ai-sdk', principal }))) tools.push(tool);
    }
    if (tools.length === params.tools.length) return params;
    const { toolChoice } = params;
    // A forced call to a hidden tool would fail at the provider: let the model answer instead.
    const forcedHidden =
      (toolChoice?.type === 'tool' && !tools.some((t) => t.name === toolChoice.toolName)) ||
      (toolChoice?.type === 'required' && tools.length === 0);
    return { ...params, tools, ...(forcedHidden ? { toolChoice: { type: 'none' as const } } : {}) };
  };

  return {
    specificationVersion: 'v4',
    transformParams,
    wrapGenerate: async ({ doGenerate }) => {
      const result = await doGenerate();
      for (const part of result.content) if (part.type === 'tool-call') await auditProviderCall(part);
      return result;
    },
    wrapStream: async ({ doStream }) => {
      const { stream, ...rest } = await doStream();
      const audited = stream.pipeThrough(
        new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>({
          async transform(part, controller) {
            if (part.type === 'tool-call') await auditProviderCall(part);
            controller.enqueue(part);
          },
        }),
      );
      return { stream: audited, ...rest };
    },
  };
}
