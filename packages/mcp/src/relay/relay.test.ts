import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CreateMessageResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayConfig } from '../config/config-schema.ts';
import { createGuardProxy, type GuardProxy } from '../guard-proxy.ts';
import type { HttpListener } from '../serve/http-listener.ts';
import { inMemoryServer } from '../testing/fixture-server.ts';
import {
  type RelayClientHandlers,
  type RelayFixtureLog,
  relayClient,
  relayFixture,
} from '../testing/relay-fixture.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  // Clients first, so the proxy does not wait on their sessions.
  for (const item of open.splice(0).reverse()) await item.close();
});

const token = 'relay-test-token-0123456789';
const hi: CreateMessageResult = {
  role: 'assistant',
  content: { type: 'text', text: 'hi there' },
  model: 'stub',
};

async function setUp(
  relay: Partial<RelayConfig> | undefined,
  options: { hold?: Promise<void>; timeoutMs?: number } = {},
) {
  const log: RelayFixtureLog = { capabilities: [], rootsChanges: [], held: 0 };
  const logs: string[] = [];
  const proxy: GuardProxy = await createGuardProxy({
    config: { policy: { version: 1 }, state: { type: 'memory' }, pinning: { enabled: false } },
    servers: {
      fx: {
        ...inMemoryServer(() => relayFixture({ log, ...options })),
        ...(relay === undefined ? {} : { relay }),
      },
    },
    log: (message) => logs.push(message),
  });
  open.push(proxy);
  const connect = async (handlers: RelayClientHandlers) => {
    const client = await relayClient(handlers, (t) => proxy.connect(t));
    open.push(client);
    return client;
  };
  let listening: Promise<HttpListener> | undefined;
  const connectHttp = async (handlers: RelayClientHandlers) => {
    listening ??= proxy.listen({ port: 0, token });
    const listener = await listening;
    const transport = new StreamableHTTPClientTransport(new URL(listener.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    });
    const client = await relayClient(handlers, transport);
    open.push(client);
    return client;
  };
  return { proxy, log, logs, connect, connectHttp };
}

const ask = async (client: Client, what: 'sampling' | 'elicitation' | 'roots') => {
  const result = await client.callTool({ name: 'fx__ask', arguments: { what } });
  const text = (result.content as { text: string }[])[0]?.text ?? '';
  return { isError: result.isError === true, text };
};
// What the client answered, as the tool got it back.
const answer = async (client: Client, what: 'sampling' | 'elicitation' | 'roots') => {
  const { isError, text } = await ask(client, what);
  return isError ? text : JSON.parse(text);
};

describe('relay: opt-in per server', () => {
  it('declares to the server only the capabilities its config relays', async () => {
    const on = await setUp({ sampling: true, roots: true });
    await ask(await on.connect({}), 'sampling');
    expect(on.log.capabilities).toEqual([{ sampling: {}, roots: { listChanged: true } }]);
    const off = await setUp(undefined);
    await ask(await off.connect({}), 'sampling');
    expect(off.log.capabilities).toEqual([{}]);
  });

  it('relays a sampling request to the client and returns its answer to the tool [mcp.relay.opt-in]', async () => {
    const { connect, logs } = await setUp({ sampling: true });
    const seen: number[] = [];
    const client = await connect({
      sampling: async (request) => {
        seen.push(request.params.maxTokens);
        return hi;
      },
    });
    expect(await answer(client, 'sampling')).toEqual(hi);
    expect(seen).toEqual([10]);
    expect(logs).toContain(
      '[fx] sampling/createMessage: relayed to the client (the session with a tools/call in flight)',
    );
  });

  it('relays elicitation and roots requests when the config allows them [mcp.relay.opt-in]', async () => {
    const { connect } = await setUp({ elicitation: true, roots: true });
    const client = await connect({
      elicitation: () => ({ action: 'accept', content: { name: 'Ada' } }),
      roots: () => ({ roots: [{ uri: 'file:///work', name: 'work' }] }),
    });
    expect(await answer(client, 'elicitation')).toEqual({ action: 'accept', content: { name: 'Ada' } });
    expect(await answer(client, 'roots')).toEqual({ roots: [{ uri: 'file:///work', name: 'work' }] });
  });

  it('refuses every request the config does not relay, naming the config key, without asking the client [mcp.relay.opt-in]', async () => {
    const { connect, logs } = await setUp({ roots: false });
    let asked = 0;
    const client = await connect({
      sampling: async () => {
        asked += 1;
        return hi;
      },
      elicitation: () => {
        asked += 1;
        return { action: 'decline' };
      },
      roots: () => {
        asked += 1;
        return { roots: [] };
      },
    });
    for (const [what, method] of [
      ['sampling', 'sampling/createMessage'],
      ['elicitation', 'elicitation/create'],
      ['roots', 'roots/list'],
    ] as const) {
      expect(await ask(client, what)).toEqual({
        isError: true,
        text: `MCP error -32600: The proxy refused ${method} from server "fx": servers.fx.relay.${what} is off in the proxy config`,
      });
      expect(logs).toContain(`[fx] ${method}: refused, servers.fx.relay.${what} is off in the proxy config`);
    }
    expect(asked).toBe(0);
  });

  it('refuses a relayed request when the client does not declare the capability [mcp.relay.opt-in]', async () => {
    const { connect, logs } = await setUp({ sampling: true });
    const client = await connect({});
    expect(await ask(client, 'sampling')).toEqual({
      isError: true,
      text: 'MCP error -32600: The proxy refused sampling/createMessage from server "fx": the client does not declare the sampling capability',
    });
    expect(logs).toContain(
      '[fx] sampling/createMessage: refused, the client does not declare the sampling capability',
    );
  });
});

describe('relay: routing to the client session', () => {
  it('routes a request over Streamable HTTP to the session whose call is in flight, among several [mcp.relay.routed]', async () => {
    const { connectHttp } = await setUp({ sampling: true });
    let idle = 0;
    await connectHttp({
      sampling: async () => {
        idle += 1;
        return hi;
      },
    });
    const client = await connectHttp({ sampling: async () => hi });
    expect(await answer(client, 'sampling')).toEqual(hi);
    expect(idle).toBe(0);
  });

  it('refuses as ambiguous when two sessions have calls in flight to the server [mcp.relay.routed]', async () => {
    let release = () => {};
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { connectHttp, log } = await setUp({ sampling: true }, { hold });
    let asked = 0;
    const sampling = async () => {
      asked += 1;
      return hi;
    };
    const first = await connectHttp({ sampling });
    const second = await connectHttp({ sampling });
    const held = first.callTool({ name: 'fx__hold', arguments: {} });
    // The server runs the tool only after the proxy registered the call in flight.
    await expect.poll(() => log.held).toBe(1);
    const result = await ask(second, 'sampling');
    expect(result.isError).toBe(true);
    expect(result.text).toBe(
      'MCP error -32600: The proxy refused sampling/createMessage from server "fx": 2 client sessions have a tools/call in flight to server "fx", so the request cannot be routed to one of them',
    );
    expect(asked).toBe(0);
    release();
    expect((await held).content).toEqual([{ type: 'text', text: 'released' }]);
  });

  it("relays the client's roots list_changed to the server, whose roots/list reaches the only session [mcp.relay.routed]", async () => {
    const { connect, log, logs } = await setUp({ roots: true });
    const client = await connect({ roots: () => ({ roots: [{ uri: 'file:///a' }] }) });
    await client.sendRootsListChanged();
    await expect.poll(() => log.rootsChanges).toEqual([JSON.stringify([{ uri: 'file:///a' }])]);
    expect(logs).toContain('[fx] notifications/roots/list_changed: relayed');
    expect(logs).toContain('[fx] roots/list: relayed to the client (its only session)');
  });

  it('does not relay roots list_changed to a server that does not relay roots', async () => {
    const { connect, log, logs } = await setUp({ sampling: true });
    const client = await connect({ roots: () => ({ roots: [] }) });
    await client.sendRootsListChanged();
    // A call after the notification: the proxy has handled it by the time the call returns.
    await ask(client, 'sampling');
    expect(log.rootsChanges).toEqual([]);
    expect(logs.filter((l) => l.includes('roots'))).toEqual([]);
  });

  it('refuses a request outside any call when several sessions are open [mcp.relay.routed]', async () => {
    const { connect, log } = await setUp({ roots: true });
    const roots = () => ({ roots: [] });
    const client = await connect({ roots });
    await connect({ roots });
    await client.sendRootsListChanged();
    await expect
      .poll(() => log.rootsChanges)
      .toEqual([
        'MCP error -32600: The proxy refused roots/list from server "fx": no tools/call is in flight to server "fx" and 2 client sessions are open, so the request cannot be routed to one of them',
      ]);
  });

  it("cancels the client's request when the server gives up on it (its timeout)", async () => {
    const { connect } = await setUp({ sampling: true }, { timeoutMs: 100 });
    let calls = 0;
    let aborted = 0;
    const client = await connect({
      sampling: (_request, signal) => {
        calls += 1;
        // The SDK ignores a cancellation of request id 0, so the first request is answered at once.
        if (calls === 1) return Promise.resolve(hi);
        return new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted += 1;
            reject(new Error('cancelled'));
          });
        });
      },
    });
    expect((await ask(client, 'sampling')).isError).toBe(false);
    expect(await ask(client, 'sampling')).toEqual({
      isError: true,
      text: 'MCP error -32001: Request timed out',
    });
    await expect.poll(() => aborted).toBe(1);
  });
});
