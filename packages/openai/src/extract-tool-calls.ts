import { PortcullisError } from '@portcullis/core';
import type {
  ChatCompletion,
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessage,
} from 'openai/resources/chat/completions';
import type {
  Response,
  ResponseCompletedEvent,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseOutputItemDoneEvent,
} from 'openai/resources/responses/responses';
import { indexTools, type KnownTool } from './known-tools.ts';
import { parseArguments } from './parse-arguments.ts';
import type { ToolCall } from './tool-call.ts';

/**
 * Where tool calls come from: a Chat Completion or its assistant message, a Response, an array
 * of Responses items (output or replayed input), one item, or the stream events
 * `response.output_item.done` and `response.completed`. Items are matched on their `type`, so
 * plain JSON from any SDK version works.
 */
export type ToolCallSource =
  | ChatCompletion
  | ChatCompletionMessage
  | ChatCompletionAssistantMessageParam
  | Response
  | ResponseOutputItem
  | readonly (ResponseOutputItem | ResponseInputItem)[]
  | ResponseOutputItemDoneEvent
  | ResponseCompletedEvent;

/** Options of {@link extractToolCalls}. */
export interface ExtractToolCallsOptions {
  /** The tools the app offered the model; a call to any other tool is marked `unknown_tool`. Omit to accept any name. */
  tools?: readonly KnownTool[] | undefined;
}

type Loose = Record<string, unknown>;

/**
 * Normalises the tool calls of either API: Chat function and custom tool calls; Responses
 * `function_call`, `custom_tool_call` and `mcp_approval_request` items. Never throws for what the
 * model wrote: arguments that are not a JSON object mark the call `invalid_arguments` (with the
 * parse error), a tool outside `tools` marks it `unknown_tool`; `evaluateToolCalls` denies both.
 * Only the first choice of a Chat Completion is read (pass `choices[n].message` for others).
 *
 * @example
 * const calls = extractToolCalls(completion, { tools });
 * // [{ id: 'call_1', kind: 'function', tool: 'transfer_funds', args: { amount: 50, to: 'landlord' }, ... }]
 */
export function extractToolCalls(source: ToolCallSource, options: ExtractToolCallsOptions = {}): ToolCall[] {
  const calls = readSource(source as unknown);
  if (!options.tools) return calls;
  const index = indexTools(options.tools);
  return calls.map((call) => {
    if (call.invalid) return call;
    const known =
      call.kind === 'mcp_approval_request'
        ? index.hasMcp(call.server ?? '', call.name)
        : index.has(call.tool);
    if (known) return call;
    return {
      ...call,
      invalid: { code: 'unknown_tool', reason: `The app has no tool named "${call.tool}"` },
    };
  });
}

function readSource(source: unknown): ToolCall[] {
  if (Array.isArray(source)) return source.flatMap((item) => fromItem(item));
  if (!isObject(source)) throw invalidSource(source);
  if (source['type'] === 'response.output_item.done') return fromItem(source['item']);
  if (source['type'] === 'response.completed') return readSource(source['response']);
  if (Array.isArray(source['choices'])) {
    const message = (source['choices'][0] as Loose | undefined)?.['message'];
    return isObject(message) ? fromChatMessage(message) : [];
  }
  if (Array.isArray(source['output'])) return source['output'].flatMap((item) => fromItem(item));
  if (source['role'] === 'assistant' || Array.isArray(source['tool_calls'])) return fromChatMessage(source);
  if (typeof source['type'] === 'string') return fromItem(source);
  throw invalidSource(source);
}

function fromChatMessage(message: Loose): ToolCall[] {
  const toolCalls = message['tool_calls'];
  if (!Array.isArray(toolCalls)) return [];
  return toolCalls.filter(isObject).map((toolCall): ToolCall => {
    const id = String(toolCall['id'] ?? '');
    const type = toolCall['type'];
    const fn = toolCall['function'];
    if ((type === 'function' || type === undefined) && isObject(fn)) {
      return functionCall(id, 'chat', String(fn['name'] ?? ''), fn['arguments'], undefined);
    }
    const custom = toolCall['custom'];
    if (type === 'custom' && isObject(custom)) {
      return customCall(id, 'chat', String(custom['name'] ?? ''), custom['input'], undefined);
    }
    // A call this adapter cannot read still needs a reply (the API rejects a turn that lacks one),
    // so it becomes a denied call rather than disappearing.
    const name = String(type ?? 'unknown');
    return {
      id,
      kind: 'function',
      api: 'chat',
      tool: name,
      name,
      args: {},
      raw: '',
      invalid: { code: 'unsupported_call', reason: `Tool calls of type "${name}" are not supported` },
    };
  });
}

function fromItem(item: unknown): ToolCall[] {
  if (!isObject(item)) return [];
  const namespace = typeof item['namespace'] === 'string' ? item['namespace'] : undefined;
  switch (item['type']) {
    case 'function_call':
      return [
        functionCall(
          String(item['call_id'] ?? ''),
          'responses',
          String(item['name'] ?? ''),
          item['arguments'],
          namespace,
        ),
      ];
    case 'custom_tool_call':
      return [
        customCall(
          String(item['call_id'] ?? ''),
          'responses',
          String(item['name'] ?? ''),
          item['input'],
          namespace,
        ),
      ];
    case 'mcp_approval_request': {
      const server = String(item['server_label'] ?? '');
      const name = String(item['name'] ?? '');
      const call = functionCall(String(item['id'] ?? ''), 'responses', name, item['arguments'], undefined);
      return [{ ...call, kind: 'mcp_approval_request', tool: `${server}__${name}`, server }];
    }
    default:
      return [];
  }
}

function functionCall(
  id: string,
  api: ToolCall['api'],
  name: string,
  raw: unknown,
  namespace: string | undefined,
): ToolCall {
  const parsed = parseArguments(raw);
  const call: ToolCall = {
    id,
    kind: 'function',
    api,
    tool: namespace === undefined ? name : `${namespace}__${name}`,
    name,
    args: parsed.ok ? parsed.args : {},
    raw: typeof raw === 'string' ? raw : String(raw),
    namespace,
  };
  if (!parsed.ok) call.invalid = { code: 'invalid_arguments', reason: parsed.reason };
  return call;
}

function customCall(
  id: string,
  api: ToolCall['api'],
  name: string,
  input: unknown,
  namespace: string | undefined,
): ToolCall {
  const raw = typeof input === 'string' ? input : '';
  const call: ToolCall = {
    id,
    kind: 'custom',
    api,
    tool: namespace === undefined ? name : `${namespace}__${name}`,
    name,
    args: { input: raw },
    raw,
    namespace,
  };
  if (typeof input !== 'string') {
    call.invalid = { code: 'invalid_arguments', reason: 'Custom tool input must be a string' };
  }
  return call;
}

function isObject(value: unknown): value is Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function invalidSource(source: unknown): PortcullisError {
  return new PortcullisError({
    code: 'invalid_tool_call_source',
    message: `extractToolCalls expects a ChatCompletion, a chat message, a Response, Responses items or a stream event; got ${
      source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source
    }`,
  });
}
