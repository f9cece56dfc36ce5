// The banking scenario through a real createAgent loop: $2,000 to a new payee is blocked, $5,000
// to savings pauses for approval and runs once approved, $50 runs. Offline with a scripted model;
// every expectation is asserted and the process exits non-zero if one fails.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createEngine, loadPolicy } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';
import { type PortcullisInterrupt, portcullisMiddleware } from '@portcullis/langchain';
import { createAgent, FakeToolCallingModel, HumanMessage, ToolMessage, tool } from 'langchain';
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

// The model the agent talks to: scripted, one transfer per turn.
const model = new FakeToolCallingModel({
  toolCalls: [
    [{ name: 'transfer_funds', args: { amount: 2000, to: 'acct-7731' }, id: 'call-2000' }],
    [{ name: 'transfer_funds', args: { amount: 5000, to: 'savings' }, id: 'call-5000' }],
    [{ name: 'transfer_funds', args: { amount: 50, to: 'landlord' }, id: 'call-50' }],
    [],
  ],
});

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
  { messages: [new HumanMessage('Pay acct-7731 $2,000, move $5,000 to savings, and pay the landlord $50.')] },
  config,
);
const interrupts = (state as { __interrupt__?: { value: PortcullisInterrupt }[] }).__interrupt__ ?? [];
assert.equal(interrupts.length, 1, 'the $5,000 transfer must wait for approval');
const [pending] = interrupts;
say(
  `⏸  approval needed: ${pending?.value.tool} ${JSON.stringify(pending?.value.args)} — ${pending?.value.reason}`,
);
assert.deepEqual(sent, [], 'nothing may run before the approval');

say('✔  a human approves it');
state = await agent.invoke(new Command({ resume: { approved: true, approver: 'alice' } }), config);

for (const message of state.messages) {
  if (message instanceof ToolMessage) say(`${message.status === 'error' ? '✘' : '✔'}  ${message.content}`);
}
assert.deepEqual(sent, [
  { amount: 5000, to: 'savings' },
  { amount: 50, to: 'landlord' },
]);
const outcomes = audit.records.map((r) => [r.callId, r.outcome]);
assert.deepEqual(outcomes, [
  ['call-2000', 'blocked'],
  ['call-5000', 'executed'],
  ['call-50', 'executed'],
]);
say(`Audit: ${outcomes.map(([id, outcome]) => `${id} ${outcome}`).join(', ')}`);
