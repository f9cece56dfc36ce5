import { Agent, OpenAIProvider, Runner, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bank, bankEngine } from '../test/bank.ts';
import { type FakeOpenAI, outputText, response, startFakeOpenAI } from '../test/fake-openai-server.ts';
import { guardAgentTool, guardAgentTools } from './guard-agent-tools.ts';

let fake: FakeOpenAI | undefined;
beforeAll(() => setTracingDisabled(true));
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const denial = (tool: string, how: string, reason: string) =>
  `The tool call "${tool}" was NOT executed: ${how}. Reason: ${reason}. Do not retry the same call; change the request or ask the user.`;

const call = (callId: string, amount: number, to: string, memo = '') => ({
  id: `fc_${callId}`,
  type: 'function_call',
  call_id: callId,
  name: 'transfer_funds',
  arguments: JSON.stringify({ amount, to, memo }),
  status: 'completed',
});

/** The bank agent, on a Runner whose OpenAI client talks to the fake. */
function bankAgent(server: FakeOpenAI, answer: boolean | null = true) {
  const openai = new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 });
  const runner = new Runner({
    modelProvider: new OpenAIProvider({ openAIClient: openai, useResponses: true }),
    tracingDisabled: true,
  });
  const { engine, audit } = bankEngine(answer);
  const { sent, transfer } = bank();
  const transferFunds = tool({
    name: 'transfer_funds',
    description: 'Transfer money from checking to a payee',
    parameters: z.object({ amount: z.number(), to: z.string(), memo: z.string() }),
    execute: (args) => transfer(args),
  });
  const agent = new Agent({
    name: 'bank',
    instructions: 'You move money.',
    model: 'gpt-test',
    tools: [guardAgentTool(transferFunds, { engine, principal: () => ({ userId: 'u-42' }) })],
  });
  return { runner, agent, audit, sent };
}

/** The function_call_output items a request sent back, as [call_id, output]. */
const outputsOf = (server: FakeOpenAI, index: number) =>
  ((server.requests[index]?.body.input ?? []) as { type: string; call_id: string; output: unknown }[])
    .filter((item) => item.type === 'function_call_output')
    .map((item) => [item.call_id, item.output]);

describe('guardAgentTool in an @openai/agents run against the local server', () => {
  it('rejects a denied call through the tool guardrail, pauses an ask for approval, and runs modified arguments [openai.agents.guardrail]', async () => {
    fake = await startFakeOpenAI((_request, index) =>
      index === 0
        ? {
            json: response('resp_1', [
              call('call_deny', 2000, 'acct-7731'),
              call('call_ask', 5000, 'savings'),
              call('call_modify', 60, 'landlord', 'card 4111 1111 1111 1111'),
              call('call_allow', 50, 'landlord'),
            ]),
          }
        : { json: response(`resp_${index + 1}`, [outputText('msg_1', 'Done.')]) },
    );
    const { runner, agent, audit, sent } = bankAgent(fake);
    let result = await runner.run(agent, 'Pay my bills');
    expect(
      result.interruptions.map((item) => [item.rawItem.type, (item.rawItem as { callId?: string }).callId]),
    ).toEqual([['function_call', 'call_ask']]);
    expect(sent.map((t) => t['amount']).toSorted()).toEqual([50, 60]);
    for (const interruption of result.interruptions) result.state.approve(interruption);
    result = await runner.run(agent, result.state);
    expect(result.finalOutput).toBe('Done.');

    expect(sent.toSorted((a, b) => Number(a['amount']) - Number(b['amount']))).toEqual([
      { amount: 50, to: 'landlord', memo: '' },
      { amount: 60, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' },
      { amount: 5000, to: 'savings', memo: '' },
    ]);
    // The fake checked one reply per call id; here is what the model read for each.
    const replies = new Map(outputsOf(fake, fake.requests.length - 1) as [string, unknown][]);
    expect(replies.get('call_deny')).toBe(
      denial(
        'transfer_funds',
        'it was blocked by policy',
        'Transfers over $1,000 to a payee not on file are never automatic',
      ),
    );
    expect(replies.get('call_modify')).toBe('{"ok":true,"sent":60,"to":"landlord"}');
    expect(replies.get('call_ask')).toBe('{"ok":true,"sent":5000,"to":"savings"}');
    expect(replies.size).toBe(4);
    expect(audit.records.map((r) => [r.callId, r.outcome, r.principal?.userId]).toSorted()).toEqual([
      ['call_allow', 'executed', 'u-42'],
      ['call_ask', 'executed', 'u-42'],
      ['call_deny', 'blocked', 'u-42'],
      ['call_modify', 'executed', 'u-42'],
    ]);
  });

  it('does not run a call whose approval was rejected [openai.agents.guardrail]', async () => {
    fake = await startFakeOpenAI((_request, index) =>
      index === 0
        ? { json: response('resp_1', [call('call_ask', 5000, 'savings')]) }
        : { json: response(`resp_${index + 1}`, [outputText('msg_1', 'Not sent.')]) },
    );
    const { runner, agent, sent } = bankAgent(fake);
    let result = await runner.run(agent, 'Move $5,000 to savings');
    expect(result.interruptions).toHaveLength(1);
    for (const interruption of result.interruptions) result.state.reject(interruption);
    result = await runner.run(agent, result.state);
    expect(result.finalOutput).toBe('Not sent.');
    expect(sent).toEqual([]);
    expect(outputsOf(fake, 1).map(([id]) => id)).toEqual(['call_ask']);
  });

  it('guards only the function tools of a list, and each only once', () => {
    const { engine } = bankEngine();
    const balance = tool({
      name: 'get_balance',
      description: 'Read a balance',
      parameters: z.object({ account: z.string() }),
      execute: () => '0',
    });
    const hosted = { type: 'hosted_tool' as const, name: 'web_search', providerData: { type: 'web_search' } };
    const [guarded, untouched] = guardAgentTools([balance, hosted], { engine });
    expect(untouched).toBe(hosted);
    expect(guarded).not.toBe(balance);
    expect(guardAgentTool(guarded as typeof balance, { engine })).toBe(guarded);
    expect((guarded as typeof balance).inputGuardrails?.map((g) => g.name)).toEqual(['portcullis']);
  });
});
