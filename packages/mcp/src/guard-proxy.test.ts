import { CallToolResultSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { GuardProxyConfigInput } from './config/config-schema.ts';
import type { GuardProxy } from './guard-proxy.ts';
import { type FixtureLog, fixtureServer, inMemoryServer, startProxy } from './testing/fixture-server.ts';

const open: GuardProxy[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((proxy) => proxy.close()));
});

function config(
  policy: Record<string, unknown>,
  extra: Partial<GuardProxyConfigInput> = {},
): GuardProxyConfigInput {
  return {
    policy: { version: 1, ...policy } as GuardProxyConfigInput['policy'],
    state: { type: 'memory' },
    pinning: { enabled: false },
    ...extra,
  };
}

async function proxyWith(policy: Record<string, unknown>, options: Parameters<typeof startProxy>[0] = {}) {
  const log: FixtureLog = { calls: [], aborted: [] };
  const started = await startProxy({
    servers: { fx: inMemoryServer(() => fixtureServer({ log })) },
    config: config(policy),
    ...options,
  });
  open.push(started.proxy);
  return { ...started, log };
}

const text = (result: unknown) =>
  ((result as { content: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

describe('createGuardProxy: listing', () => {
  it('lists the downstream tools namespaced, with their schemas and annotations unchanged', async () => {
    const { client } = await proxyWith({});
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'fx__echo',
      'fx__get-env',
      'fx__progress',
      'fx__slow',
      'fx__write_file',
    ]);
    const echo = tools.find((t) => t.name === 'fx__echo');
    expect(echo?.description).toBe('Echoes back the input string');
    expect(echo?.annotations).toEqual({ readOnlyHint: true, openWorldHint: false });
    expect(echo?.inputSchema).toMatchObject({
      type: 'object',
      properties: { message: { type: 'string', description: 'Message to echo' } },
      required: ['message'],
    });
  });

  it('does not list a tool the policy never lets the principal call (scope deny, or a hint it denies) [mcp.list.hides-never-allowed]', async () => {
    const { client } = await proxyWith({
      guards: { scope: { deny: ['fx__get-env'] }, hints: { destructive: 'deny' } },
    });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['fx__echo', 'fx__progress', 'fx__slow']);
  });

  it('lists tools un-namespaced when namespace is off for a single server', async () => {
    const { client } = await proxyWith({}, { config: config({}, { namespace: false }) });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'get-env', 'progress', 'slow', 'write_file']);
  });
});

describe('createGuardProxy: calls', () => {
  it('forwards an allowed call and returns the downstream result unchanged [mcp.call.allow.forwarded]', async () => {
    const { client, log } = await proxyWith({});
    const result = await client.callTool({ name: 'fx__echo', arguments: { message: 'hi' } });
    expect(result).toEqual({ content: [{ type: 'text', text: 'Echo: hi' }] });
    expect(log.calls).toEqual([{ tool: 'echo', args: { message: 'hi' } }]);
  });

  it('answers a denied call with an isError result carrying the reason, and never forwards it [mcp.call.deny.isError]', async () => {
    const { client, log } = await proxyWith({
      rules: [
        {
          name: 'no-secrets',
          tools: ['fx__echo'],
          when: { message: { contains: 'secret' } },
          effect: 'deny',
          reason: 'No secrets in echoes',
        },
      ],
    });
    const result = await client.callTool({ name: 'fx__echo', arguments: { message: 'a secret' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'The tool call "fx__echo" was NOT executed: it was blocked by policy. Reason: No secrets in echoes. Do not retry the same call; change the request or ask the user.',
    );
    expect(log.calls).toEqual([]);
  });

  it('refuses a hidden tool called anyway, with the policy reason', async () => {
    const { client, log } = await proxyWith({ guards: { scope: { deny: ['fx__get-env'] } } });
    const result = await client.callTool({ name: 'fx__get-env', arguments: {} });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('Reason: Tool "fx__get-env" is denied by scope');
    expect(log.calls).toEqual([]);
  });

  it('answers an unknown tool with JSON-RPC invalid params (-32602)', async () => {
    const { client } = await proxyWith({});
    const error = await client.callTool({ name: 'fx__nope', arguments: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toContain('Unknown tool: fx__nope');
  });

  it('does not reach the prototype for a tool called constructor', async () => {
    const { client } = await proxyWith({});
    const error = await client.callTool({ name: 'constructor', arguments: {} }).catch((e: unknown) => e);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
  });

  it('forwards the rewritten arguments of a modify verdict', async () => {
    const token = `ghp_${'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d'}`;
    const { client, log } = await proxyWith({
      guards: { sensitiveData: { secrets: true, action: 'redact' } },
    });
    const result = await client.callTool({ name: 'fx__echo', arguments: { message: `token ${token}` } });
    expect(text(result)).not.toContain(token);
    expect(log.calls).toHaveLength(1);
    expect(String(log.calls[0]?.args['message'])).toMatch(/^token \[REDACTED:[A-Z_]+\]$/);
  });

  it('passes hints from annotations to the policy', async () => {
    const { client, log } = await proxyWith({ guards: { hints: { destructive: 'deny' } } });
    const result = await client.callTool({ name: 'fx__write_file', arguments: { path: 'a', content: 'b' } });
    expect(text(result)).toContain('Reason: Tool "fx__write_file" is annotated destructive');
    expect(log.calls).toEqual([]);
  });
});

describe('createGuardProxy: approvals', () => {
  const askEcho = { guards: { scope: { ask: ['fx__echo'] } } };

  it('asks the client through elicitation and runs the call when it accepts [mcp.approval]', async () => {
    const messages: string[] = [];
    const { client, log } = await proxyWith(askEcho, {
      elicit: (message) => {
        messages.push(message);
        return { action: 'accept', content: { approve: true } };
      },
    });
    const result = await client.callTool({ name: 'fx__echo', arguments: { message: 'hi' } });
    expect(text(result)).toBe('Echo: hi');
    expect(log.calls).toHaveLength(1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('Portcullis: the tool call "fx__echo" needs your approval.');
    expect(messages[0]).toContain('"message": "hi"');
  });

  it('refuses the call when the client declines the elicitation [mcp.approval]', async () => {
    const { client, log } = await proxyWith(askEcho, { elicit: () => ({ action: 'decline' }) });
    const result = await client.callTool({ name: 'fx__echo', arguments: { message: 'hi' } });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain(
      'a human rejected it. Reason: Rejected by test-client (elicitation): declined',
    );
    expect(log.calls).toEqual([]);
  });

  it('queues the approval for a client without elicitation; the identical call runs once approved [mcp.approval]', async () => {
    const { client, proxy, log } = await proxyWith(askEcho);
    const first = await client.callTool({ name: 'fx__echo', arguments: { message: 'hi' } });
    expect(first.isError).toBe(true);
    const pending = await proxy.queue?.list({ status: 'pending' });
    expect(pending).toHaveLength(1);
    const id = pending?.[0]?.id as string;
    expect(text(first)).toContain(`Approval ${id} is pending`);
    await proxy.queue?.approve(id, { approver: 'alice' });
    const second = await client.callTool({ name: 'fx__echo', arguments: { message: 'hi' } });
    expect(text(second)).toBe('Echo: hi');
    expect(log.calls).toEqual([{ tool: 'echo', args: { message: 'hi' } }]);
  });

  it('denies asks outright when the fallback is deny and the client cannot elicit', async () => {
    const { client, log } = await proxyWith(askEcho, {
      config: config(askEcho, { approvals: { fallback: 'deny' } }),
    });
    const result = await client.callTool({ name: 'fx__echo', arguments: { message: 'hi' } });
    expect(text(result)).toContain('No approver: the client does not support elicitation');
    expect(log.calls).toEqual([]);
  });
});

describe('createGuardProxy: progress and cancellation', () => {
  it('relays progress notifications to the client [mcp.progress.relayed]', async () => {
    const { client } = await proxyWith({});
    const seen: { progress: number; total?: number }[] = [];
    const result = await client.callTool(
      { name: 'fx__progress', arguments: { steps: 3 } },
      CallToolResultSchema,
      {
        onprogress: (p) =>
          seen.push({ progress: p.progress, ...(p.total === undefined ? {} : { total: p.total }) }),
      },
    );
    expect(text(result)).toBe('done in 3 steps');
    expect(seen).toEqual([
      { progress: 1, total: 3 },
      { progress: 2, total: 3 },
      { progress: 3, total: 3 },
    ]);
  });

  it('relays a cancellation to the downstream server', async () => {
    const { client, log } = await proxyWith({});
    const controller = new AbortController();
    const call = client.callTool({ name: 'fx__slow', arguments: { id: 'c1' } }, CallToolResultSchema, {
      signal: controller.signal,
    });
    await expect.poll(() => log.calls.length).toBe(1);
    controller.abort();
    await expect(call).rejects.toThrow();
    await expect.poll(() => log.aborted).toEqual(['c1']);
  });
});

describe('createGuardProxy: resources and prompts', () => {
  it('passes resources and prompts through, prompt names namespaced', async () => {
    const { client } = await proxyWith({});
    const { resources } = await client.listResources();
    expect(resources.map((r) => [r.uri, r.name])).toEqual([['fixture://readme', 'fx__readme']]);
    const read = await client.readResource({ uri: 'fixture://readme' });
    expect(read.contents).toEqual([{ uri: 'fixture://readme', text: 'fixture readme' }]);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['fx__greet']);
    const prompt = await client.getPrompt({ name: 'fx__greet', arguments: { who: 'Ada' } });
    expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Hello Ada' } }]);
  });
});
