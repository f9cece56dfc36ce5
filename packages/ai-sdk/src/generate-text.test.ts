import { generateText, type ModelMessage, stepCountIs, tool, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createGuard } from './create-guard.ts';
import { bank, callsTurn, fourCalls, testEngine, textTurn } from './test-helpers.ts';

/** The tool results of the prompt a model call received, by tool-call id. */
function toolResults(prompt: readonly { role: string; content: unknown }[]) {
  const results: Record<string, unknown> = {};
  for (const message of prompt) {
    if (message.role !== 'tool' || !Array.isArray(message.content)) continue;
    for (const part of message.content as { type: string; toolCallId: string; output: unknown }[]) {
      if (part.type === 'tool-result') results[part.toolCallId] = part.output;
    }
  }
  return results;
}

function setup() {
  const { engine, audit } = testEngine();
  const { ran, tools } = bank();
  const guard = createGuard({ engine, principal: { userId: 'u-42' } });
  const model = new MockLanguageModelV4({
    doGenerate: [callsTurn(...fourCalls), textTurn('Done.')],
  });
  const run = (messages: ModelMessage[]) =>
    generateText({
      model: wrapLanguageModel({ model, middleware: guard.middleware }),
      tools: guard.tools(tools),
      toolApproval: guard.toolApproval,
      stopWhen: stepCountIs(5),
      messages,
    });
  return { engine, audit, ran, model, run };
}

const userTurn: ModelMessage[] = [{ role: 'user', content: 'Pay the bills' }];

/** The messages a run resumes with: the history plus the human's answer to the pending request. */
function answer(
  history: ModelMessage[],
  result: { content: readonly { type: string }[]; response: { messages: ModelMessage[] } },
  approved: boolean,
): ModelMessage[] {
  const request = result.content.find(
    (p): p is { type: 'tool-approval-request'; approvalId: string } =>
      p.type === 'tool-approval-request' && (p as { isAutomatic?: boolean }).isAutomatic !== true,
  );
  if (!request) throw new Error('no pending approval request');
  return [
    ...history,
    ...result.response.messages,
    {
      role: 'tool',
      content: [
        {
          type: 'tool-approval-response',
          approvalId: request.approvalId,
          approved,
          ...(approved ? {} : { reason: 'Not today' }),
        },
      ],
    },
  ];
}

describe('generateText with the guard', () => {
  it('judges four parallel calls of one step: allow, deny, modify and ask [ai-sdk.generate-text.verdicts]', async () => {
    const { audit, ran, model, run } = setup();
    const result = await run(userTurn);

    // Allowed and modified calls ran (the card number redacted); the denied one never ran; the ask waits.
    expect(ran).toEqual([
      { tool: 'get_balance', args: {} },
      { tool: 'transfer_funds', args: { amount: 60, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' } },
    ]);
    const requests = result.content.filter((p) => p.type === 'tool-approval-request' && !p.isAutomatic);
    expect(requests).toEqual([
      expect.objectContaining({
        toolCall: expect.objectContaining({ toolCallId: 'c-5000' }),
        reason: 'Transfers over $1,000 need a human approval',
      }),
    ]);
    expect(model.doGenerateCalls).toHaveLength(1); // the run stops for the approval
    expect(audit.records.map((r) => [r.callId, r.effect, r.outcome])).toEqual([
      ['c-2000', 'deny', 'blocked'],
      ['c-balance', 'allow', 'executed'],
      ['c-memo', 'modify', 'executed'],
    ]);
  });

  it('runs the approved call once when the run resumes, and the model then sees every result [ai-sdk.approval.approved.runs-once]', async () => {
    const { audit, ran, model, run } = setup();
    const first = await run(userTurn);
    ran.length = 0;
    await run(answer(userTurn, first, true));

    expect(ran).toEqual([{ tool: 'transfer_funds', args: { amount: 5000, to: 'savings' } }]);
    // The next model call gets one result per call id; the denial carries its reason.
    const results = toolResults(model.doGenerateCalls[1]?.prompt ?? []);
    expect(Object.keys(results).toSorted()).toEqual(['c-2000', 'c-5000', 'c-balance', 'c-memo']);
    expect(results['c-2000']).toEqual({
      type: 'execution-denied',
      reason:
        'The tool call "transfer_funds" was NOT executed: it was blocked by policy. Reason: Transfers over $1,000 to a payee not on file are never automatic. Do not retry the same call; change the request or ask the user.',
    });
    expect(results['c-5000']).toEqual({ type: 'text', value: 'sent $5000 to savings' });
    // One audit record per call, the approval's included, not one per hook call.
    expect(audit.records.map((r) => [r.callId, r.outcome, r.approver])).toEqual([
      ['c-2000', 'blocked', undefined],
      ['c-balance', 'executed', undefined],
      ['c-memo', 'executed', undefined],
      ['c-5000', 'executed', 'u-42'],
    ]);
  });

  it('does not run a rejected call, records the rejection, and tells the model [ai-sdk.approval.reject.not-executed]', async () => {
    const { audit, ran, model, run } = setup();
    const first = await run(userTurn);
    ran.length = 0;
    await run(answer(userTurn, first, false));

    expect(ran).toEqual([]);
    const results = toolResults(model.doGenerateCalls[1]?.prompt ?? []);
    expect(results['c-5000']).toEqual({ type: 'execution-denied', reason: 'Not today' });
    expect(audit.records.at(-1)).toMatchObject({
      callId: 'c-5000',
      effect: 'ask',
      outcome: 'rejected',
      approver: 'u-42',
    });
  });

  it('honours the approval only for the arguments it was asked for [ai-sdk.approval.bound-to-args]', async () => {
    const { audit, ran, run } = setup();
    const first = await run(userTurn);
    ran.length = 0;
    // The history comes back with the approved call's amount changed.
    const tampered = answer(userTurn, first, true).map((message) =>
      message.role !== 'assistant' || typeof message.content === 'string'
        ? message
        : {
            ...message,
            content: message.content.map((part) =>
              part.type === 'tool-call' && part.toolCallId === 'c-5000'
                ? { ...part, input: { amount: 50_000, to: 'savings' } }
                : part,
            ),
          },
    );
    await run(tampered);

    expect(ran).toEqual([]);
    expect(audit.records.filter((r) => r.callId === 'c-5000').map((r) => [r.args, r.outcome])).toEqual([
      [{ amount: 5000, to: 'savings' }, 'blocked'],
      [{ amount: 50_000, to: 'savings' }, 'blocked'],
    ]);
  });

  it("honours a tool's own needsApproval, which the SDK skips when toolApproval is a function", async () => {
    const { engine, audit } = testEngine();
    const guard = createGuard({ engine });
    const ran: unknown[] = [];
    const tools = guard.tools({
      send_email: tool({
        inputSchema: z.object({ to: z.string() }),
        needsApproval: async ({ to }) => !to.endsWith('@example.com'),
        execute: async (args) => {
          ran.push(args);
          return 'sent';
        },
      }),
    });
    const model = new MockLanguageModelV4({
      doGenerate: [
        callsTurn(
          { id: 'e-1', tool: 'send_email', args: { to: 'bob@example.com' } },
          { id: 'e-2', tool: 'send_email', args: { to: 'eve@elsewhere.net' } },
        ),
        textTurn('ok'),
      ],
    });
    const result = await generateText({
      model,
      tools,
      toolApproval: guard.toolApproval,
      stopWhen: stepCountIs(3),
      prompt: 'x',
    });
    expect(ran).toEqual([{ to: 'bob@example.com' }]);
    const pending = result.content.filter((p) => p.type === 'tool-approval-request' && !p.isAutomatic);
    expect(pending.map((p) => p.type === 'tool-approval-request' && p.toolCall.toolCallId)).toEqual(['e-2']);
    expect(audit.records.map((r) => [r.callId, r.outcome])).toEqual([['e-1', 'executed']]);
  });
});
