import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import { bank, bankEngine } from '../test/bank.ts';
import { chatChunks, chatCompletion, type FakeOpenAI, startFakeOpenAI } from '../test/fake-openai-server.ts';
import { ChatToolCallAccumulator } from './chat-tool-call-accumulator.ts';
import { evaluateToolCalls } from './evaluate-tool-calls.ts';
import { toToolMessages } from './reply-builders.ts';
import { rewriteAssistantMessage } from './rewrite.ts';
import { runToolCalls } from './run-tool-calls.ts';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const calls = [
  { id: 'call_a', name: 'transfer_funds', arguments: '{"amount":2000,"to":"acct-7731"}' },
  {
    id: 'call_b',
    name: 'transfer_funds',
    arguments: '{"amount":60,"to":"landlord","memo":"card 4111 1111 1111 1111"}',
  },
  { id: 'call_c', name: 'transfer_funds', arguments: '{"amount":50,"to":"landlord"}' },
];

describe('ChatToolCallAccumulator with a streamed completion from the real openai client', () => {
  it('rebuilds the calls from their deltas, completes each when the next starts, and drives the loop [openai.chat.stream.cut-off]', async () => {
    fake = await startFakeOpenAI((_request, index) =>
      index === 0 ? { sse: chatChunks(calls, { size: 5 }) } : { json: chatCompletion('Done.') },
    );
    const openai = new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 });
    const { engine, audit } = bankEngine();
    const { sent, transfer } = bank();
    const stream = await openai.chat.completions.create({ model: 'gpt-test', messages: [], stream: true });
    const accumulator = new ChatToolCallAccumulator();
    const completedAt: string[][] = [];
    for await (const chunk of stream) {
      const completed = accumulator.add(chunk);
      if (completed.length > 0) completedAt.push(completed.map((call) => call.id));
    }
    // A call is handed out once the next one starts, the last one when the choice finishes.
    expect(completedAt).toEqual([['call_a'], ['call_b'], ['call_c']]);
    expect(accumulator.done).toBe(true);
    expect(accumulator.finishReason).toBe('tool_calls');
    const message = accumulator.message();
    expect(message).toEqual({
      role: 'assistant',
      content: null,
      refusal: null,
      tool_calls: calls.map(({ id, name, arguments: args }) => ({
        id,
        type: 'function',
        function: { name, arguments: args },
      })),
    });
    const results = await evaluateToolCalls(message, { engine });
    const outputs = await runToolCalls(results, { handlers: { transfer_funds: transfer } });
    await openai.chat.completions.create({
      model: 'gpt-test',
      messages: [rewriteAssistantMessage(message, results), ...toToolMessages(results, outputs)],
    });
    expect(sent).toEqual([
      { amount: 60, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' },
      { amount: 50, to: 'landlord' },
    ]);
    expect(audit.records.map((r) => [r.callId, r.outcome])).toEqual([
      ['call_a', 'blocked'],
      ['call_b', 'executed'],
      ['call_c', 'executed'],
    ]);
  });

  it('never yields the last call of a stream that was cut off before it finished [openai.chat.stream.cut-off]', async () => {
    fake = await startFakeOpenAI(() => ({
      sse: chatChunks(calls.slice(0, 2), { finish: false }),
      done: false,
    }));
    const openai = new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 });
    const stream = await openai.chat.completions.create({ model: 'gpt-test', messages: [], stream: true });
    const accumulator = new ChatToolCallAccumulator();
    for await (const chunk of stream) accumulator.add(chunk);
    expect(accumulator.done).toBe(false);
    expect(accumulator.toolCalls().map((call) => call.id)).toEqual(['call_a']);
    const results = await evaluateToolCalls(accumulator.message(), { engine: bankEngine().engine });
    expect(results.map((r) => r.call.id)).toEqual(['call_a']);
  });

  it('accumulates text, custom tool input, and only the choice it follows', () => {
    const chunk = (
      index: number,
      delta: ChatCompletionChunk.Choice.Delta,
      finish: 'tool_calls' | null = null,
    ) =>
      ({
        id: 'c',
        object: 'chat.completion.chunk',
        created: 0,
        model: 'm',
        choices: [{ index, delta, finish_reason: finish, logprobs: null }],
      }) as ChatCompletionChunk;
    const accumulator = new ChatToolCallAccumulator({ choice: 1 });
    accumulator.add(chunk(0, { content: 'other choice' }));
    accumulator.add(chunk(1, { content: 'Running ' }));
    accumulator.add(chunk(1, { content: 'SQL.' }));
    accumulator.add(
      chunk(1, { tool_calls: [{ index: 0, id: 'call_sql', type: 'custom', custom: { name: 'run_sql' } }] }),
    );
    accumulator.add(chunk(1, { tool_calls: [{ index: 0, custom: { input: 'SELECT ' } }] }));
    accumulator.add(chunk(1, { tool_calls: [{ index: 0, custom: { input: '1' } }] }));
    accumulator.add(
      chunk(1, { tool_calls: [{ index: 5_000_000, id: 'call_huge', function: { arguments: '{}' } }] }),
    );
    expect(accumulator.toolCalls()).toEqual([]);
    expect(accumulator.add(chunk(1, {}, 'tool_calls'))).toEqual([
      { id: 'call_sql', type: 'custom', custom: { name: 'run_sql', input: 'SELECT 1' } },
    ]);
    expect(accumulator.message()).toEqual({
      role: 'assistant',
      content: 'Running SQL.',
      refusal: null,
      tool_calls: [{ id: 'call_sql', type: 'custom', custom: { name: 'run_sql', input: 'SELECT 1' } }],
    });
  });
});
