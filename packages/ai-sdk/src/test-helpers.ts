import type { LanguageModelV4GenerateResult, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createEngine, type EngineOptions, parsePolicy } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';
import { tool } from 'ai';
import { convertArrayToReadableStream } from 'ai/test';
import { z } from 'zod';

export const policy = parsePolicy(`
version: 1
audit: { includeArgs: true }
guards:
  scope: { deny: [drop_table] }
  sensitiveData: { pii: [CREDIT_CARD], secrets: false, sensitiveFields: [], action: redact }
rules:
  - name: new-payee-limit
    tools: [transfer_funds]
    when: { amount: { gt: 1000 }, to: { notIn: [savings, landlord] } }
    effect: deny
    reason: Transfers over $1,000 to a payee not on file are never automatic
  - name: large-transfer-approval
    tools: [transfer_funds]
    when: { amount: { gt: 1000 } }
    effect: ask
    reason: Transfers over $1,000 need a human approval
`);

/** An engine on the test policy with an audit the test can read. */
export function testEngine(options: Partial<EngineOptions> = {}) {
  const audit = collectingSink();
  const engine = createEngine({ policy, audit, ...options });
  return { engine, audit };
}

/** A bank whose tools record what actually ran. */
export function bank() {
  const ran: { tool: string; args: Record<string, unknown> }[] = [];
  const tools = {
    get_balance: tool({
      description: 'The checking balance',
      inputSchema: z.object({}),
      execute: async () => {
        ran.push({ tool: 'get_balance', args: {} });
        return { balance: 9_950 };
      },
    }),
    transfer_funds: tool({
      description: 'Transfer money to a payee',
      inputSchema: z.object({ amount: z.number(), to: z.string(), memo: z.string().optional() }),
      execute: async (args) => {
        ran.push({ tool: 'transfer_funds', args });
        return `sent $${args.amount} to ${args.to}`;
      },
    }),
    drop_table: tool({
      description: 'Drop a table',
      inputSchema: z.object({ table: z.string() }),
      execute: async (args) => {
        ran.push({ tool: 'drop_table', args });
        return 'dropped';
      },
    }),
  };
  return { ran, tools };
}

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

export type ScriptedCall = { id: string; tool: string; args: unknown; providerExecuted?: boolean };

/** A model turn that calls tools (in parallel when several). */
export function callsTurn(...calls: ScriptedCall[]): LanguageModelV4GenerateResult {
  return {
    content: calls.map((c) => ({
      type: 'tool-call' as const,
      toolCallId: c.id,
      toolName: c.tool,
      input: JSON.stringify(c.args),
      ...(c.providerExecuted ? { providerExecuted: true } : {}),
    })),
    finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    usage,
    warnings: [],
  };
}

/** A model turn that answers in text. */
export function textTurn(text: string): LanguageModelV4GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage,
    warnings: [],
  };
}

/** The same turn as a stream of parts. */
export function asStream(turn: LanguageModelV4GenerateResult) {
  const parts: LanguageModelV4StreamPart[] = [{ type: 'stream-start', warnings: [] }];
  for (const part of turn.content) {
    if (part.type === 'text') {
      parts.push(
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: part.text },
        { type: 'text-end', id: 't' },
      );
    } else if (part.type === 'tool-call') parts.push(part);
  }
  parts.push({ type: 'finish', finishReason: turn.finishReason, usage: turn.usage });
  return { stream: convertArrayToReadableStream(parts) };
}

/** The four calls of one step the tests judge: allow, deny, modify (redact) and ask. */
export const fourCalls: ScriptedCall[] = [
  { id: 'c-balance', tool: 'get_balance', args: {} },
  { id: 'c-2000', tool: 'transfer_funds', args: { amount: 2000, to: 'acct-7731' } },
  {
    id: 'c-memo',
    tool: 'transfer_funds',
    args: { amount: 60, to: 'landlord', memo: 'card 4111 1111 1111 1111' },
  },
  { id: 'c-5000', tool: 'transfer_funds', args: { amount: 5000, to: 'savings' } },
];
