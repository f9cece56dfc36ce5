import { generateText, stepCountIs, streamText, ToolLoopAgent, tool, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGuard } from './create-guard.ts';
import { deniedCountIs } from './denied-count-is.ts';
import { asStream, bank, callsTurn, testEngine, textTurn } from './test-helpers.ts';

describe('portcullisMiddleware', () => {
  it('hides the tools the principal may never call, and keeps forced choices valid [ai-sdk.middleware.hides-forbidden-tools]', async () => {
    const { engine } = testEngine();
    const guard = createGuard({ engine });
    const model = new MockLanguageModelV4({ doGenerate: [textTurn('hi'), textTurn('hi')] });
    const wrapped = wrapLanguageModel({ model, middleware: guard.middleware });
    const { tools } = bank();
    await generateText({ model: wrapped, tools, prompt: 'hello' });
    // Forcing a hidden tool: the model is told to call none, and the SDK then fails the call.
    await expect(
      generateText({
        model: wrapped,
        tools,
        toolChoice: { type: 'tool', toolName: 'drop_table' },
        prompt: 'x',
      }),
    ).rejects.toThrow("did not contain a call to the required tool 'drop_table'");

    expect(model.doGenerateCalls[0]?.tools?.map((t) => t.name)).toEqual(['get_balance', 'transfer_funds']);
    expect(model.doGenerateCalls[1]?.toolChoice).toEqual({ type: 'none' });
  });

  it('audits tool calls the provider executed itself, in generate and in stream', async () => {
    const { engine, audit } = testEngine();
    const guard = createGuard({ engine });
    const providerCall = (id: string) =>
      callsTurn(
        { id, tool: 'web_search', args: { query: 'rates' }, providerExecuted: true },
        { id: `${id}-local`, tool: 'get_balance', args: {} },
      );
    const model = new MockLanguageModelV4({
      doGenerate: [providerCall('p-1'), textTurn('done')],
      doStream: [asStream(providerCall('p-2')), asStream(textTurn('done'))],
    });
    const wrapped = wrapLanguageModel({ model, middleware: guard.middleware });
    const { tools } = bank();
    const options = {
      tools: guard.tools(tools),
      toolApproval: guard.toolApproval,
      stopWhen: stepCountIs(2),
      prompt: 'x',
    };
    await generateText({ model: wrapped, ...options });
    await streamText({ model: wrapped, ...options }).consumeStream();

    // One record per call: the provider's by the middleware, the app's by the guarded tool.
    expect(audit.records.map((r) => [r.callId, r.tool, r.outcome])).toEqual([
      ['p-1', 'web_search', 'executed'],
      ['p-1-local', 'get_balance', 'executed'],
      ['p-2', 'web_search', 'executed'],
      ['p-2-local', 'get_balance', 'executed'],
    ]);
  });

  it('flags a provider-executed call the policy forbids: effect deny, outcome executed', async () => {
    const { engine, audit } = testEngine();
    const guard = createGuard({ engine, hideForbiddenTools: false });
    const model = new MockLanguageModelV4({
      doGenerate: [
        callsTurn({ id: 'p-1', tool: 'drop_table', args: { table: 'users' }, providerExecuted: true }),
      ],
    });
    await generateText({ model: wrapLanguageModel({ model, middleware: guard.middleware }), prompt: 'x' });
    expect(audit.records.map((r) => [r.tool, r.effect, r.outcome])).toEqual([
      ['drop_table', 'deny', 'executed'],
    ]);
  });
});

describe('a ToolLoopAgent with the guard', () => {
  it('stops a runaway loop: identical calls beyond the limit are denied and never run [rate-limit.loops]', async () => {
    const { engine, audit } = testEngine({
      policy: { version: 1, guards: { rateLimit: { maxIdenticalCalls: 3 } } },
    });
    const guard = createGuard({ engine });
    let searches = 0;
    let turn = 0;
    // A model stuck in a loop: it asks for the same search every turn, forever.
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        turn += 1;
        return callsTurn({ id: `c-${turn}`, tool: 'search', args: { q: 'balance' } });
      },
    });
    const agent = new ToolLoopAgent({
      model,
      tools: guard.tools({
        search: tool({
          inputSchema: z.object({ q: z.string() }),
          execute: async () => {
            searches += 1;
            return 'no results';
          },
        }),
      }),
      toolApproval: guard.toolApproval,
      stopWhen: [stepCountIs(20), deniedCountIs(2)],
    });
    const result = await agent.generate({ prompt: 'find my balance' });

    expect(searches).toBe(3);
    expect(result.steps).toHaveLength(5); // three searches, then two denials end the run
    expect(audit.records.map((r) => r.outcome)).toEqual([
      'executed',
      'executed',
      'executed',
      'blocked',
      'blocked',
    ]);
    expect(audit.records.at(-1)?.decisions).toEqual([
      expect.objectContaining({ guard: 'rateLimit', effect: 'deny', code: 'identical_calls' }),
    ]);
  });
});
