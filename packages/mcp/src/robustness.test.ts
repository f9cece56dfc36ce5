import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { GuardProxy } from './guard-proxy.ts';
import { LineTransport } from './serve/line-transport.ts';
import { type FixtureLog, fixtureServer, inMemoryServer, startProxy } from './testing/fixture-server.ts';

const proxies: GuardProxy[] = [];
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

const policy = {
  policy: { version: 1 as const },
  state: { type: 'memory' as const },
  pinning: { enabled: false },
};
const text = (result: unknown) =>
  ((result as { content: { text?: string }[] }).content ?? []).map((c) => c.text ?? '').join('');

describe('a downstream that crashes', () => {
  it('fails its calls with a clear error while down, and is restarted [mcp.downstream.crash]', async () => {
    const servers: ReturnType<typeof fixtureServer>[] = [];
    const { client, proxy } = await startProxy({
      servers: { fx: inMemoryServer(() => fixtureServer(), servers) },
      config: policy,
      restartDelayMs: 50,
    });
    proxies.push(proxy);
    expect(text(await client.callTool({ name: 'fx__echo', arguments: { message: 'a' } }))).toBe('Echo: a');
    await servers[0]?.close();
    expect(proxy.status()['fx']?.state).toBe('down');
    const during = await client.callTool({ name: 'fx__echo', arguments: { message: 'b' } });
    expect(during.isError).toBe(true);
    expect(text(during)).toMatch(
      /^The tool call "fx__echo" failed: server "fx" did not answer: .*Server "fx" is unavailable/,
    );
    await expect.poll(() => proxy.status()['fx']?.state).toBe('ready');
    expect(servers).toHaveLength(2);
    expect(text(await client.callTool({ name: 'fx__echo', arguments: { message: 'c' } }))).toBe('Echo: c');
  });
});

describe('a stdio downstream (a child process)', () => {
  const child = fileURLToPath(new URL('./testing/stdio-child.ts', import.meta.url));

  it('serves its calls, survives garbage lines from it, and is restarted after a crash [mcp.downstream.crash]', async () => {
    const { client, proxy } = await startProxy({
      config: { ...policy, servers: { kid: { command: process.execPath, args: [child] } } },
      restartDelayMs: 50,
    });
    proxies.push(proxy);
    expect(text(await client.callTool({ name: 'kid__echo', arguments: { n: 1 } }))).toBe('echo: {"n":1}');
    expect(text(await client.callTool({ name: 'kid__garbage', arguments: {} }))).toBe('garbage: {}');
    const crashed = await client.callTool({ name: 'kid__crash', arguments: {} });
    expect(crashed.isError).toBe(true);
    expect(text(crashed)).toMatch(
      /^The tool call "kid__crash" failed: server "kid" did not answer: .*Connection closed/,
    );
    await expect.poll(() => proxy.status()['kid']?.state).toBe('ready');
    expect(text(await client.callTool({ name: 'kid__echo', arguments: { n: 2 } }))).toBe('echo: {"n":2}');
  });

  it('fails a call whose result is over the size limit at once, and keeps serving [mcp.json-rpc.garbage]', async () => {
    const { client, proxy } = await startProxy({
      config: { ...policy, servers: { kid: { command: process.execPath, args: [child] } } },
    });
    proxies.push(proxy);
    // Over the 10 MiB a stdio server's message may have; without its id the call would wait for
    // its timeout.
    const big = await client.callTool({ name: 'kid__oversized', arguments: { bytes: 11 * 1024 * 1024 } });
    expect(big.isError).toBe(true);
    expect(text(big)).toMatch(/The response was too large \(over 10485760 bytes\) and was discarded/);
    expect(text(await client.callTool({ name: 'kid__echo', arguments: { n: 3 } }))).toBe('echo: {"n":3}');
  });

  it('is down with the reason when its command cannot be started', async () => {
    const { proxy } = await startProxy({
      config: { ...policy, servers: { gone: { command: '/no/such/command' } } },
      restartDelayMs: 60_000,
    });
    proxies.push(proxy);
    expect(proxy.status()['gone']).toEqual({
      state: 'down',
      tools: 0,
      error: 'spawn /no/such/command ENOENT',
    });
  });
});

describe('a slow downstream', () => {
  it('does not hold up calls to another server [mcp.downstream.crash]', async () => {
    const slowLog: FixtureLog = { calls: [], aborted: [] };
    const { client, proxy } = await startProxy({
      servers: {
        slow: inMemoryServer(() => fixtureServer({ log: slowLog })),
        quick: inMemoryServer(() => fixtureServer()),
      },
      config: policy,
    });
    proxies.push(proxy);
    const controller = new AbortController();
    const hanging = client
      .callTool({ name: 'slow__slow', arguments: { id: 's1' } }, CallToolResultSchema, {
        signal: controller.signal,
      })
      .catch(() => 'aborted');
    await expect.poll(() => slowLog.calls.length).toBe(1);
    expect(text(await client.callTool({ name: 'quick__echo', arguments: { message: 'fast' } }))).toBe(
      'Echo: fast',
    );
    controller.abort();
    expect(await hanging).toBe('aborted');
  });
});

describe('garbage from the client (stdio)', () => {
  async function lineProxy(maxMessageBytes = 1024) {
    const input = new PassThrough();
    const output = new PassThrough();
    const lines: unknown[] = [];
    let pending = '';
    output.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) lines.push(JSON.parse(part));
    });
    const { proxy } = await startProxy({
      servers: { fx: inMemoryServer(() => fixtureServer()) },
      config: policy,
    });
    proxies.push(proxy);
    await proxy.connect(new LineTransport({ input, output, maxMessageBytes }));
    return { input, lines };
  }

  it('answers invalid JSON with -32700 and a non-JSON-RPC object with -32600, and keeps serving [mcp.json-rpc.garbage]', async () => {
    const { input, lines } = await lineProxy();
    input.write('this is not json\n');
    input.write('{"hello":"world","id":7}\n');
    input.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
    await expect.poll(() => lines.length).toBe(3);
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: not valid JSON' } },
      {
        jsonrpc: '2.0',
        id: 7,
        error: { code: -32600, message: 'Invalid Request: not a JSON-RPC 2.0 message' },
      },
      { jsonrpc: '2.0', id: 1, result: {} },
    ]);
  });

  it('answers an oversized request with an error under its id, drops it, and keeps serving [mcp.json-rpc.garbage]', async () => {
    const { input, lines } = await lineProxy(1024);
    const tooLarge = { code: -32600, message: 'Message too large (over 1024 bytes); it was discarded' };
    // The id first (most SDKs), in two chunks.
    input.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'x'.repeat(600)}`);
    input.write(`${'y'.repeat(600)}"}}\n`);
    // The id last, as the TypeScript SDK writes it.
    input.write(`{"method":"ping","params":{"pad":"${'x'.repeat(2000)}"},"jsonrpc":"2.0","id":"last"}\r\n`);
    // The limit is crossed only in the chunk that holds the end of the id.
    const head = '{"method":"ping","params":{"pad":"';
    const tail = '"},"jsonrpc":"2.0","id":"spl';
    input.write(`${head}${'x'.repeat(1022 - head.length - tail.length)}${tail}`);
    input.write('it"}\n');
    // A response or a notification has no request to answer: the error has no id.
    input.write(`{"jsonrpc":"2.0","id":9,"result":{"pad":"${'x'.repeat(2000)}"}}\n`);
    input.write(`{"method":"notifications/x","params":{"pad":"${'x'.repeat(2000)}"},"jsonrpc":"2.0"}\n`);
    input.write('{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
    await expect.poll(() => lines.length).toBe(6);
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: 1, error: tooLarge },
      { jsonrpc: '2.0', id: 'last', error: tooLarge },
      { jsonrpc: '2.0', id: 'split', error: tooLarge },
      { jsonrpc: '2.0', id: null, error: tooLarge },
      { jsonrpc: '2.0', id: null, error: tooLarge },
      { jsonrpc: '2.0', id: 2, result: {} },
    ]);
  });

  it('answers an unknown method with -32601 [mcp.json-rpc.garbage]', async () => {
    const { input, lines } = await lineProxy();
    input.write('{"jsonrpc":"2.0","id":5,"method":"no/such"}\n');
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toEqual({ jsonrpc: '2.0', id: 5, error: { code: -32601, message: 'Method not found' } });
  });
});
