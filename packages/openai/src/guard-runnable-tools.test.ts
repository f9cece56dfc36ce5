import OpenAI from 'openai';
import { zodFunction } from 'openai/helpers/zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bank, bankEngine } from '../test/bank.ts';
import { chatCompletion, type FakeOpenAI, startFakeOpenAI } from '../test/fake-openai-server.ts';
import { guardRunnableTools } from './guard-runnable-tools.ts';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const denial = (tool: string, how: string, reason: string) =>
  `The tool call "${tool}" was NOT executed: ${how}. Reason: ${reason}. Do not retry the same call; change the request or ask the user.`;

const turn = [
  { id: 'call_deny', name: 'transfer_funds', arguments: '{"amount":2000,"to":"acct-7731"}' },
  { id: 'call_ask', name: 'transfer_funds', arguments: '{"amount":5000,"to":"savings"}' },
  {
    id: 'call_modify',
    name: 'transfer_funds',
    arguments: '{"amount":60,"to":"landlord","memo":"card 4111 1111 1111 1111"}',
  },
  { id: 'call_balance', name: 'get_balance', arguments: '{"account":"checking"}' },
];

const toolReplies = (server: FakeOpenAI, index: number) =>
  server.requests[index]?.body.messages
    .filter((m: { role: string }) => m.role === 'tool')
    .map((m: { tool_call_id: string; content: string }) => [m.tool_call_id, m.content]);

describe('guardRunnableTools with client.chat.completions.runTools', () => {
  it('runs allowed and modified calls, asks the engine’s approver, and returns a denial as the tool content', async () => {
    fake = await startFakeOpenAI((_request, index) =>
      index === 0 ? { json: chatCompletion(turn) } : { json: chatCompletion('All done.') },
    );
    const openai = new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 });
    const { engine, audit, asked } = bankEngine(true);
    const { sent, transfer } = bank();
    const balances: string[] = [];
    const tools = guardRunnableTools(
      [
        {
          type: 'function' as const,
          function: {
            name: 'transfer_funds',
            description: 'Transfer money',
            parameters: {
              type: 'object',
              properties: { amount: { type: 'number' }, to: { type: 'string' } },
            },
            parse: JSON.parse,
            function: (args: Record<string, unknown>) => transfer(args),
          },
        },
        {
          type: 'function' as const,
          function: {
            name: 'get_balance',
            description: 'Read a balance',
            parameters: { type: 'object', properties: { account: { type: 'string' } } },
            // Without `parse` the SDK passes the raw JSON string, and so does the guard.
            function: (raw: string) => {
              balances.push(raw);
              return '1200.00';
            },
          },
        },
      ],
      { engine, principal: { userId: 'u-42' } },
    );
    const runner = openai.chat.completions.runTools({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'pay and check' }],
      tools,
    });
    expect(await runner.finalContent()).toBe('All done.');
    // The runner runs parallel calls concurrently, so only the set of transfers is certain.
    expect(sent.toSorted((a, b) => Number(a['amount']) - Number(b['amount']))).toEqual([
      { amount: 60, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' },
      { amount: 5000, to: 'savings' },
    ]);
    expect(balances).toEqual(['{"account":"checking"}']);
    expect(asked).toEqual([{ tool: 'transfer_funds', args: { amount: 5000, to: 'savings' } }]);
    expect(toolReplies(fake, 1)).toEqual([
      [
        'call_deny',
        denial(
          'transfer_funds',
          'it was blocked by policy',
          'Transfers over $1,000 to a payee not on file are never automatic',
        ),
      ],
      ['call_ask', '{"ok":true,"sent":5000,"to":"savings"}'],
      ['call_modify', '{"ok":true,"sent":60,"to":"landlord"}'],
      ['call_balance', '1200.00'],
    ]);
    // Each call's id is recovered from the runner's assistant message, parallel calls included.
    const records = audit.records.map((r) => [r.callId, r.outcome, r.principal?.userId]);
    expect(records.toSorted()).toEqual([
      ['call_ask', 'executed', 'u-42'],
      ['call_balance', 'executed', 'u-42'],
      ['call_deny', 'blocked', 'u-42'],
      ['call_modify', 'executed', 'u-42'],
    ]);
  });

  it('guards the SDK’s auto-parseable zodFunction tools too, and answers broken JSON with a denial', async () => {
    fake = await startFakeOpenAI((_request, index) =>
      index === 0
        ? {
            json: chatCompletion([
              { id: 'call_deny', name: 'transfer_funds', arguments: '{"amount":2000,"to":"acct-7731"}' },
              { id: 'call_ok', name: 'transfer_funds', arguments: '{"amount":50,"to":"landlord"}' },
              { id: 'call_raw', name: 'get_balance', arguments: '{"account":' },
            ]),
          }
        : { json: chatCompletion('ok') },
    );
    const openai = new OpenAI({ baseURL: fake.baseURL, apiKey: 'test', maxRetries: 0 });
    const { engine, audit } = bankEngine(null);
    const { sent, transfer } = bank();
    const balances: string[] = [];
    const tools = guardRunnableTools(
      [
        zodFunction({
          name: 'transfer_funds',
          parameters: z.object({ amount: z.number(), to: z.string() }),
          function: (args) => transfer(args),
        }),
        {
          type: 'function' as const,
          function: {
            name: 'get_balance',
            description: 'Read a balance',
            parameters: { type: 'object' },
            function: (raw: string) => {
              balances.push(raw);
              return '0';
            },
          },
        },
      ],
      { engine },
    );
    // The SDK runs a mix of auto-parseable and plain runnable tools; only its types keep them apart.
    await openai.chat.completions
      .runTools({ model: 'gpt-test', messages: [], tools: tools as never })
      .finalContent();
    expect(sent).toEqual([{ amount: 50, to: 'landlord' }]);
    expect(balances).toEqual([]);
    expect(toolReplies(fake, 1)).toEqual([
      [
        'call_deny',
        denial(
          'transfer_funds',
          'it was blocked by policy',
          'Transfers over $1,000 to a payee not on file are never automatic',
        ),
      ],
      ['call_ok', '{"ok":true,"sent":50,"to":"landlord"}'],
      [
        'call_raw',
        expect.stringContaining(
          '"get_balance" was NOT executed: it was blocked by policy. Reason: Tool arguments are not valid JSON',
        ),
      ],
    ]);
    expect(audit.records.map((r) => [r.callId, r.outcome])).toEqual([
      ['call_deny', 'blocked'],
      ['call_ok', 'executed'],
    ]);
  });

  it('leaves tools without a function as they are', () => {
    const definition = { type: 'function' as const, function: { name: 'x', parameters: {} } };
    const custom = { type: 'custom' as const, custom: { name: 'y' } };
    const [a, b] = guardRunnableTools([definition, custom], { engine: bankEngine().engine });
    expect(a).toBe(definition);
    expect(b).toBe(custom);
  });
});
