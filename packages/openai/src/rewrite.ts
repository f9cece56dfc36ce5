import { canonicalJson } from '@portcullis/core';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessage,
} from 'openai/resources/chat/completions';
import type { ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { ToolCallResult } from './tool-call.ts';

/** The arguments that ran, by call id, for every call a guard rewrote (and that was not denied). */
function rewrittenArgs(results: readonly ToolCallResult[]): Map<string, Record<string, unknown>> {
  const rewritten = new Map<string, Record<string, unknown>>();
  for (const { call, verdict } of results) {
    if (verdict.effect === 'deny' || call.kind === 'mcp_approval_request') continue;
    if (canonicalJson(verdict.args) !== canonicalJson(call.args)) rewritten.set(call.id, verdict.args);
  }
  return rewritten;
}

function customInput(args: Record<string, unknown>): string {
  return typeof args['input'] === 'string' ? args['input'] : JSON.stringify(args);
}

/**
 * A copy of the assistant message whose tool calls carry the arguments that actually ran, so the
 * history you send back shows the modified call (a redacted card number, a capped amount), not
 * the model's original. Untouched calls and the rest of the message stay as they were.
 *
 * @example
 * messages.push(rewriteAssistantMessage(completion.choices[0].message, results), ...toToolMessages(results, outputs));
 */
export function rewriteAssistantMessage<
  M extends ChatCompletionMessage | ChatCompletionAssistantMessageParam,
>(message: M, results: readonly ToolCallResult[]): M {
  const rewritten = rewrittenArgs(results);
  if (rewritten.size === 0 || !message.tool_calls) return message;
  const toolCalls = message.tool_calls.map((toolCall) => {
    const args = rewritten.get(toolCall.id);
    if (!args) return toolCall;
    if (toolCall.type === 'custom')
      return { ...toolCall, custom: { ...toolCall.custom, input: customInput(args) } };
    return { ...toolCall, function: { ...toolCall.function, arguments: JSON.stringify(args) } };
  });
  return { ...message, tool_calls: toolCalls };
}

/**
 * A copy of Responses output (or replayed input) items whose `function_call` and
 * `custom_tool_call` items carry the arguments that actually ran.
 *
 * @example
 * input.push(...rewriteOutputItems(response.output, results), ...toResponsesInputItems(results, outputs));
 */
export function rewriteOutputItems<I extends ResponseOutputItem | ResponseInputItem>(
  items: readonly I[],
  results: readonly ToolCallResult[],
): I[] {
  const rewritten = rewrittenArgs(results);
  return items.map((item) => {
    if (item.type === 'function_call') {
      const args = rewritten.get(item.call_id);
      return args ? { ...item, arguments: JSON.stringify(args) } : item;
    }
    if (item.type === 'custom_tool_call') {
      const args = rewritten.get(item.call_id);
      return args ? { ...item, input: customInput(args) } : item;
    }
    return item;
  });
}
