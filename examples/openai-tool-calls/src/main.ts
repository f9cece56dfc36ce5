// The banking scenario in an app-owned OpenAI tool loop, once with Chat Completions and once with
// the Responses API: $2,000 to a new payee is blocked, $5,000 to savings waits for a human and
// runs once approved, $50 runs. Offline against a local scripted API by default, the real API when
// OPENAI_API_KEY is set (OPENAI_MODEL picks the model). Every expectation is asserted and the
// process exits non-zero if one fails.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { type AuditRecord, callbackApprover, createEngine, loadPolicy } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';
import {
  evaluateToolCalls,
  rewriteAssistantMessage,
  rewriteOutputItems,
  runToolCalls,
  toResponsesInputItems,
  toToolMessages,
} from '@portcullis/openai';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { FunctionTool, ResponseInputItem } from 'openai/resources/responses/responses';
import { startScriptedOpenAI } from './scripted-openai.ts';

const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) console.log(line);
};

const live = Boolean(process.env['OPENAI_API_KEY']);
const scripted = live ? undefined : await startScriptedOpenAI();
const openai = scripted ? new OpenAI({ baseURL: scripted.baseURL, apiKey: 'offline' }) : new OpenAI();
const model = live ? (process.env['OPENAI_MODEL'] ?? 'gpt-4.1-mini') : 'scripted';
say(live ? `model: OpenAI ${model}` : 'model: scripted (offline, local server)');

const policy = await loadPolicy(fileURLToPath(new URL('../policy.yaml', import.meta.url)));
const instructions =
  'You are a banking assistant. Call transfer_funds once per requested transfer, all in one turn, with the amount in dollars as a number and the payee id exactly as the user wrote it.';
const request = 'Pay acct-7731 $2,000, move $5,000 to savings, and pay the landlord $50.';
const parameters = {
  type: 'object',
  properties: {
    amount: { type: 'number', description: 'US dollars' },
    to: { type: 'string', description: 'payee id, e.g. acct-7731, savings, landlord' },
  },
  required: ['amount', 'to'],
  additionalProperties: false,
};
const description = 'Transfer money from checking to a payee';
const chatTools: ChatCompletionTool[] = [
  { type: 'function', function: { name: 'transfer_funds', description, parameters, strict: true } },
];
const responsesTools: FunctionTool[] = [
  { type: 'function', name: 'transfer_funds', description, parameters, strict: true },
];

/** A fresh bank, engine and approver for one run of the scenario. */
function scenario() {
  const audit = collectingSink();
  const engine = createEngine({ policy, audit });
  const asked: number[] = [];
  const approvals = callbackApprover((pending) => {
    asked.push(Number(pending.args['amount']));
    say(
      `   ⏸  approval needed: ${pending.tool} ${JSON.stringify(pending.args)} — ${pending.reasons.join('; ')}`,
    );
    say('   ✔  a human approves it');
    return { approved: true, approver: 'alice' };
  });
  const sent: { amount: number; to: string }[] = [];
  const handlers = {
    transfer_funds: ({ amount, to }: Record<string, unknown>) => {
      sent.push({ amount: Number(amount), to: String(to) });
      return `sent $${amount} to ${to}`;
    },
  };
  return { engine, audit, asked, approvals, sent, handlers };
}

/** The assertions both loops share. A real model may order, batch or retry as it likes: all is keyed by amount. */
function check(api: string, run: ReturnType<typeof scenario>) {
  const byAmount = (a: { amount: number }, b: { amount: number }) => a.amount - b.amount;
  assert.deepEqual(run.sent.toSorted(byAmount), [
    { amount: 50, to: 'landlord' },
    { amount: 5000, to: 'savings' },
  ]);
  assert.deepEqual(run.asked, [5000], `${api}: only the $5,000 transfer asks for approval, once`);
  const records = run.audit.records as AuditRecord[];
  const of = (amount: number) => records.filter((r) => r.args?.['amount'] === amount).map((r) => r.outcome);
  assert.deepEqual(of(50), ['executed']);
  assert.deepEqual(of(5000), ['executed']);
  assert.ok(
    of(2000).length > 0 && of(2000).every((outcome) => outcome === 'blocked'),
    `${api}: $2,000 is blocked`,
  );
  assert.equal(records.find((r) => r.args?.['amount'] === 5000)?.approver, 'alice');
  say(`   audit: ${records.map((r) => `$${r.args?.['amount']} ${r.outcome}`).join(', ')}`);
}

/** Reports each reply the model receives. */
function show(replies: { content: string }[]) {
  for (const { content } of replies) say(`   ${content.includes('NOT executed') ? '✘' : '✔'}  ${content}`);
}

say('Chat Completions:');
{
  const run = scenario();
  const messages: ChatCompletionMessageParam[] = [
    { role: 'system', content: instructions },
    { role: 'user', content: request },
  ];
  for (let turn = 0; turn < 6; turn++) {
    const completion = await openai.chat.completions.create({
      model,
      messages,
      tools: chatTools,
    });
    const message = completion.choices[0]?.message;
    assert.ok(message, 'the model answers');
    if (!message.tool_calls?.length) {
      say(`   model: ${message.content}`);
      break;
    }
    const results = await evaluateToolCalls(completion, {
      engine: run.engine,
      tools: chatTools,
      principal: { userId: 'u-42' },
    });
    const outputs = await runToolCalls(results, { handlers: run.handlers, approvals: run.approvals });
    const replies = toToolMessages(results, outputs);
    show(outputs);
    messages.push(rewriteAssistantMessage(message, results), ...replies);
  }
  check('Chat Completions', run);
}

say('Responses:');
{
  const run = scenario();
  const input: ResponseInputItem[] = [{ role: 'user', content: request }];
  for (let turn = 0; turn < 6; turn++) {
    const response = await openai.responses.create({
      model,
      instructions,
      input,
      tools: responsesTools,
    });
    const results = await evaluateToolCalls(response, {
      engine: run.engine,
      tools: responsesTools,
      principal: { userId: 'u-42' },
    });
    if (results.length === 0) {
      say(`   model: ${response.output_text}`);
      break;
    }
    const outputs = await runToolCalls(results, { handlers: run.handlers, approvals: run.approvals });
    show(outputs);
    // Output items are valid input; the SDK's types only differ on statuses that input never carries.
    input.push(
      ...(rewriteOutputItems(response.output, results) as ResponseInputItem[]),
      ...toResponsesInputItems(results, outputs),
    );
  }
  check('Responses', run);
}

await scripted?.close();
say('All assertions passed.');
