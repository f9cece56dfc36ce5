import { denialText, PortcullisError } from '@portcullis/core';
import type { ChatCompletionToolMessageParam } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import type { ToolCallOutput, ToolCallResult } from './tool-call.ts';
import { toolContent } from './tool-content.ts';

/**
 * What each call produced: the outputs of `runToolCalls`, or, when you ran the tools yourself,
 * their results by call id (for an MCP approval request, `true` approves it). Denied calls need
 * no entry: their reply is the denial.
 */
export type ToolCallOutputs = readonly ToolCallOutput[] | Readonly<Record<string, unknown>>;

interface Reply {
  content: string;
  ran: boolean;
}

/**
 * The `role: "tool"` messages that answer a Chat Completions turn: exactly one per call, in the
 * order of the calls (the API rejects a turn where one is missing). A denied call's message says
 * it was not executed, why, and not to retry it.
 *
 * @example
 * messages.push(rewriteAssistantMessage(message, results), ...toToolMessages(results, outputs));
 */
export function toToolMessages(
  results: readonly ToolCallResult[],
  outputs: ToolCallOutputs,
): ChatCompletionToolMessageParam[] {
  const find = outputFinder(outputs);
  return results.map((result) => ({
    role: 'tool',
    tool_call_id: result.call.id,
    content: replyOf(result, find).content,
  }));
}

/**
 * The Responses input items that answer a turn, one per call: `function_call_output`,
 * `custom_tool_call_output`, or `mcp_approval_response` (approve true only for a call that was
 * allowed, and approved when asked).
 *
 * @example
 * input.push(...rewriteOutputItems(response.output, results), ...toResponsesInputItems(results, outputs));
 */
export function toResponsesInputItems(
  results: readonly ToolCallResult[],
  outputs: ToolCallOutputs,
): ResponseInputItem[] {
  const find = outputFinder(outputs);
  return results.map((result): ResponseInputItem => {
    const { call } = result;
    const reply = replyOf(result, find);
    switch (call.kind) {
      case 'mcp_approval_request':
        return reply.ran
          ? { type: 'mcp_approval_response', approval_request_id: call.id, approve: true }
          : {
              type: 'mcp_approval_response',
              approval_request_id: call.id,
              approve: false,
              reason: reply.content,
            };
      case 'custom':
        return { type: 'custom_tool_call_output', call_id: call.id, output: reply.content };
      default:
        return { type: 'function_call_output', call_id: call.id, output: reply.content };
    }
  });
}

type Finder = (callId: string) => { output: unknown } | undefined;

function outputFinder(outputs: ToolCallOutputs): Finder {
  if (Array.isArray(outputs)) {
    const byId = new Map<string, ToolCallOutput>();
    for (const output of outputs as readonly ToolCallOutput[]) byId.set(output.callId, output);
    return (callId) => (byId.has(callId) ? { output: byId.get(callId) } : undefined);
  }
  const record = outputs as Readonly<Record<string, unknown>>;
  return (callId) => (Object.hasOwn(record, callId) ? { output: record[callId] } : undefined);
}

function replyOf({ call, verdict }: ToolCallResult, find: Finder): Reply {
  const found = find(call.id);
  // A denied call never ran, whatever an output list says about it.
  if (verdict.effect === 'deny') {
    const given = found && isToolCallOutput(found.output) ? found.output : undefined;
    return { content: given?.content ?? denialText(call.name, verdict, 'blocked'), ran: false };
  }
  if (!found) {
    throw new PortcullisError({
      code: 'missing_output',
      message: `No output for the tool call "${call.id}" (${call.tool}); every call needs exactly one reply`,
      data: { callId: call.id, tool: call.tool },
    });
  }
  const { output } = found;
  if (isToolCallOutput(output)) return { content: output.content, ran: output.outcome === 'executed' };
  if (call.kind === 'mcp_approval_request') {
    return output === true
      ? { content: '', ran: true }
      : { content: denialText(call.name, { reason: 'the app did not approve it' }, 'rejected'), ran: false };
  }
  return { content: toolContent(output), ran: true };
}

function isToolCallOutput(value: unknown): value is ToolCallOutput {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as ToolCallOutput).callId === 'string' &&
    typeof (value as ToolCallOutput).outcome === 'string' &&
    typeof (value as ToolCallOutput).content === 'string'
  );
}
