import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message of a Chat Completions request, as far as the stub reads it. */
export interface StubMessage {
  role: string;
  content?: unknown;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
}

/** The assistant turn the stub answers with: text, or tool calls (name + JSON-able args). */
export type StubTurn = { text: string } | { toolCalls: { id: string; name: string; args: unknown }[] };

export interface ChatStub {
  /** `http://127.0.0.1:<port>/v1`, for `OPENAI_BASE_URL`. */
  baseURL: string;
  /** Every request body the stub received, in order. */
  requests: { model: string; stream?: boolean; messages: StubMessage[]; tools?: unknown[] }[];
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function completion(model: string, turn: StubTurn, n: number) {
  const message =
    'text' in turn
      ? { role: 'assistant', content: turn.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: turn.toolCalls.map((c) => ({
            id: c.id,
            type: 'function',
            function: { name: c.name, arguments: JSON.stringify(c.args) },
          })),
        };
  return {
    id: `chatcmpl-stub-${n}`,
    object: 'chat.completion',
    created: 1_700_000_000 + n,
    model,
    choices: [{ index: 0, message, finish_reason: 'text' in turn ? 'stop' : 'tool_calls', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

/** The same turn as Chat Completions stream chunks: a role chunk, one chunk per call, a finish chunk. */
function chunks(model: string, turn: StubTurn, n: number) {
  const base = {
    id: `chatcmpl-stub-${n}`,
    object: 'chat.completion.chunk',
    created: 1_700_000_000 + n,
    model,
  };
  const deltas =
    'text' in turn
      ? [{ role: 'assistant', content: turn.text }]
      : turn.toolCalls.map((c, index) => ({
          ...(index === 0 ? { role: 'assistant' } : {}),
          tool_calls: [
            {
              index,
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: JSON.stringify(c.args) },
            },
          ],
        }));
  return [
    ...deltas.map((delta) => ({ ...base, choices: [{ index: 0, delta, finish_reason: null }] })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'text' in turn ? 'stop' : 'tool_calls' }] },
  ];
}

/**
 * A local stand-in for the OpenAI Chat Completions endpoint, so the real `openai` client (and
 * anything built on it) can run a tool loop offline. `script` picks each answer from the request.
 */
export async function startChatStub(script: (messages: StubMessage[]) => StubTurn): Promise<ChatStub> {
  const requests: ChatStub['requests'] = [];
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
        }),
      );
      return;
    }
    readJson(req).then(
      (body) => {
        const request = body as ChatStub['requests'][number];
        requests.push(request);
        const turn = script(request.messages);
        if (request.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          for (const chunk of chunks(request.model, turn, requests.length))
            res.write(`data: ${JSON.stringify(chunk)}\n\n`);
          res.end('data: [DONE]\n\n');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(completion(request.model, turn, requests.length)));
        }
      },
      (error: unknown) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error), type: 'invalid_request_error' } }));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
