import { callbackApprover } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { bankEngine } from '../test/bank.ts';
import { chatCompletion } from '../test/fake-openai-server.ts';
import { evaluateToolCalls } from './evaluate-tool-calls.ts';
import { rewriteAssistantMessage, rewriteOutputItems } from './rewrite.ts';
import { runToolCalls } from './run-tool-calls.ts';

const card = 'card 4111 1111 1111 1111';
const redacted = 'card [REDACTED:CREDIT_CARD]';

describe('rewriteAssistantMessage and rewriteOutputItems', () => {
  it('put the arguments that ran into function and custom calls, and leave the rest alone', async () => {
    const { engine } = bankEngine();
    const completion = chatCompletion([
      {
        id: 'a',
        name: 'transfer_funds',
        arguments: JSON.stringify({ amount: 60, to: 'landlord', memo: card }),
      },
      { id: 'b', name: 'run_sql', input: `SELECT '${card}'` },
      { id: 'c', name: 'transfer_funds', arguments: '{"amount":50,"to":"landlord"}' },
      { id: 'd', name: 'transfer_funds', arguments: JSON.stringify({ amount: 2000, to: 'x', memo: card }) },
    ]);
    const message = completion.choices[0].message;
    const results = await evaluateToolCalls(completion, { engine });
    expect(results.map((r) => r.verdict.effect)).toEqual(['modify', 'modify', 'allow', 'deny']);
    const rewritten = rewriteAssistantMessage(message, results);
    expect(rewritten.tool_calls).toEqual([
      {
        id: 'a',
        type: 'function',
        function: {
          name: 'transfer_funds',
          arguments: JSON.stringify({ amount: 60, to: 'landlord', memo: redacted }),
        },
      },
      { id: 'b', type: 'custom', custom: { name: 'run_sql', input: `SELECT '${redacted}'` } },
      message.tool_calls[2],
      // A denied call keeps what the model asked for: its reply says it did not run.
      message.tool_calls[3],
    ]);
    expect(message.tool_calls[0].function.arguments).toContain(card); // the original is not mutated

    const items = [
      { type: 'reasoning', id: 'rs_1', summary: [] },
      {
        type: 'function_call',
        call_id: 'a',
        name: 'transfer_funds',
        arguments: message.tool_calls[0].function.arguments,
      },
      { type: 'custom_tool_call', call_id: 'b', name: 'run_sql', input: `SELECT '${card}'` },
      {
        type: 'function_call',
        call_id: 'c',
        name: 'transfer_funds',
        arguments: '{"amount":50,"to":"landlord"}',
      },
    ];
    expect(rewriteOutputItems(items as never, results)).toEqual([
      items[0],
      { ...items[1], arguments: JSON.stringify({ amount: 60, to: 'landlord', memo: redacted }) },
      { ...items[2], input: `SELECT '${redacted}'` },
      items[3],
    ]);
    await runToolCalls(results, { handlers: { transfer_funds: () => 'ok', run_sql: () => 'ok' } });
  });

  it('returns the message itself when nothing was rewritten', async () => {
    const { engine } = bankEngine();
    const completion = chatCompletion([
      { id: 'c', name: 'transfer_funds', arguments: '{"amount":50,"to":"landlord"}' },
    ]);
    const results = await evaluateToolCalls(completion, { engine });
    expect(rewriteAssistantMessage(completion.choices[0].message, results)).toBe(
      completion.choices[0].message,
    );
  });
});

describe('approvals in runToolCalls', () => {
  it('blocks the call when the approver throws, answers pending, or gives no valid answer', async () => {
    const completion = chatCompletion([
      { id: 'ask', name: 'transfer_funds', arguments: '{"amount":5000,"to":"savings"}' },
    ]);
    const cases = [
      [
        callbackApprover(() => {
          throw new Error('pager is down');
        }),
        'Approval handler "callback" failed: pager is down',
      ],
      [
        { name: 'queue', request: async () => ({ status: 'pending' as const, id: 'q-1' }) },
        'Approval q-1 is pending; the same call will run once it is approved: Transfers over $1,000 need a human approval',
      ],
      [
        { name: 'odd', request: async () => ({ status: 'maybe' }) as never },
        'Approval handler "odd" gave no valid answer',
      ],
    ] as const;
    for (const [approvals, reason] of cases) {
      const { engine, audit } = bankEngine(null);
      const sent: unknown[] = [];
      const results = await evaluateToolCalls(completion, { engine });
      const [output] = await runToolCalls(results, {
        handlers: { transfer_funds: (args) => sent.push(args) },
        approvals,
      });
      expect(sent).toEqual([]);
      expect(output?.outcome).toBe('blocked');
      expect(output?.verdict.reason).toBe(reason);
      expect(audit.records.map((r) => r.outcome)).toEqual(['blocked']);
    }
  });
});
