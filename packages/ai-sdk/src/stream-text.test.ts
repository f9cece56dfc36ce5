import { type ModelMessage, stepCountIs, streamText, tool, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGuard } from './create-guard.ts';
import { asStream, bank, callsTurn, fourCalls, testEngine, textTurn } from './test-helpers.ts';

const userTurn: ModelMessage[] = [{ role: 'user', content: 'Pay the bills' }];

describe('streamText with the guard', () => {
  it('judges four parallel calls, pauses for the ask, and runs it once approved [ai-sdk.stream-text.approval]', async () => {
    const { engine, audit } = testEngine();
    const { ran, tools } = bank();
    const guard = createGuard({ engine });
    const model = new MockLanguageModelV4({
      doStream: [asStream(callsTurn(...fourCalls)), asStream(textTurn('Done.'))],
    });
    const run = (messages: ModelMessage[]) =>
      streamText({
        model: wrapLanguageModel({ model, middleware: guard.middleware }),
        tools: guard.tools(tools),
        toolApproval: guard.toolApproval,
        stopWhen: stepCountIs(5),
        messages,
        runtimeContext: { userId: 'u-7', sessionId: 's-1' },
      });

    const first = run(userTurn);
    const parts = [];
    for await (const part of first.fullStream) parts.push(part);
    expect(ran.map((r) => r.args)).toEqual([
      {},
      { amount: 60, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' },
    ]);
    const denied = parts.find(
      (p) => p.type === 'tool-approval-response' && p.toolCall.toolCallId === 'c-2000',
    );
    expect(denied).toMatchObject({ approved: false, reason: expect.stringContaining('NOT executed') });
    const request = parts.find((p) => p.type === 'tool-approval-request' && !p.isAutomatic);
    if (request?.type !== 'tool-approval-request') throw new Error('expected an approval request');
    expect(request.toolCall.toolCallId).toBe('c-5000');

    ran.length = 0;
    const resumed = run([
      ...userTurn,
      ...(await first.response).messages,
      {
        role: 'tool',
        content: [{ type: 'tool-approval-response', approvalId: request.approvalId, approved: true }],
      },
    ]);
    expect(await resumed.text).toBe('Done.');
    expect(ran).toEqual([{ tool: 'transfer_funds', args: { amount: 5000, to: 'savings' } }]);
    // Identity came from runtimeContext, and the human approver is that user.
    expect(audit.records.map((r) => [r.callId, r.outcome, r.principal?.userId, r.approver])).toEqual([
      ['c-2000', 'blocked', 'u-7', undefined],
      ['c-balance', 'executed', 'u-7', undefined],
      ['c-memo', 'executed', 'u-7', undefined],
      ['c-5000', 'executed', 'u-7', 'u-7'],
    ]);
  });

  it('keeps a streaming tool streaming, and settles it when the stream ends', async () => {
    const { engine, audit } = testEngine();
    const guard = createGuard({ engine });
    const tools = guard.tools({
      count_down: tool({
        description: 'Counts down',
        inputSchema: z.object({ from: z.number() }),
        async *execute({ from }) {
          for (let i = from; i >= 0; i--) yield { left: i };
        },
      }),
    });
    const model = new MockLanguageModelV4({
      doStream: [
        asStream(callsTurn({ id: 'c-1', tool: 'count_down', args: { from: 2 } })),
        asStream(textTurn('ok')),
      ],
    });
    const result = streamText({
      model,
      tools,
      toolApproval: guard.toolApproval,
      stopWhen: stepCountIs(3),
      prompt: 'go',
    });
    const outputs = [];
    for await (const part of result.fullStream) {
      if (part.type === 'tool-result') outputs.push([part.preliminary === true, part.output]);
    }
    expect(outputs).toEqual([
      [true, { left: 2 }],
      [true, { left: 1 }],
      [true, { left: 0 }],
      [false, { left: 0 }],
    ]);
    expect(audit.records.map((r) => [r.callId, r.outcome])).toEqual([['c-1', 'executed']]);
  });

  it('records a streaming tool that fails mid-stream as failed', async () => {
    const { engine, audit } = testEngine();
    const guard = createGuard({ engine });
    const tools = guard.tools({
      flaky: tool({
        description: 'Fails after one value',
        inputSchema: z.object({}),
        async *execute() {
          yield 'first';
          throw new Error('disk full');
        },
      }),
    });
    const model = new MockLanguageModelV4({
      doStream: [asStream(callsTurn({ id: 'c-1', tool: 'flaky', args: {} })), asStream(textTurn('ok'))],
    });
    const result = streamText({
      model,
      tools,
      toolApproval: guard.toolApproval,
      stopWhen: stepCountIs(3),
      prompt: 'go',
    });
    const errors = [];
    for await (const part of result.fullStream)
      if (part.type === 'tool-error') errors.push(String(part.error));
    expect(errors).toEqual(['Error: disk full']);
    expect(audit.records.map((r) => [r.callId, r.outcome, r.error])).toEqual([
      ['c-1', 'failed', 'disk full'],
    ]);
  });
});
