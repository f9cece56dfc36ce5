import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// biome-ignore lint/suspicious/noExplicitAny: request bodies are whatever the client sent.
type Json = any;

/** One request the fake received: its path and JSON body. */
export interface ReceivedRequest {
  path: string;
  body: Json;
}

/** What the fake answers: a JSON body, or server-sent events (`data:` lines, or `event:` + `data:`). */
export type FakeReply = { json: Json } | { sse: Json[]; named?: boolean; done?: boolean };

/** A local stand-in for the OpenAI API: Chat Completions and Responses, scripted per request. */
export interface FakeOpenAI {
  /** `baseURL` for the `openai` client (ends in `/v1`). */
  baseURL: string;
  /** Every request, in order. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * Starts the fake on 127.0.0.1 (a free port). Like the real API, it answers 400 when a request
 * does not carry exactly one reply per tool call of the turns it continues: every Chat tool call
 * needs one `role: "tool"` message, every Responses `function_call` / `custom_tool_call` one
 * output item, every `mcp_approval_request` one `mcp_approval_response` (including calls of the
 * response named by `previous_response_id`).
 */
export async function startFakeOpenAI(
  script: (request: ReceivedRequest, index: number) => FakeReply,
): Promise<FakeOpenAI> {
  const requests: ReceivedRequest[] = [];
  // Call ids each Responses response asked for, by response id, for `previous_response_id`.
  const pendingByResponse = new Map<string, { ids: string[]; approvals: string[] }>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readBody(req);
    const request: ReceivedRequest = { path: req.url ?? '', body: text ? JSON.parse(text) : undefined };
    requests.push(request);
    const problem = request.path.endsWith('/chat/completions')
      ? checkChatReplies(request.body)
      : request.path.endsWith('/responses')
        ? checkResponsesReplies(request.body, pendingByResponse)
        : undefined;
    if (problem) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: problem, type: 'invalid_request_error', code: null } }));
      return;
    }
    const reply = script(request, requests.length - 1);
    rememberResponses(reply, pendingByResponse);
    if ('json' in reply) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.json));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of reply.sse) {
      res.write(
        reply.named
          ? `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`
          : `data: ${JSON.stringify(event)}\n\n`,
      );
    }
    if (reply.done !== false && !reply.named) res.write('data: [DONE]\n\n');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function countOf(ids: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Every id asked for is answered exactly once, and nothing else is answered. */
function mismatch(asked: string[], answered: string[], what: string): string | undefined {
  const counts = countOf(answered);
  for (const id of asked) {
    const count = counts.get(id) ?? 0;
    if (count !== 1) return `${what} ${id}: expected exactly one reply, got ${count}`;
    counts.delete(id);
  }
  const [stray] = counts.keys();
  return stray === undefined ? undefined : `${what} ${stray}: a reply for a call that was never made`;
}

function checkChatReplies(body: Json): string | undefined {
  const messages: Json[] = body?.messages ?? [];
  const asked = messages.flatMap((m) =>
    m.role === 'assistant' ? (m.tool_calls ?? []).map((c: Json) => c.id) : [],
  );
  const answered = messages.filter((m) => m.role === 'tool').map((m) => m.tool_call_id);
  return mismatch(asked, answered, 'tool_call_id');
}

function checkResponsesReplies(
  body: Json,
  pendingByResponse: Map<string, { ids: string[]; approvals: string[] }>,
): string | undefined {
  const input: Json[] = Array.isArray(body?.input) ? body.input : [];
  const previous = body?.previous_response_id ? pendingByResponse.get(body.previous_response_id) : undefined;
  if (body?.previous_response_id && !previous)
    return `previous_response_id ${body.previous_response_id} not found`;
  const asked = [
    ...(previous?.ids ?? []),
    ...input.filter((i) => i.type === 'function_call' || i.type === 'custom_tool_call').map((i) => i.call_id),
  ];
  const answered = input
    .filter((i) => i.type === 'function_call_output' || i.type === 'custom_tool_call_output')
    .map((i) => i.call_id);
  const approvals = [
    ...(previous?.approvals ?? []),
    ...input.filter((i) => i.type === 'mcp_approval_request').map((i) => i.id),
  ];
  const approved = input.filter((i) => i.type === 'mcp_approval_response').map((i) => i.approval_request_id);
  return mismatch(asked, answered, 'call_id') ?? mismatch(approvals, approved, 'approval_request_id');
}

function rememberResponses(
  reply: FakeReply,
  pendingByResponse: Map<string, { ids: string[]; approvals: string[] }>,
) {
  const response =
    'json' in reply ? reply.json : reply.sse.find((event) => event?.type === 'response.completed')?.response;
  if (response?.object !== 'response') return;
  const output: Json[] = response.output ?? [];
  pendingByResponse.set(response.id, {
    ids: output
      .filter((i) => i.type === 'function_call' || i.type === 'custom_tool_call')
      .map((i) => i.call_id),
    approvals: output.filter((i) => i.type === 'mcp_approval_request').map((i) => i.id),
  });
}

/** A canned Chat Completion: tool calls (function or custom) or a text answer. */
export function chatCompletion(
  reply: string | { id: string; name: string; arguments?: string; input?: string }[],
): Json {
  const toolCalls = typeof reply === 'string' ? undefined : reply.map(toChatToolCall);
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: 1_767_225_600,
    model: 'gpt-test',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: typeof reply === 'string' ? reply : null,
          refusal: null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

function toChatToolCall(call: { id: string; name: string; arguments?: string; input?: string }): Json {
  return call.input === undefined
    ? { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments ?? '{}' } }
    : { id: call.id, type: 'custom', custom: { name: call.name, input: call.input } };
}

/** The same tool calls as streamed chunks: each call's arguments split in pieces of `size` characters. */
export function chatChunks(
  calls: { id: string; name: string; arguments: string }[],
  options: { size?: number; finish?: boolean } = {},
): Json[] {
  const size = options.size ?? 7;
  const base = {
    id: 'chatcmpl-stream',
    object: 'chat.completion.chunk',
    created: 1_767_225_600,
    model: 'gpt-test',
  };
  const chunk = (delta: Json, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  });
  const chunks: Json[] = [chunk({ role: 'assistant', content: null })];
  calls.forEach((call, index) => {
    chunks.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (let at = 0; at < call.arguments.length; at += size) {
      chunks.push(
        chunk({ tool_calls: [{ index, function: { arguments: call.arguments.slice(at, at + size) } }] }),
      );
    }
  });
  if (options.finish !== false) chunks.push(chunk({}, 'tool_calls'));
  return chunks;
}

/** A canned Responses API response with the given output items. */
export function response(id: string, output: Json[]): Json {
  return {
    id,
    object: 'response',
    created_at: 1_767_225_600,
    status: 'completed',
    model: 'gpt-test',
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    temperature: 1,
    top_p: 1,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    usage: {
      input_tokens: 1,
      output_tokens: 1,
      total_tokens: 2,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens_details: { reasoning_tokens: 0 },
    },
  };
}

/** A Responses output message with text. */
export function outputText(id: string, text: string): Json {
  return {
    id,
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

/** The Responses stream of a response: created, each item added / argument deltas / done, completed. */
export function responseEvents(body: Json): Json[] {
  let sequence = 0;
  const event = (type: string, fields: Json) => ({ type, sequence_number: sequence++, ...fields });
  const events: Json[] = [
    event('response.created', { response: { ...body, status: 'in_progress', output: [] } }),
  ];
  body.output.forEach((item: Json, index: number) => {
    const added = item.type === 'function_call' ? { ...item, arguments: '', status: 'in_progress' } : item;
    events.push(event('response.output_item.added', { output_index: index, item: added }));
    if (item.type === 'function_call') {
      for (let at = 0; at < item.arguments.length; at += 9) {
        events.push(
          event('response.function_call_arguments.delta', {
            item_id: item.id,
            output_index: index,
            delta: item.arguments.slice(at, at + 9),
          }),
        );
      }
    }
    events.push(event('response.output_item.done', { output_index: index, item }));
  });
  events.push(event('response.completed', { response: body }));
  return events;
}
