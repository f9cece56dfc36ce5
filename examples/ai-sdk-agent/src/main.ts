// The banking scenario through a real AI SDK 7 generateText loop: $2,000 to a new payee is
// blocked (the model is told why and carries on), $5,000 to savings stops the run for a human
// approval and runs once approved, $50 runs. Offline with a scripted model by default, a real
// OpenAI model when OPENAI_API_KEY is set; every expectation is asserted and the process exits
// non-zero if one fails.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createOpenAI } from '@ai-sdk/openai';
import type { LanguageModelV4, LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import { createGuard } from '@portcullis/ai-sdk';
import { createEngine, loadPolicy } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';
import { generateText, type ModelMessage, stepCountIs, tool, wrapLanguageModel } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';

const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) console.log(line);
};

const sent: { amount: number; to: string }[] = [];
const transfer_funds = tool({
  description: 'Transfer money from checking to a payee',
  inputSchema: z.object({ amount: z.number().describe('US dollars'), to: z.string().describe('payee') }),
  execute: async ({ amount, to }) => {
    sent.push({ amount, to });
    say(`✔  sent $${amount} to ${to}`);
    return `sent $${amount} to ${to}`;
  },
});

const audit = collectingSink();
const engine = createEngine({
  policy: await loadPolicy(fileURLToPath(new URL('../policy.yaml', import.meta.url))),
  audit,
});
const guard = createGuard({ engine });

// The model: a real OpenAI one when OPENAI_API_KEY is set (OPENAI_MODEL picks it, OPENAI_BASE_URL
// redirects it), otherwise a scripted one that asks for one transfer per turn.
const live = Boolean(process.env['OPENAI_API_KEY']);
const modelId = process.env['OPENAI_MODEL'] ?? 'gpt-4.1-mini';
const turn = (amount: number, to: string): LanguageModelV4GenerateResult => ({
  content: [
    {
      type: 'tool-call',
      toolCallId: `call-${amount}`,
      toolName: 'transfer_funds',
      input: JSON.stringify({ amount, to }),
    },
  ],
  finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
  usage: {
    inputTokens: { total: 0, noCache: 0, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: 0, text: 0, reasoning: undefined },
  },
  warnings: [],
});
const model: LanguageModelV4 = live
  ? createOpenAI({
      ...(process.env['OPENAI_BASE_URL'] ? { baseURL: process.env['OPENAI_BASE_URL'] } : {}),
    }).chat(modelId)
  : new MockLanguageModelV4({
      doGenerate: [
        turn(2000, 'acct-7731'),
        turn(5000, 'savings'),
        turn(50, 'landlord'),
        {
          ...turn(0, ''),
          content: [{ type: 'text', text: 'All done.' }],
          finishReason: { unified: 'stop', raw: 'stop' },
        },
      ],
    });
say(live ? `model: OpenAI ${modelId}` : 'model: scripted (offline)');

const instructions =
  'You are a banking assistant. Use transfer_funds once per requested transfer, with the amount in dollars as a number.';
let messages: ModelMessage[] = [
  { role: 'user', content: 'Pay acct-7731 $2,000, move $5,000 to savings, and pay the landlord $50.' },
];

// Run until no approval is pending; a real model may order or batch the transfers as it likes,
// so everything below is keyed by amount.
const approved: number[] = [];
for (let round = 0; round < 5; round++) {
  const result = await generateText({
    model: wrapLanguageModel({ model, middleware: guard.middleware }),
    tools: guard.tools({ transfer_funds }),
    toolApproval: guard.toolApproval,
    stopWhen: stepCountIs(8),
    instructions,
    runtimeContext: { userId: 'u-42', agentId: 'banking-agent' },
    messages,
  });
  messages = [...messages, ...result.response.messages];
  for (const part of result.content) {
    if (part.type === 'tool-approval-response' && !part.approved) say(`✘  ${part.reason}`);
  }
  const pending = result.content.filter((p) => p.type === 'tool-approval-request' && !p.isAutomatic);
  if (pending.length === 0) break;
  const answers = pending.map((request) => {
    assert.ok(request.type === 'tool-approval-request');
    const { amount } = request.toolCall.input as { amount: number };
    assert.equal(amount, 5000, 'only the $5,000 transfer waits for approval');
    assert.ok(
      sent.every((t) => t.amount !== 5000),
      'the $5,000 transfer may not run before the approval',
    );
    say(
      `⏸  approval needed: ${request.toolCall.toolName} ${JSON.stringify(request.toolCall.input)} — ${request.reason}`,
    );
    say('✔  a human approves it');
    approved.push(amount);
    return { type: 'tool-approval-response' as const, approvalId: request.approvalId, approved: true };
  });
  messages.push({ role: 'tool', content: answers });
}
assert.deepEqual(approved, [5000], 'the $5,000 transfer asks for approval exactly once');

const byAmount = (a: { amount: number }, b: { amount: number }) => a.amount - b.amount;
assert.deepEqual(sent.toSorted(byAmount), [
  { amount: 50, to: 'landlord' },
  { amount: 5000, to: 'savings' },
]);

// One audit record per call (not one per hook call), keyed here by amount.
const outcomes = audit.records
  .map((r) => [r.args?.['amount'], r.outcome, r.approver] as const)
  .toSorted(([a], [b]) => Number(a) - Number(b));
assert.deepEqual(outcomes, [
  [50, 'executed', undefined],
  [2000, 'blocked', undefined],
  [5000, 'executed', 'u-42'],
]);
say(`Audit: ${audit.records.map((r) => `${r.tool} $${r.args?.['amount']} ${r.outcome}`).join(', ')}`);
