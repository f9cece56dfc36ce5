import { callbackApprover, type PolicyEngine, ToolCallDeniedError } from '@portcullis/core';
import { hangingGuard, throwingGuard } from '@portcullis/core/testing';
import { generateText, stepCountIs, type ToolSet, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { guardTools } from './guard-tools.ts';
import { bank, callsTurn, testEngine, textTurn } from './test-helpers.ts';
import { toolApproval } from './tool-approval.ts';

const transfer = { id: 'c-1', tool: 'transfer_funds', args: { amount: 50, to: 'landlord' } };

/** Runs one scripted transfer through generateText and returns what the model was told. */
async function runTransfer(engine: PolicyEngine, timeoutMs?: number) {
  const { ran, tools } = bank();
  const model = new MockLanguageModelV4({ doGenerate: [callsTurn(transfer), textTurn('ok')] });
  await generateText({
    model,
    tools: guardTools(tools, { engine }),
    toolApproval: toolApproval({ engine, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    stopWhen: stepCountIs(3),
    prompt: 'pay',
  });
  const told = model.doGenerateCalls[1]?.prompt.find((m) => m.role === 'tool')?.content[0];
  return { ran, told };
}

describe('fail closed', () => {
  it('denies when a guard throws, and the SDK call itself does not fail [ai-sdk.fail-closed] [engine.guard-throws.deny]', async () => {
    const { engine, audit } = testEngine({ guards: [throwingGuard()] });
    const { ran, told } = await runTransfer(engine);
    expect(ran).toEqual([]);
    expect(told).toMatchObject({
      output: { type: 'execution-denied', reason: expect.stringContaining('NOT executed') },
    });
    expect(audit.records[0]?.decisions.find((d) => d.effect === 'deny')).toMatchObject({
      code: 'guard_error',
    });
  });

  it('denies when a guard hangs past its deadline [ai-sdk.fail-closed] [engine.deadline.deny]', async () => {
    const { engine, audit } = testEngine({ guards: [hangingGuard()] });
    const { ran } = await runTransfer(engine);
    expect(ran).toEqual([]);
    expect(audit.records[0]?.decisions.find((d) => d.effect === 'deny')).toMatchObject({
      code: 'guard_timeout',
    });
  });

  it('denies when the engine itself rejects or never answers [ai-sdk.fail-closed]', async () => {
    const { engine } = testEngine();
    const broken: PolicyEngine = {
      ...engine,
      evaluate: () => Promise.reject(new Error('connection refused')),
    };
    const silent: PolicyEngine = { ...engine, evaluate: () => new Promise(() => {}) };
    for (const [candidate, why] of [
      [broken, 'connection refused'],
      [silent, 'did not answer within 20 ms'],
    ] as const) {
      const { ran, told } = await runTransfer(candidate, 20);
      expect(ran).toEqual([]);
      expect(told).toMatchObject({
        output: { type: 'execution-denied', reason: expect.stringContaining(why) },
      });
    }
  });
});

describe('guardTools without toolApproval (custom loops, sub-agents, direct calls)', () => {
  const options = (toolCallId: string) => ({ toolCallId, messages: [], context: {} });

  it('judges the call itself: allow runs, deny throws ToolCallDeniedError, modify runs redacted [ai-sdk.guard-tools.deny] [sensitive-data.redact]', async () => {
    const { engine, audit } = testEngine();
    const { ran, tools } = bank();
    const guarded = guardTools(tools, { engine, principal: { userId: 'u-1' } });
    const execute = guarded.transfer_funds.execute;
    if (!execute) throw new Error('transfer_funds has execute');

    await expect(execute({ amount: 50, to: 'landlord' }, options('d-1'))).resolves.toBe(
      'sent $50 to landlord',
    );
    const error = await Promise.resolve(execute({ amount: 2000, to: 'acct-7731' }, options('d-2'))).catch(
      (e: unknown) => e,
    );
    expect(ToolCallDeniedError.isInstance(error)).toBe(true);
    expect((error as ToolCallDeniedError).outcome).toBe('blocked');
    await execute({ amount: 10, to: 'landlord', memo: 'card 4111 1111 1111 1111' }, options('d-3'));

    expect(ran.map((r) => r.args)).toEqual([
      { amount: 50, to: 'landlord' },
      { amount: 10, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' },
    ]);
    expect(audit.records.map((r) => [r.callId, r.outcome, r.principal?.userId])).toEqual([
      ['d-1', 'executed', 'u-1'],
      ['d-2', 'blocked', 'u-1'],
      ['d-3', 'executed', 'u-1'],
    ]);
  });

  it("sends an ask to the engine's approval handler", async () => {
    const answers = [true, false];
    const { engine, audit } = testEngine({
      approvals: callbackApprover(() => ({ approved: answers.shift() === true, approver: 'ops' })),
    });
    const { ran, tools } = bank();
    const execute = guardTools(tools, { engine }).transfer_funds.execute;
    if (!execute) throw new Error('transfer_funds has execute');
    await execute({ amount: 5000, to: 'savings' }, options('a-1'));
    await expect(Promise.resolve(execute({ amount: 5000, to: 'savings' }, options('a-2')))).rejects.toThrow(
      'a human rejected it',
    );
    expect(ran).toHaveLength(1);
    expect(audit.records.map((r) => [r.callId, r.outcome, r.approver])).toEqual([
      ['a-1', 'executed', 'ops'],
      ['a-2', 'rejected', 'ops'],
    ]);
  });

  it('records a tool that throws as failed and rethrows its error', async () => {
    const { engine, audit } = testEngine();
    const tools = guardTools(
      {
        broken: tool({
          inputSchema: z.object({}),
          execute: async (): Promise<string> => {
            throw new Error('upstream 503');
          },
        }),
      },
      { engine },
    );
    await expect(Promise.resolve(tools.broken.execute?.({}, options('f-1')))).rejects.toThrow('upstream 503');
    expect(audit.records.map((r) => [r.outcome, r.error])).toEqual([['failed', 'upstream 503']]);
  });

  it('leaves tools without execute as they are, and never wraps twice', async () => {
    const { engine } = testEngine();
    const clientSide = tool({
      description: 'Asks the user',
      inputSchema: z.object({ q: z.string() }),
    });
    // Typed loosely: the SDK's ToolSet type rejects execute-less tools under exactOptionalPropertyTypes.
    const once = guardTools({ clientSide, ...bank().tools } as unknown as ToolSet, { engine });
    const twice = guardTools(once, { engine });
    expect(once['clientSide']).toBe(clientSide);
    expect(twice['transfer_funds']).toBe(once['transfer_funds']);
  });
});
