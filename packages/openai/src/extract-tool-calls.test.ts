import { PortcullisError } from '@portcullis/core';
import { describe, expect, it } from 'vitest';
import { chatTools, parseError } from '../test/bank.ts';
import { chatCompletion, response } from '../test/fake-openai-server.ts';
import { extractToolCalls } from './extract-tool-calls.ts';

describe('extractToolCalls', () => {
  it('normalises Chat function and custom calls from a completion or its message', () => {
    const completion = chatCompletion([
      { id: 'call_1', name: 'transfer_funds', arguments: '{"amount":50,"to":"landlord"}' },
      { id: 'call_2', name: 'run_sql', input: 'SELECT 1' },
      { id: 'call_3', name: 'get_balance', arguments: '' },
    ]);
    const expected = [
      {
        id: 'call_1',
        kind: 'function',
        api: 'chat',
        tool: 'transfer_funds',
        name: 'transfer_funds',
        args: { amount: 50, to: 'landlord' },
        raw: '{"amount":50,"to":"landlord"}',
        namespace: undefined,
      },
      {
        id: 'call_2',
        kind: 'custom',
        api: 'chat',
        tool: 'run_sql',
        name: 'run_sql',
        args: { input: 'SELECT 1' },
        raw: 'SELECT 1',
        namespace: undefined,
      },
      {
        id: 'call_3',
        kind: 'function',
        api: 'chat',
        tool: 'get_balance',
        name: 'get_balance',
        args: {},
        raw: '',
        namespace: undefined,
      },
    ];
    expect(extractToolCalls(completion)).toEqual(expected);
    expect(extractToolCalls(completion.choices[0].message)).toEqual(expected);
    expect(extractToolCalls(chatCompletion('no tools'))).toEqual([]);
  });

  it('reads function_call, custom_tool_call and mcp_approval_request items, and skips the rest', () => {
    const items = [
      { type: 'message', role: 'assistant', content: [] },
      { type: 'function_call', call_id: 'call_1', name: 'lookup', namespace: 'crm', arguments: '{"id":1}' },
      { type: 'custom_tool_call', call_id: 'call_2', name: 'run_sql', input: 'SELECT 1' },
      {
        type: 'mcp_approval_request',
        id: 'mcpr_1',
        server_label: 'docs',
        name: 'read',
        arguments: '{"p":1}',
      },
      { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      { type: 'function_call_output', call_id: 'call_0', output: 'x' },
    ];
    const summary = (source: Parameters<typeof extractToolCalls>[0]) =>
      extractToolCalls(source).map((c) => [c.id, c.kind, c.tool, c.server ?? null, c.args]);
    const expected = [
      ['call_1', 'function', 'crm__lookup', null, { id: 1 }],
      ['call_2', 'custom', 'run_sql', null, { input: 'SELECT 1' }],
      ['mcpr_1', 'mcp_approval_request', 'docs__read', 'docs', { p: 1 }],
    ];
    expect(summary(items as never)).toEqual(expected);
    expect(summary(response('resp_1', items))).toEqual(expected);
    expect(summary({ type: 'response.completed', response: response('resp_1', items) } as never)).toEqual(
      expected,
    );
    expect(summary({ type: 'response.output_item.done', item: items[3] } as never)).toEqual([expected[2]]);
    expect(summary(items[2] as never)).toEqual([expected[1]]);
  });

  it('marks arguments that are not a JSON object invalid, with the parse error as the reason [openai.tool-calls.invalid.deny]', () => {
    const calls = extractToolCalls(
      chatCompletion([
        { id: 'a', name: 'transfer_funds', arguments: '{"amount": 5' },
        { id: 'b', name: 'transfer_funds', arguments: '[1,2]' },
        { id: 'c', name: 'transfer_funds', arguments: 'null' },
        { id: 'd', name: 'transfer_funds', arguments: '"text"' },
      ]),
    );
    expect(calls.map((c) => [c.args, c.invalid])).toEqual([
      [
        {},
        {
          code: 'invalid_arguments',
          reason: `Tool arguments are not valid JSON: ${parseError('{"amount": 5')}`,
        },
      ],
      [{}, { code: 'invalid_arguments', reason: 'Tool arguments must be a JSON object, got an array' }],
      [{}, { code: 'invalid_arguments', reason: 'Tool arguments must be a JSON object, got null' }],
      [{}, { code: 'invalid_arguments', reason: 'Tool arguments must be a JSON object, got a string' }],
    ]);
  });

  it('marks calls to tools outside the app list unknown, from names or either API’s definitions [openai.tool-calls.invalid.deny]', () => {
    const completion = chatCompletion([
      { id: 'a', name: 'transfer_funds', arguments: '{}' },
      { id: 'b', name: 'run_sql', input: 'x' },
      { id: 'c', name: 'constructor', arguments: '{}' },
      { id: 'd', name: '__proto__', arguments: '{}' },
    ]);
    const invalid = (tools: Parameters<typeof extractToolCalls>[1]) =>
      extractToolCalls(completion, tools).map((c) => c.invalid?.code ?? 'ok');
    expect(invalid({ tools: chatTools })).toEqual(['ok', 'ok', 'unknown_tool', 'unknown_tool']);
    expect(invalid({ tools: ['run_sql'] })).toEqual(['unknown_tool', 'ok', 'unknown_tool', 'unknown_tool']);
    expect(invalid({ tools: [{ type: 'function', name: 'transfer_funds' }] })).toEqual([
      'ok',
      'unknown_tool',
      'unknown_tool',
      'unknown_tool',
    ]);
    expect(extractToolCalls(completion, { tools: [] })[0]?.invalid).toEqual({
      code: 'unknown_tool',
      reason: 'The app has no tool named "transfer_funds"',
    });

    const mcp = [
      { type: 'mcp_approval_request', id: 'm1', server_label: 'docs', name: 'read', arguments: '{}' },
      { type: 'mcp_approval_request', id: 'm2', server_label: 'docs', name: 'delete', arguments: '{}' },
      { type: 'mcp_approval_request', id: 'm3', server_label: 'wiki', name: 'read', arguments: '{}' },
    ];
    const mcpInvalid = (tools: Parameters<typeof extractToolCalls>[1]) =>
      extractToolCalls(mcp as never, tools).map((c) => c.invalid?.code ?? 'ok');
    expect(mcpInvalid({ tools: [{ type: 'mcp', server_label: 'docs' }] })).toEqual([
      'ok',
      'ok',
      'unknown_tool',
    ]);
    expect(mcpInvalid({ tools: [{ type: 'mcp', server_label: 'docs', allowed_tools: ['read'] }] })).toEqual([
      'ok',
      'unknown_tool',
      'unknown_tool',
    ]);
    expect(
      mcpInvalid({
        tools: [
          { type: 'mcp', server_label: 'docs', allowed_tools: { tool_names: ['delete'] } },
          'wiki__read',
        ],
      }),
    ).toEqual(['unknown_tool', 'ok', 'ok']);
  });

  it('keeps a Chat call of a type it cannot read as a denied call, so it still gets its reply', () => {
    const message = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'x', type: 'computer', computer: {} }],
    };
    expect(extractToolCalls(message as never)).toEqual([
      {
        id: 'x',
        kind: 'function',
        api: 'chat',
        tool: 'computer',
        name: 'computer',
        args: {},
        raw: '',
        invalid: { code: 'unsupported_call', reason: 'Tool calls of type "computer" are not supported' },
      },
    ]);
  });

  it('throws a PortcullisError for something that is not a completion, response or item', () => {
    for (const source of [null, 42, { hello: 'world' }]) {
      let thrown: unknown;
      try {
        extractToolCalls(source as never);
      } catch (error) {
        thrown = error;
      }
      expect(PortcullisError.isInstance(thrown) && thrown.code).toBe('invalid_tool_call_source');
    }
  });
});
