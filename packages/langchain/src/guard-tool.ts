import type { StructuredToolInterface } from '@langchain/core/tools';
import {
  type CallContext,
  type PolicyEngine,
  PortcullisError,
  type Principal,
  ToolCallDeniedError,
  type ToolHints,
} from '@portcullis/core';
import { denialMessage } from './denial.ts';

const GUARDED = Symbol.for('portcullis.langchain.guarded');

/** Options of {@link guardTool}. */
export interface GuardToolOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Who is acting, for every call through this tool. */
  principal?: Principal;
  /** Tool annotations (e.g. `{ destructive: true }`) for guards that use them. */
  hints?: ToolHints;
  /**
   * Called with a ToolCall (as agents do), a denial is returned as an error ToolMessage
   * (`'message'`, default) or thrown (`'throw'`). Called with plain arguments it always throws.
   */
  onDeny?: 'message' | 'throw';
}

type ToolCallInput = { type: 'tool_call'; id?: string; name: string; args: Record<string, unknown> };

function isToolCall(input: unknown): input is ToolCallInput {
  return input !== null && typeof input === 'object' && (input as { type?: unknown }).type === 'tool_call';
}

/**
 * True for a tool wrapped by `guardTool` (the middleware then does not judge its calls twice).
 *
 * @example
 * isGuardedTool(guardTool(search, { engine })); // true
 */
export function isGuardedTool(tool: unknown): boolean {
  return tool !== null && typeof tool === 'object' && (tool as { [GUARDED]?: unknown })[GUARDED] === true;
}

/**
 * Wraps a LangChain tool so every call is judged first. The wrapper is the same tool to a model:
 * name, description, schema, `returnDirect`, `responseFormat` and metadata are the original's, so
 * `bindTools` produces identical definitions. The policy sees the model's raw arguments (before
 * schema validation); the original tool then runs with the verdict's arguments, so its own
 * validation, callbacks and message formatting stay intact.
 *
 * @example
 * const guarded = guardTool(transferTool, { engine });
 * const agent = createAgent({ model, tools: [guarded] });
 */
export function guardTool<T extends StructuredToolInterface>(tool: T, options: GuardToolOptions): T {
  const { engine } = options;
  const originalInvoke = tool.invoke.bind(tool) as (input: unknown, config?: unknown) => Promise<unknown>;

  const invoke = async (input: unknown, config?: unknown): Promise<unknown> => {
    const toolCall = isToolCall(input) ? input : undefined;
    const raw = toolCall ? toolCall.args : input;
    const args =
      raw !== null && typeof raw === 'object' && !Array.isArray(raw)
        ? (raw as Record<string, unknown>)
        : { input: raw };
    const ctx: CallContext = {
      tool: tool.name,
      args,
      callId: toolCall?.id,
      source: 'langchain',
      principal: options.principal,
      hints: options.hints,
    };
    const result = await engine.run(ctx, (finalArgs) =>
      originalInvoke(
        toolCall ? { ...toolCall, args: finalArgs } : raw === args ? finalArgs : finalArgs['input'],
        config,
      ),
    );
    if (result.outcome === 'executed') return result.result;
    if (toolCall && options.onDeny !== 'throw')
      return denialMessage(toolCall, result.verdict, result.outcome);
    throw new ToolCallDeniedError(tool.name, result.verdict, result.outcome);
  };

  return new Proxy(tool, {
    get(target, property, receiver) {
      if (property === 'invoke') return invoke;
      if (property === GUARDED) return true;
      return Reflect.get(target, property, receiver);
    },
  });
}

/** Anything that hands out tools: an array, or a toolkit with `getTools()`. */
export type ToolSource<T extends StructuredToolInterface> =
  | readonly T[]
  | {
      /** The toolkit's tools. */
      getTools(): T[];
    };

/**
 * Wraps every tool of a list or toolkit with {@link guardTool}.
 *
 * @example
 * const tools = guardTools([search, transfer], { engine, principal: { userId: 'u-42' } });
 */
export function guardTools<T extends StructuredToolInterface>(
  tools: ToolSource<T>,
  options: GuardToolOptions,
): T[] {
  const list =
    'getTools' in tools && typeof tools.getTools === 'function' ? tools.getTools() : (tools as readonly T[]);
  if (!Array.isArray(list)) {
    throw new PortcullisError({
      code: 'invalid_tools',
      message: 'guardTools expects an array of tools or a toolkit with getTools()',
    });
  }
  return list.map((tool) => guardTool(tool, options));
}
