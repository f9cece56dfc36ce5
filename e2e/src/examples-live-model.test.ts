import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ChatStub, startChatStub } from './openai-chat-stub.ts';

const run = promisify(execFile);

// The model asks for all three transfers at once, the way real models batch parallel calls, and
// writes its final answer once every call has a reply.
let stub: ChatStub;
beforeEach(async () => {
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
afterEach(() => stub.close());

/** The tool replies of the last request, by call id, with their text. */
function lastReplies() {
  const last = stub.requests.at(-1);
  const replies = last?.messages.filter((m) => m.role === 'tool') ?? [];
  return Object.fromEntries(replies.map((m) => [m.tool_call_id, m.content]));
}

describe.each([
  ['langchain-agent', 'ChatOpenAI'],
  ['ai-sdk-agent', '@ai-sdk/openai'],
])('examples/%s with OPENAI_API_KEY (%s over HTTP to a local stand-in)', (example) => {
  it('blocks $2,000, asks once for $5,000 and runs it when approved, runs $50, and tells the model [examples.live-model]', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: fileURLToPath(new URL(`../../examples/${example}`, import.meta.url)),
      env: { ...process.env, OPENAI_API_KEY: 'sk-local-stub', OPENAI_BASE_URL: stub.baseURL },
      timeout: 60_000,
    });
    expect(stdout).toContain('model: OpenAI gpt-4.1-mini');
    expect(stdout).toContain('⏸  approval needed: transfer_funds {"amount":5000,"to":"savings"}');

    // The model saw the tool, then exactly one reply per call id, with the denial spelled out.
    expect(stub.requests[0]?.tools).toEqual([
      expect.objectContaining({
        type: 'function',
        function: expect.objectContaining({ name: 'transfer_funds' }),
      }),
    ]);
    const replies = lastReplies();
    expect(Object.keys(replies).toSorted()).toEqual(['call_a', 'call_b', 'call_c']);
    expect(JSON.stringify(replies['call_a'])).toMatch(
      /NOT executed.*Transfers over \$1,000 to a payee not on file/,
    );
    expect(JSON.stringify(replies['call_b'])).toContain('sent $5000 to savings');
    expect(JSON.stringify(replies['call_c'])).toContain('sent $50 to landlord');
  });
});
