// The banking scenario through a real createAgent loop: $2,000 to a new payee is blocked, $5,000
// to savings pauses for approval and runs once approved, $50 runs. Offline with a scripted model by
// default, a real OpenAI model when OPENAI_API_KEY is set; every expectation is asserted and the
// process exits non-zero if one fails.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Command, MemorySaver } from '@langchain/langgraph';
import { ChatOpenAI } from '@langchain/openai';
import { createEngine, loadPolicy } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';
import { type PortcullisInterrupt, portcullisMiddleware } from '@portcullis/langchain';
import { createAgent, FakeToolCallingModel, HumanMessage, SystemMessage, ToolMessage, tool } from 'langchain';
import { z } from 'zod';

const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) console.log(line);
};

const sent: { amount: number; to: string }[] = [];
const transferFunds = tool(
  async ({ amount, to }) => {
    sent.push({ amount, to });
    return `sent $${amount} to ${to}`;
  },
  {
    name: 'transfer_funds',
    description: 'Transfer money from checking to a payee',
    schema: z.object({ amount: z.number().describe('US dollars'), to: z.string().describe('payee') }),
  },
);

const audit = collectingSink();
const engine = createEngine({
  policy: await loadPolicy(fileURLToPath(new URL('../policy.yaml', import.meta.url))),
  audit,
});

// The model the agent talks to: a real OpenAI model when OPENAI_API_KEY is set (OPENAI_MODEL picks
// it, OPENAI_BASE_URL redirects it), otherwise a scripted one that asks for one transfer per turn.
const live = Boolean(process.env['OPENAI_API_KEY']);
const model = live
  ? new ChatOpenAI({ model: process.env['OPENAI_MODEL'] ?? 'gpt-4.1-mini', temperature: 0 })
  : new FakeToolCallingModel({
      toolCalls: [
        [{ name: 'transfer_funds', args: { amount: 2000, to: 'acct-7731' }, id: 'call-2000' }],
        [{ name: 'transfer_funds', args: { amount: 5000, to: 'savings' }, id: 'call-5000' }],
        [{ name: 'transfer_funds', args: { amount: 50, to: 'landlord' }, id: 'call-50' }],
        [],
      ],
    });
say(live ? `model: OpenAI ${model instanceof ChatOpenAI ? model.model : ''}` : 'model: scripted (offline)');

const agent = createAgent({
  model,
  tools: [transferFunds],
  middleware: [portcullisMiddleware({ engine })],
  checkpointer: new MemorySaver(),
});
const config = {
  configurable: { thread_id: 'banking-demo' },
  context: { userId: 'u-42', agentId: 'banking-agent' },
};

let state = await agent.invoke(
  {
    messages: [
      new SystemMessage(
        'You are a banking assistant. Use transfer_funds once per requested transfer, with the amount in dollars as a number.',
      ),
      new HumanMessage('Pay acct-7731 $2,000, move $5,000 to savings, and pay the landlord $50.'),
    ],
  },
  config,
);

// A real model may order or batch the transfers as it likes, so everything below is keyed by amount.
const approvals: number[] = [];
for (let round = 0; round < 5; round++) {
  const interrupts = (state as { __interrupt__?: { value: PortcullisInterrupt }[] }).__interrupt__ ?? [];
  if (interrupts.length === 0) break;
  assert.equal(interrupts.length, 1, 'only the $5,000 transfer waits for approval');
  const request = interrupts[0]?.value;
  assert.equal(request?.args['amount'], 5000, 'only the $5,000 transfer waits for approval');
  assert.ok(
    sent.every((t) => t.amount !== 5000),
    'the $5,000 transfer may not run before the approval',
  );
  say(`⏸  approval needed: ${request.tool} ${JSON.stringify(request.args)} — ${request.reason}`);
  say('✔  a human approves it');
  approvals.push(request.args['amount'] as number);
  state = await agent.invoke(new Command({ resume: { approved: true, approver: 'alice' } }), config);
}
assert.deepEqual(approvals, [5000], 'the $5,000 transfer asks for approval exactly once');

for (const message of state.messages) {
  if (message instanceof ToolMessage) say(`${message.status === 'error' ? '✘' : '✔'}  ${message.content}`);
}
const byAmount = (a: { amount: number }, b: { amount: number }) => a.amount - b.amount;
assert.deepEqual(sent.toSorted(byAmount), [
  { amount: 50, to: 'landlord' },
  { amount: 5000, to: 'savings' },
]);

// The audit holds one record per call (not per replay of the interrupted step), keyed here by amount.
const outcomes = audit.records
  .map((r) => [r.args?.['amount'], r.outcome] as const)
  .toSorted(([a], [b]) => Number(a) - Number(b));
assert.deepEqual(outcomes, [
  [50, 'executed'],
  [2000, 'blocked'],
  [5000, 'executed'],
]);
say(`Audit: ${audit.records.map((r) => `${r.tool} $${r.args?.['amount']} ${r.outcome}`).join(', ')}`);
