import type { CallContext, Principal } from '@portcullis/core';

/** The `CallContext` of an AI SDK tool call. Input that is not an object is judged as `{ input }`. */
export function toCallContext(call: {
  toolName: string;
  toolCallId: string | undefined;
  input: unknown;
  principal: Principal | undefined;
}): CallContext {
  const { input } = call;
  const args =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? (input as Record<string, unknown>)
      : { input };
  return {
    tool: call.toolName,
    args,
    source: 'ai-sdk',
    ...(call.toolCallId === undefined ? {} : { callId: call.toolCallId }),
    ...(call.principal === undefined ? {} : { principal: call.principal }),
  };
}

/** Whether the tool's `execute` rewrote args go to: it was wrapped by `guardTools`. */
export const GUARDED = Symbol.for('portcullis.ai-sdk.guarded');

/**
 * True for a tool wrapped by `guardTools` (its calls are judged there, so `toolApproval` and the
 * middleware do not judge them twice).
 *
 * @example
 * isGuardedTool(guardTools({ search }, { engine }).search); // true
 */
export function isGuardedTool(tool: unknown): boolean {
  return tool !== null && typeof tool === 'object' && Object.hasOwn(tool, GUARDED);
}
