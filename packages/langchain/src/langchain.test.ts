import type { StructuredToolInterface } from '@langchain/core/tools';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createEngine, parsePolicy, ToolCallDeniedError } from '@portcullis/core';
import { collectingSink } from '@portcullis/core/testing';
import {
  AIMessage,
  createAgent,
  createMiddleware,
  FakeToolCallingModel,
  HumanMessage,
  ToolMessage,
  tool,
} from 'langchain';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { z as z3 } from 'zod/v3';
import { guardTool, guardTools, isGuardedTool } from './guard-tool.ts';
import { portcullisMiddleware } from './middleware.ts';

const policy = parsePolicy(`
version: 1
guards:
  scope: { deny: [delete_account] }
  sensitiveData: { pii: [CREDIT_CARD], secrets: false, sensitiveFields: [], action: redact }
rules:
  - name: new-payee-limit
    tools: [transfer]
    when: { amount: { gt: 1000 }, to: { notIn: [savings] } }
    effect: deny
    reason: Transfers over $1,000 to a new payee are never automatic
  - name: large-transfer
    tools: [transfer]
    when: { amount: { gt: 1000 } }
    effect: ask
    reason: Transfers over $1,000 need approval
`);

function bank() {
  const executed: { amount: number; to: string; memo?: string | undefined }[] = [];
  const transfer = tool(
    async (args: { amount: number; to: string; memo?: string | undefined }) => {
      executed.push(args);
      return `sent $${args.amount} to ${args.to}`;
    },
    {
      name: 'transfer',
      description: 'Transfer money to a payee',
      schema: z.object({ amount: z.number(), to: z.string(), memo: z.string().optional() }),
    },
  );
  return { executed, transfer };
}

const call = (amount: number, to: string, id: string, memo?: string) => ({
  name: 'transfer',
  args: memo === undefined ? { amount, to } : { amount, to, memo },
  id,
});
const lastAi = (messages: unknown[]) => messages.filter((m): m is AIMessage => m instanceof AIMessage).at(-1);
const toolMessages = (messages: unknown[]) =>
  messages.filter((m): m is ToolMessage => m instanceof ToolMessage);

describe('portcullisMiddleware in a createAgent loop', () => {
  it('gives parallel calls their own verdicts: a denied call never runs and the model sees why [langchain.middleware.deny.tool-message]', async () => {
    const { executed, transfer } = bank();
    const audit = collectingSink();
    const engine = createEngine({ policy, audit });
    const model = new FakeToolCallingModel({
      toolCalls: [
        [
          call(2000, 'stranger', 'c1'),
          call(50, 'landlord', 'c2'),
          call(60, 'shop', 'c3', 'card 4111 1111 1111 1111'),
        ],
        [],
      ],
    });
    const agent = createAgent({ model, tools: [transfer], middleware: [portcullisMiddleware({ engine })] });
    const { messages } = await agent.invoke(
      { messages: [new HumanMessage('pay my bills')] },
      { context: { userId: 'u-42' } },
    );

    expect(executed).toEqual([
      { amount: 50, to: 'landlord' },
      { amount: 60, to: 'shop', memo: 'card [REDACTED:CREDIT_CARD]' },
    ]);
    const [denied, paid, redacted] = toolMessages(messages);
    expect(denied?.status).toBe('error');
    expect(denied?.content).toBe(
      'The tool call "transfer" was NOT executed: it was blocked by policy. Reason: Transfers over $1,000 to a new payee are never automatic. Do not retry the same call; change the request or ask the user.',
    );
    expect(paid?.content).toBe('sent $50 to landlord');
    expect(redacted?.content).toBe('sent $60 to shop');
    // The fake model's last turn echoes what it was sent: the denial reached it.
    expect(String(lastAi(messages)?.content)).toContain('NOT executed');
    expect(audit.records.map((r) => [r.callId, r.outcome, r.principal?.userId])).toEqual([
      ['c1', 'blocked', 'u-42'],
      ['c2', 'executed', 'u-42'],
      ['c3', 'executed', 'u-42'],
    ]);
  });

  /** An agent with a checkpointer whose model asks for one $5,000 transfer to savings. */
  const approvalAgent = () => {
    const { executed, transfer } = bank();
    const audit = collectingSink();
    const agent = createAgent({
      model: new FakeToolCallingModel({ toolCalls: [[call(5000, 'savings', 'c1')], []] }),
      tools: [transfer],
      middleware: [portcullisMiddleware({ engine: createEngine({ policy, audit }) })],
      checkpointer: new MemorySaver(),
    });
    return { agent, audit, executed };
  };

  it('pauses on ask with an interrupt and resumes on approval, auditing the call once [langchain.middleware.approval]', async () => {
    const { agent, audit, executed } = approvalAgent();
    const config = { configurable: { thread_id: 'thread-approve' }, context: { userId: 'u-42' } };
    const paused = await agent.invoke({ messages: [new HumanMessage('move 5000 to savings')] }, config);
    expect(executed).toEqual([]);
    const [pending] = (paused as { __interrupt__?: { value: unknown }[] }).__interrupt__ ?? [];
    expect(pending?.value).toMatchObject({
      type: 'portcullis_approval',
      tool: 'transfer',
      toolCallId: 'c1',
      args: { amount: 5000, to: 'savings' },
      reason: 'Transfers over $1,000 need approval',
    });

    const resumed = await agent.invoke(
      new Command({ resume: { approved: true, approver: 'alice' } }),
      config,
    );
    expect(executed).toEqual([{ amount: 5000, to: 'savings' }]);
    expect(toolMessages(resumed.messages).at(-1)?.content).toBe('sent $5000 to savings');
    expect(audit.records.map((r) => [r.callId, r.outcome, r.approver])).toEqual([
      ['c1', 'executed', 'alice'],
    ]);
  });

  it('answers a rejected approval with an error ToolMessage and runs nothing [langchain.middleware.approval]', async () => {
    const { agent, audit, executed } = approvalAgent();
    const config = { configurable: { thread_id: 'thread-reject' } };
    await agent.invoke({ messages: [new HumanMessage('move 5000 to savings')] }, config);
    const resumed = await agent.invoke(
      new Command({ resume: { approved: false, approver: 'bob', reason: 'not this month' } }),
      config,
    );
    expect(executed).toEqual([]);
    expect(toolMessages(resumed.messages).at(-1)?.content).toContain('NOT executed: a human rejected it');
    expect(audit.records.map((r) => [r.outcome, r.approver])).toEqual([['rejected', 'bob']]);
  });

  it('uses the engine approver when the run has no thread', async () => {
    const { executed, transfer } = bank();
    const engine = createEngine({
      policy,
      approvals: { name: 'test', request: async () => ({ status: 'approved', approver: 'ops' }) },
    });
    const model = new FakeToolCallingModel({ toolCalls: [[call(5000, 'savings', 'c1')], []] });
    const agent = createAgent({ model, tools: [transfer], middleware: [portcullisMiddleware({ engine })] });
    await agent.invoke({ messages: [new HumanMessage('move')] });
    expect(executed).toEqual([{ amount: 5000, to: 'savings' }]);
  });

  it('throws or halts the run on a denial when asked to', async () => {
    const { transfer } = bank();
    const engine = createEngine({ policy });
    const throwing = createAgent({
      model: new FakeToolCallingModel({ toolCalls: [[call(2000, 'stranger', 'c1')], []] }),
      tools: [transfer],
      middleware: [portcullisMiddleware({ engine, onDeny: 'throw' })],
    });
    // createAgent wraps errors thrown by middleware in its MiddlewareError, with ours as the cause.
    const failure = await throwing
      .invoke({ messages: [new HumanMessage('x')] })
      .catch((error: unknown) => error);
    expect(ToolCallDeniedError.isInstance((failure as { cause?: unknown }).cause)).toBe(true);
    expect((failure as Error).message).toBe(
      'The tool call "transfer" was NOT executed: it was blocked by policy. Reason: Transfers over $1,000 to a new payee are never automatic. Do not retry the same call; change the request or ask the user.',
    );

    const modelCalls = vi.fn();
    const counter = createMiddleware({ name: 'counter', beforeModel: () => void modelCalls() });
    const halting = createAgent({
      model: new FakeToolCallingModel({
        toolCalls: [[call(2000, 'stranger', 'c1')], [call(10, 'a', 'c2')], []],
      }),
      tools: [transfer],
      middleware: [portcullisMiddleware({ engine, onDeny: 'halt' }), counter],
    });
    const { messages } = await halting.invoke({ messages: [new HumanMessage('x')] });
    expect(modelCalls).toHaveBeenCalledTimes(1);
    expect(toolMessages(messages).map((m) => m.status)).toEqual(['error']);
  });

  it('hides tools the principal may never call [langchain.middleware.hides-forbidden-tools]', async () => {
    const { transfer } = bank();
    const deleteAccount = tool(async () => 'gone', {
      name: 'delete_account',
      description: 'Delete the account',
      schema: z.object({}),
    });
    const seen: string[][] = [];
    const spy = createMiddleware({
      name: 'spy',
      wrapModelCall: (request, handler) => {
        seen.push(request.tools.map((t) => (t as { name: string }).name));
        return handler(request);
      },
    });
    const agent = createAgent({
      model: new FakeToolCallingModel({ toolCalls: [[]] }),
      tools: [transfer, deleteAccount],
      middleware: [portcullisMiddleware({ engine: createEngine({ policy }), hideForbiddenTools: true }), spy],
    });
    await agent.invoke({ messages: [new HumanMessage('hi')] });
    expect(seen).toEqual([['transfer']]);
  });
});

describe('guardTool', () => {
  it('binds to a model exactly like the original, for zod v4, zod v3 and JSON Schema tools', () => {
    const engine = createEngine({ policy });
    const tools = [
      bank().transfer,
      tool(async () => 'ok', {
        name: 'v3',
        description: 'zod v3',
        schema: z3.object({ q: z3.string().describe('query') }) as never,
      }),
      tool(async () => 'ok', {
        name: 'json',
        description: 'JSON Schema',
        schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
        returnDirect: true,
        responseFormat: 'content',
        metadata: { owner: 'payments' },
      }),
    ] as unknown as StructuredToolInterface[];
    for (const original of tools) {
      const guarded = guardTool(original, { engine });
      expect(JSON.stringify(convertToOpenAITool(guarded))).toBe(
        JSON.stringify(convertToOpenAITool(original)),
      );
      const facts = (t: StructuredToolInterface) => {
        const { name, returnDirect, responseFormat, metadata } = t as StructuredToolInterface & {
          responseFormat?: unknown;
          metadata?: unknown;
        };
        return [name, returnDirect, responseFormat, metadata];
      };
      expect(facts(guarded)).toEqual(facts(original));
      expect(isGuardedTool(guarded)).toBe(true);
      expect(isGuardedTool(original)).toBe(false);
    }
  });

  it('answers a ToolCall with an error ToolMessage and plain arguments with ToolCallDeniedError [langchain.tool.deny]', async () => {
    const { executed, transfer } = bank();
    const guarded = guardTool(transfer, { engine: createEngine({ policy }) });
    const message = await guarded.invoke({
      type: 'tool_call',
      id: 't1',
      name: 'transfer',
      args: { amount: 2000, to: 'x' },
    });
    expect(message).toBeInstanceOf(ToolMessage);
    expect((message as ToolMessage).status).toBe('error');
    await expect(guarded.invoke({ amount: 2000, to: 'x' })).rejects.toBeInstanceOf(ToolCallDeniedError);
    expect(await guarded.invoke({ amount: 20, to: 'x', memo: 'card 4111 1111 1111 1111' })).toBe(
      'sent $20 to x',
    );
    expect(executed).toEqual([{ amount: 20, to: 'x', memo: 'card [REDACTED:CREDIT_CARD]' }]);
  });

  it('is judged once inside the middleware, and guardTools wraps lists and toolkits', async () => {
    const { executed, transfer } = bank();
    const audit = collectingSink();
    const engine = createEngine({ policy, audit });
    const [guarded] = guardTools({ getTools: () => [transfer] }, { engine, principal: { userId: 'u-1' } });
    const agent = createAgent({
      model: new FakeToolCallingModel({ toolCalls: [[call(50, 'landlord', 'c1')], []] }),
      tools: [guarded as typeof transfer],
      middleware: [portcullisMiddleware({ engine })],
    });
    await agent.invoke({ messages: [new HumanMessage('pay')] });
    expect(executed).toEqual([{ amount: 50, to: 'landlord' }]);
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]?.principal).toEqual({ userId: 'u-1' });
  });
});
