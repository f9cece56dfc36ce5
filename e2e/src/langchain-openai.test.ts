import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatStub, startChatStub } from './openai-chat-stub.ts';

const example = fileURLToPath(new URL('../../examples/langchain-agent', import.meta.url));
const run = promisify(execFile);

// The model asks for all three transfers at once, the way real models batch parallel calls, and
// writes its final answer once every call has a reply.
let stub: ChatStub;
beforeAll(async () => {
  stub = await startChatStub((messages) =>
    messages.some((m) => m.role === 'tool')
      ? { text: 'Done: the $50 and $5,000 transfers went through; the $2,000 one was blocked.' }
      : {
          toolCalls: [
            { id: 'call_a', name: 'transfer_funds', args: { amount: 2000, to: 'acct-7731' } },
            { id: 'call_b', name: 'transfer_funds', args: { amount: 5000, to: 'savings' } },
            { id: 'call_c', name: 'transfer_funds', args: { amount: 50, to: 'landlord' } },
          ],
        },
  );
});
afterAll(() => stub.close());

describe('examples/langchain-agent with OPENAI_API_KEY (ChatOpenAI over HTTP to a local stand-in)', () => {
  it('blocks $2,000, asks once for $5,000 and runs it when approved, runs $50, and tells the model', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: example,
      env: { ...process.env, OPENAI_API_KEY: 'sk-local-stub', OPENAI_BASE_URL: stub.baseURL },
      timeout: 60_000,
    });
    expect(stdout).toContain('model: OpenAI gpt-4.1-mini');
    expect(stdout).toContain('⏸  approval needed: transfer_funds {"amount":5000,"to":"savings"}');

    // The model saw the tools, then exactly one reply per call id, with the denial spelled out.
    const first = stub.requests[0];
    expect(first?.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        function: expect.objectContaining({ name: 'transfer_funds' }),
      }),
    ]);
    const last = stub.requests.at(-1);
    const replies = last?.messages.filter((m) => m.role === 'tool') ?? [];
    expect(replies.map((m) => m.tool_call_id).toSorted()).toEqual(['call_a', 'call_b', 'call_c']);
    const content = Object.fromEntries(replies.map((m) => [m.tool_call_id, m.content]));
    expect(content['call_a']).toMatch(/NOT executed.*Transfers over \$1,000 to a payee not on file/);
    expect(content['call_b']).toBe('sent $5000 to savings');
    expect(content['call_c']).toBe('sent $50 to landlord');
  });
});
