// A local stand-in for the OpenAI API, so the example runs offline. Its "model" asks for the three
// transfers in one turn, then answers with text once every call has its reply. Like the real API,
// it refuses (400) a request that does not answer each tool call exactly once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// biome-ignore lint/suspicious/noExplicitAny: request bodies are whatever the client sent.
type Json = any;

const transfers = [
  { id: 'call_2000', args: { amount: 2000, to: 'acct-7731' } },
  { id: 'call_5000', args: { amount: 5000, to: 'savings' } },
  { id: 'call_50', args: { amount: 50, to: 'landlord' } },
];

export async function startScriptedOpenAI(): Promise<{ baseURL: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const chat = req.url?.endsWith('/chat/completions') === true;
    const problem = chat ? unansweredChat(body) : unansweredResponses(body);
    res.setHeader('content-type', 'application/json');
    if (problem) {
      res.writeHead(400).end(JSON.stringify({ error: { message: problem, type: 'invalid_request_error' } }));
      return;
    }
    const answered = chat
      ? body.messages.some((m: Json) => m.role === 'tool')
      : body.input.some((i: Json) => i.type === 'function_call_output');
    res.end(JSON.stringify(chat ? chatReply(answered) : responsesReply(answered)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function mismatch(asked: string[], answered: string[]): string | undefined {
  for (const id of asked) {
    const count = answered.filter((a) => a === id).length;
    if (count !== 1) return `tool call ${id} has ${count} replies; it needs exactly one`;
  }
  const stray = answered.find((id) => !asked.includes(id));
  return stray && `a reply for ${stray}, a call that was never made`;
}

function unansweredChat(body: Json): string | undefined {
  const asked = body.messages.flatMap((m: Json) => (m.tool_calls ?? []).map((c: Json) => c.id));
  return mismatch(
    asked,
    body.messages.filter((m: Json) => m.role === 'tool').map((m: Json) => m.tool_call_id),
  );
}

function unansweredResponses(body: Json): string | undefined {
  const input: Json[] = Array.isArray(body.input) ? body.input : [];
  const asked = input.filter((i) => i.type === 'function_call').map((i) => i.call_id);
  return mismatch(
    asked,
    input.filter((i) => i.type === 'function_call_output').map((i) => i.call_id),
  );
}

function chatReply(answered: boolean): Json {
  const message = answered
    ? {
        role: 'assistant',
        content: 'Paid the landlord and moved $5,000 to savings; acct-7731 needs you.',
        refusal: null,
      }
    : {
        role: 'assistant',
        content: null,
        refusal: null,
        tool_calls: transfers.map(({ id, args }) => ({
          id,
          type: 'function',
          function: { name: 'transfer_funds', arguments: JSON.stringify(args) },
        })),
      };
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: 1_767_225_600,
    model: 'scripted',
    choices: [{ index: 0, message, finish_reason: answered ? 'stop' : 'tool_calls', logprobs: null }],
  };
}

function responsesReply(answered: boolean): Json {
  const output = answered
    ? [
        {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'Two transfers done, one blocked.', annotations: [] }],
        },
      ]
    : transfers.map(({ id, args }) => ({
        id: `fc_${id}`,
        type: 'function_call',
        call_id: id,
        name: 'transfer_funds',
        arguments: JSON.stringify(args),
        status: 'completed',
      }));
  return {
    id: answered ? 'resp_2' : 'resp_1',
    object: 'response',
    created_at: 1_767_225_600,
    status: 'completed',
    model: 'scripted',
    output,
    tools: [],
    parallel_tool_calls: true,
    error: null,
    incomplete_details: null,
  };
}
