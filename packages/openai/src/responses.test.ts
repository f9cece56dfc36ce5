import OpenAI from 'openai';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { bank, bankEngine, outcomes, parseError } from '../test/bank.ts';
import {
  type FakeOpenAI,
  outputText,
  response,
  responseEvents,
  startFakeOpenAI,
} from '../test/fake-openai-server.ts';
import { evaluateToolCalls } from './evaluate-tool-calls.ts';
import { toResponsesInputItems } from './reply-builders.ts';
import { rewriteOutputItems } from './rewrite.ts';
import { runToolCalls } from './run-tool-calls.ts';

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const client = (server: FakeOpenAI) => new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 });

const denial = (tool: string, how: string, reason: string) =>
  `The tool call "${tool}" was NOT executed: ${how}. Reason: ${reason}. Do not retry the same call; change the request or ask the user.`;

const functionCall = (callId: string, name: string, args: string, extra: Record<string, unknown> = {}) => ({
  id: `fc_${callId}`,
  type: 'function_call',
  call_id: callId,
  name,
  arguments: args,
  status: 'completed',
  ...extra,
});

const tools = [
  { type: 'function' as const, name: 'transfer_funds', parameters: { type: 'object' }, strict: false },
  { type: 'custom' as const, name: 'run_sql' },
  {
    type: 'namespace' as const,
    name: 'crm',
    description: 'CRM',
    tools: [{ type: 'function' as const, name: 'lookup' }],
  },
  { type: 'mcp' as const, server_label: 'docs', server_url: 'https://docs.example.com/mcp' },
];

/** A turn of function, custom, namespaced and MCP approval calls. */
const output = [
  { id: 'rs_1', type: 'reasoning', summary: [] },
  functionCall('call_deny', 'transfer_funds', '{"amount":2000,"to":"acct-7731"}'),
  functionCall('call_ask', 'transfer_funds', '{"amount":5000,"to":"savings"}'),
  functionCall(
    'call_modify',
    'transfer_funds',
    '{"amount":60,"to":"landlord","memo":"card 4111 1111 1111 1111"}',
  ),
  functionCall('call_broken', 'transfer_funds', '{"amount":'),
  { id: 'ctc_1', type: 'custom_tool_call', call_id: 'call_sql', name: 'run_sql', input: 'SELECT 1' },
  functionCall('call_crm', 'lookup', '{"customer":"c-9"}', { namespace: 'crm' }),
  {
    id: 'mcpr_read',
    type: 'mcp_approval_request',
    server_label: 'docs',
    name: 'read_page',
    arguments: '{"page":"intro"}',
  },
  {
    id: 'mcpr_delete',
    type: 'mcp_approval_request',
    server_label: 'docs',
    name: 'delete_page',
    arguments: '{"page":"intro"}',
  },
];

describe('the Responses loop through the real openai client', () => {
  it('answers function, custom, namespaced and MCP approval calls once each, by previous_response_id [openai.responses.every-call-answered]', async () => {
    fake = await startFakeOpenAI((_request, index) =>
      index === 0
        ? { json: response('resp_1', output) }
        : { json: response('resp_2', [outputText('msg_1', 'Done.')]) },
    );
    const openai = client(fake);
    const { engine, audit, approvals } = bankEngine(true);
    const { sent, transfer } = bank();
    const first = await openai.responses.create({ model: 'gpt-test', input: 'pay my bills', tools });
    const results = await evaluateToolCalls(first, { engine, tools });
    expect(results.map((r) => [r.call.id, r.call.kind, r.call.tool, r.verdict.effect])).toEqual([
      ['call_deny', 'function', 'transfer_funds', 'deny'],
      ['call_ask', 'function', 'transfer_funds', 'ask'],
      ['call_modify', 'function', 'transfer_funds', 'modify'],
      ['call_broken', 'function', 'transfer_funds', 'deny'],
      ['call_sql', 'custom', 'run_sql', 'allow'],
      ['call_crm', 'function', 'crm__lookup', 'allow'],
      ['mcpr_read', 'mcp_approval_request', 'docs__read_page', 'allow'],
      ['mcpr_delete', 'mcp_approval_request', 'docs__delete_page', 'deny'],
    ]);
    const outputs = await runToolCalls(results, {
      handlers: {
        transfer_funds: transfer,
        run_sql: ({ input }) => `rows for ${input}`,
        crm__lookup: ({ customer }) => ({ customer, tier: 'gold' }),
      },
      approvals,
    });
    const second = await openai.responses.create({
      model: 'gpt-test',
      previous_response_id: first.id,
      input: toResponsesInputItems(results, outputs),
    });
    expect(second.output_text).toBe('Done.');
    expect(sent).toEqual([
      { amount: 5000, to: 'savings' },
      { amount: 60, to: 'landlord', memo: 'card [REDACTED:CREDIT_CARD]' },
    ]);
    expect(fake.requests[1]?.body.input).toEqual([
      {
        type: 'function_call_output',
        call_id: 'call_deny',
        output: denial(
          'transfer_funds',
          'it was blocked by policy',
          'Transfers over $1,000 to a payee not on file are never automatic',
        ),
      },
      { type: 'function_call_output', call_id: 'call_ask', output: '{"ok":true,"sent":5000,"to":"savings"}' },
      {
        type: 'function_call_output',
        call_id: 'call_modify',
        output: '{"ok":true,"sent":60,"to":"landlord"}',
      },
      {
        type: 'function_call_output',
        call_id: 'call_broken',
        output: denial(
          'transfer_funds',
          'it was blocked by policy',
          `Tool arguments are not valid JSON: ${parseError('{"amount":')}`,
        ),
      },
      { type: 'custom_tool_call_output', call_id: 'call_sql', output: 'rows for SELECT 1' },
      { type: 'function_call_output', call_id: 'call_crm', output: '{"customer":"c-9","tier":"gold"}' },
      { type: 'mcp_approval_response', approval_request_id: 'mcpr_read', approve: true },
      {
        type: 'mcp_approval_response',
        approval_request_id: 'mcpr_delete',
        approve: false,
        // The scope's deny of delete_* also judges the MCP tool's own name, before the rule.
        reason: denial(
          'delete_page',
          'it was blocked by policy',
          'Tool "docs__delete_page" is denied by scope (matches "delete_*")',
        ),
      },
    ]);
    expect(audit.records.map((r) => [r.callId, r.tool, r.server ?? null, r.outcome])).toEqual([
      ['call_deny', 'transfer_funds', null, 'blocked'],
      ['call_ask', 'transfer_funds', null, 'executed'],
      ['call_modify', 'transfer_funds', null, 'executed'],
      ['call_sql', 'run_sql', null, 'executed'],
      ['call_crm', 'crm__lookup', null, 'executed'],
      ['mcpr_read', 'docs__read_page', 'docs', 'executed'],
      ['mcpr_delete', 'docs__delete_page', 'docs', 'blocked'],
    ]);
  });

  it('replays the whole turn as input, with the modified arguments, when the app keeps its own history [openai.responses.every-call-answered]', async () => {
    const turn = output.slice(2, 4);
    fake = await startFakeOpenAI((_request, index) =>
      index === 0
        ? { json: response('resp_1', turn) }
        : { json: response('resp_2', [outputText('msg_1', 'ok')]) },
    );
    const openai = client(fake);
    const { engine, approvals } = bankEngine(true);
    const input: ResponseInputItem[] = [{ role: 'user', content: 'pay' }];
    const first = await openai.responses.create({ model: 'gpt-test', input, store: false });
    const results = await evaluateToolCalls(first.output, { engine });
    const outputs = await runToolCalls(results, { handlers: { transfer_funds: () => 'sent' }, approvals });
    // Output items are valid input; the SDK's types only disagree on statuses input never carries.
    const replayed = rewriteOutputItems(first.output, results) as ResponseInputItem[];
    input.push(...replayed, ...toResponsesInputItems(results, outputs));
    await openai.responses.create({ model: 'gpt-test', input, store: false });
    const received: { type?: string; arguments?: string }[] = fake.requests[1]?.body.input;
    expect(received.map((item) => [item.type ?? 'message', item.arguments ?? null])).toEqual([
      ['message', null],
      ['function_call', '{"amount":5000,"to":"savings"}'],
      ['function_call', '{"amount":60,"to":"landlord","memo":"card [REDACTED:CREDIT_CARD]"}'],
      ['function_call_output', null],
      ['function_call_output', null],
    ]);
  });

  it('puts an MCP call that needs approval to the approver, and refuses one whose arguments the policy would change', async () => {
    const items = [
      {
        id: 'mcpr_card',
        type: 'mcp_approval_request',
        server_label: 'docs',
        name: 'append',
        arguments: '{"text":"card 4111 1111 1111 1111"}',
      },
      { id: 'mcpr_other', type: 'mcp_approval_request', server_label: 'wiki', name: 'read', arguments: '{}' },
    ];
    const { engine, audit } = bankEngine();
    const results = await evaluateToolCalls(items as never, { engine, tools });
    const outputs = await runToolCalls(results, { handlers: {} });
    expect(toResponsesInputItems(results, outputs)).toEqual([
      {
        type: 'mcp_approval_response',
        approval_request_id: 'mcpr_card',
        approve: false,
        reason: expect.stringContaining(
          'NOT executed: it was blocked by policy. Reason: an MCP approval cannot change the arguments the server runs with',
        ),
      },
      {
        type: 'mcp_approval_response',
        approval_request_id: 'mcpr_other',
        approve: false,
        reason: denial('read', 'it was blocked by policy', 'The app has no tool named "wiki__read"'),
      },
    ]);
    expect(outcomes(audit.records)).toEqual([['mcpr_card', 'blocked']]);
  });

  it('evaluates a streamed response item by item as response.output_item.done arrives', async () => {
    const streamed = response('resp_s', [outputText('msg_0', 'Paying.'), ...output.slice(1, 3)]);
    fake = await startFakeOpenAI((_request, index) =>
      index === 0
        ? { sse: responseEvents(streamed), named: true }
        : { sse: responseEvents(response('resp_t', [outputText('msg_1', 'Done.')])), named: true },
    );
    const openai = client(fake);
    const { engine, approvals } = bankEngine(true);
    const { sent, transfer } = bank();
    const stream = await openai.responses.create({ model: 'gpt-test', input: 'pay', stream: true });
    const results = [];
    let responseId = '';
    for await (const event of stream) {
      if (event.type === 'response.output_item.done')
        results.push(...(await evaluateToolCalls(event, { engine })));
      if (event.type === 'response.completed') responseId = event.response.id;
    }
    expect(results.map((r) => [r.call.id, r.verdict.effect])).toEqual([
      ['call_deny', 'deny'],
      ['call_ask', 'ask'],
    ]);
    const outputs = await runToolCalls(results, { handlers: { transfer_funds: transfer }, approvals });
    const next = await openai.responses.create({
      model: 'gpt-test',
      previous_response_id: responseId,
      input: toResponsesInputItems(results, outputs),
      stream: true,
    });
    for await (const _event of next) {
      // Drain: the fake validated the replies when the request arrived.
    }
    expect(sent).toEqual([{ amount: 5000, to: 'savings' }]);
    expect(fake.requests[1]?.body.input.map((i: { call_id: string }) => i.call_id)).toEqual([
      'call_deny',
      'call_ask',
    ]);
  });
});
