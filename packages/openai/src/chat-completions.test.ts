import { PortcullisError } from '@portcullis/core';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import { bank, bankEngine, chatTools, outcomes, parseError } from '../test/bank.ts';
import { chatCompletion, type FakeOpenAI, startFakeOpenAI } from '../test/fake-openai-server.ts';
import { evaluateToolCalls } from './evaluate-tool-calls.ts';
import { toToolMessages } from './reply-builders.ts';
import { rewriteAssistantMessage } from './rewrite.ts';
import { runToolCalls } from './run-tool-calls.ts';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const client = (server: FakeOpenAI) => new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 });

const denial = (tool: string, how: string, reason: string) =>
  `The tool call "${tool}" was NOT executed: ${how}. Reason: ${reason}. Do not retry the same call; change the request or ask the user.`;

/** One turn with every kind of call: deny, ask, modify, allow, broken JSON, an unknown tool, a custom tool. */
const turn = [
  { id: 'call_deny', name: 'transfer_funds', arguments: '{"amount":2000,"to":"acct-7731"}' },
  { id: 'call_ask', name: 'transfer_funds', arguments: '{"amount":5000,"to":"savings"}' },
  {
    id: 'call_modify',
    name: 'transfer_funds',
    arguments: '{"amount":60,"to":"landlord","memo":"card 4111 1111 1111 1111"}',
  },
  { id: 'call_allow', name: 'transfer_funds', arguments: '{"amount":50,"to":"landlord"}' },
  { id: 'call_broken', name: 'transfer_funds', arguments: '{"amount": 20, "to": "landl' },
  { id: 'call_unknown', name: 'wire_abroad', arguments: '{"amount":10}' },
  { id: 'call_sql', name: 'run_sql', input: 'SELECT balance FROM accounts' },
];

describe('the Chat Completions loop through the real openai client', () => {
  it('evaluates, runs and answers parallel calls with exactly one reply per call id [openai.chat.every-call-id-answered]', async () => {
    fake = await startFakeOpenAI((_request, index) =>
      index === 0
        ? { json: chatCompletion(turn) }
        : { json: chatCompletion('Done: two transfers and one pending.') },
    );
    const openai = client(fake);
    const { engine, audit, asked, approvals } = bankEngine(true);
    const { sent, transfer } = bank();
    const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'pay my bills' }];

    const completion = await openai.chat.completions.create({
      model: 'gpt-test',
      messages,
      tools: chatTools,
    });
    const message = completion.choices[0]?.message;
    if (!message) throw new Error('no message');
    const results = await evaluateToolCalls(completion, {
      engine,
      tools: chatTools,
      principal: { userId: 'u-42' },
    });
    expect(results.map((r) => [r.call.id, r.verdict.effect])).toEqual([
      ['call_deny', 'deny'],
      ['call_ask', 'ask'],
      ['call_modify', 'modify'],
      ['call_allow', 'allow'],
      ['call_broken', 'deny'],
      ['call_unknown', 'deny'],
      ['call_sql', 'allow'],
    ]);
    const outputs = await runToolCalls(results, {
      handlers: { transfer_funds: transfer, run_sql: (args) => `ran: ${args['input']}` },
      approvals,
    });
    messages.push(rewriteAssistantMessage(message, results), ...toToolMessages(results, outputs));
    const final = await openai.chat.completions.create({ model: 'gpt-test', messages, tools: chatTools });
    expect(final.choices[0]?.message.content).toBe('Done: two transfers and one pending.');

    expect(sent).toEqual([
      { amount: 5000, to: 'savings' },
      { amount: 60, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' },
      { amount: 50, to: 'landlord' },
    ]);
    expect(asked).toEqual([{ tool: 'transfer_funds', args: { amount: 5000, to: 'savings' } }]);
    const sentBack = fake.requests[1]?.body.messages;
    expect(sentBack.filter((m: { role: string }) => m.role === 'tool')).toEqual([
      {
        role: 'tool',
        tool_call_id: 'call_deny',
        content: denial(
          'transfer_funds',
          'it was blocked by policy',
          'Transfers over $1,000 to a payee not on file are never automatic',
        ),
      },
      { role: 'tool', tool_call_id: 'call_ask', content: '{"ok":true,"sent":5000,"to":"savings"}' },
      { role: 'tool', tool_call_id: 'call_modify', content: '{"ok":true,"sent":60,"to":"landlord"}' },
      { role: 'tool', tool_call_id: 'call_allow', content: '{"ok":true,"sent":50,"to":"landlord"}' },
      {
        role: 'tool',
        tool_call_id: 'call_broken',
        content: denial(
          'transfer_funds',
          'it was blocked by policy',
          `Tool arguments are not valid JSON: ${parseError('{"amount": 20, "to": "landl')}`,
        ),
      },
      {
        role: 'tool',
        tool_call_id: 'call_unknown',
        content: denial('wire_abroad', 'it was blocked by policy', 'The app has no tool named "wire_abroad"'),
      },
      { role: 'tool', tool_call_id: 'call_sql', content: 'ran: SELECT balance FROM accounts' },
    ]);
    // The replayed history shows the arguments that ran, not the card number the model wrote.
    const history = sentBack.find((m: { role: string }) => m.role === 'assistant');
    expect(history.tool_calls[2].function.arguments).toBe(
      '{"amount":60,"to":"landlord","memo":"card [REDACTED:CREDIT_CARD]"}',
    );
    expect(history.tool_calls[0].function.arguments).toBe(turn[0]?.arguments);
    // Calls the adapter refused never reach the engine, so the audit holds the five it judged.
    expect(audit.records.map((r) => [r.callId, r.outcome, r.approver ?? null, r.principal?.userId])).toEqual([
      ['call_deny', 'blocked', null, 'u-42'],
      ['call_ask', 'executed', 'callback', 'u-42'],
      ['call_modify', 'executed', null, 'u-42'],
      ['call_allow', 'executed', null, 'u-42'],
      ['call_sql', 'executed', null, 'u-42'],
    ]);
    expect(results[4]?.verdict.decisions).toEqual([
      {
        effect: 'deny',
        guard: 'openai',
        code: 'invalid_arguments',
        reason: `Tool arguments are not valid JSON: ${parseError('{"amount": 20, "to": "landl')}`,
      },
    ]);
    expect(results[5]?.verdict.decisions[0]).toMatchObject({ code: 'unknown_tool' });
  });

  it('is answered 400 by the fake, as by the API, when a call lacks its reply', async () => {
    fake = await startFakeOpenAI(() => ({ json: chatCompletion(turn.slice(0, 2)) }));
    const openai = client(fake);
    const { engine } = bankEngine();
    const completion = await openai.chat.completions.create({ model: 'gpt-test', messages: [] });
    const message = completion.choices[0]?.message;
    if (!message) throw new Error('no message');
    const results = await evaluateToolCalls(completion, { engine });
    const outputs = await runToolCalls(results, { handlers: { transfer_funds: () => 'ok' } });
    const replies = toToolMessages(results, outputs);
    const partial = openai.chat.completions.create({
      model: 'gpt-test',
      messages: [message, replies[0] as never],
    });
    await expect(partial).rejects.toThrow('tool_call_id call_ask: expected exactly one reply, got 0');
    const doubled = openai.chat.completions.create({
      model: 'gpt-test',
      messages: [message, ...replies, replies[1] as never],
    });
    await expect(doubled).rejects.toThrow('tool_call_id call_ask: expected exactly one reply, got 2');
  });

  it('does not run an ask that a human rejects, that nobody answers, or that has no approver [openai.chat.reject.not-executed]', async () => {
    const completion = chatCompletion([turn[1] as (typeof turn)[number]]);
    const cases = [
      [
        { status: 'rejected', approver: 'bob', reason: 'not this month' },
        'rejected',
        'a human rejected it',
        'Rejected by bob: not this month',
      ],
      [
        { status: 'expired' },
        'expired',
        'nobody approved it in time',
        'No approval within 300000 ms: Transfers over $1,000 need a human approval',
      ],
      [
        null,
        'blocked',
        'it was blocked by policy',
        'Approval required but no approver is configured: Transfers over $1,000 need a human approval',
      ],
    ] as const;
    for (const [answer, outcome, how, reason] of cases) {
      const { engine, audit, approvals } = bankEngine(answer);
      const { sent, transfer } = bank();
      const results = await evaluateToolCalls(completion, { engine });
      const outputs = await runToolCalls(results, { handlers: { transfer_funds: transfer }, approvals });
      expect(sent).toEqual([]);
      expect(outputs.map((o) => [o.outcome, o.content])).toEqual([
        [outcome, denial('transfer_funds', how, reason)],
      ]);
      expect(toToolMessages(results, outputs)[0]?.content).toBe(denial('transfer_funds', how, reason));
      expect(outcomes(audit.records)).toEqual([['call_ask', outcome]]);
    }
  });

  it('reports a tool that throws as failed, tells the model, and goes on with the next call', async () => {
    const { engine, audit } = bankEngine();
    const completion = chatCompletion([
      turn[3],
      { id: 'call_balance', name: 'get_balance', arguments: '' },
    ] as never);
    const results = await evaluateToolCalls(completion, { engine });
    const outputs = await runToolCalls(results, {
      handlers: {
        transfer_funds: () => {
          throw new Error('core banking is down');
        },
      },
    });
    expect(outputs.map((o) => [o.outcome, o.content])).toEqual([
      ['failed', 'The tool call "transfer_funds" failed: core banking is down'],
      ['failed', 'The tool call "get_balance" failed: No handler is registered for the tool "get_balance"'],
    ]);
    expect(audit.records.map((r) => [r.callId, r.outcome, r.error])).toEqual([
      ['call_allow', 'failed', 'core banking is down'],
      ['call_balance', 'failed', 'No handler is registered for the tool "get_balance"'],
    ]);
  });

  it('refuses to run the same results twice, or results it did not evaluate', async () => {
    const { engine } = bankEngine();
    const { sent, transfer } = bank();
    const results = await evaluateToolCalls(chatCompletion([turn[3]] as never), { engine });
    await runToolCalls(results, { handlers: { transfer_funds: transfer } });
    const again = runToolCalls(results, { handlers: { transfer_funds: transfer } });
    await expect(again).rejects.toSatisfy(
      (e) => PortcullisError.isInstance(e) && e.code === 'unknown_verdict',
    );
    const copied = runToolCalls(
      results.map((r) => ({ ...r, verdict: { ...r.verdict } })),
      { handlers: { transfer_funds: transfer } },
    );
    await expect(copied).rejects.toThrow('runToolCalls needs the results of evaluateToolCalls');
    expect(sent).toEqual([{ amount: 50, to: 'landlord' }]);
  });

  it('takes outputs by call id when the app runs the tools itself, and insists on one per allowed call', async () => {
    const { engine } = bankEngine();
    const results = await evaluateToolCalls(chatCompletion(turn.slice(0, 4) as never), { engine });
    const byId = { call_ask: 'queued', call_modify: { ok: true }, call_allow: 'paid' };
    expect(toToolMessages(results, byId).map((m) => m.content)).toEqual([
      denial(
        'transfer_funds',
        'it was blocked by policy',
        'Transfers over $1,000 to a payee not on file are never automatic',
      ),
      'queued',
      '{"ok":true}',
      'paid',
    ]);
    expect(() => toToolMessages(results, { call_ask: 'queued', call_modify: 1 })).toThrow(
      'No output for the tool call "call_allow" (transfer_funds); every call needs exactly one reply',
    );
  });
});
