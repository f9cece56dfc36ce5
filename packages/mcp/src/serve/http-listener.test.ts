import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuardProxy } from '../guard-proxy.ts';
import { fixtureServer, inMemoryServer, startProxy } from '../testing/fixture-server.ts';
import type { HttpListener } from './http-listener.ts';

const token = 'test-token-0123456789abcdef';
let proxy: GuardProxy;
let listener: HttpListener;

beforeAll(async () => {
  ({ proxy } = await startProxy({
    servers: { fx: inMemoryServer(() => fixtureServer()) },
    config: { policy: { version: 1 }, state: { type: 'memory' }, pinning: { enabled: false } },
  }));
  listener = await proxy.listen({ port: 0, token, maxBodyBytes: 2048 });
});
afterAll(async () => {
  await proxy.close();
});

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function post(headers: Record<string, string>, body = initialize) {
  return fetch(listener.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });
}

describe('Streamable HTTP', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(listener.url).toBe(`http://127.0.0.1:${listener.port}/mcp`);
  });

  it('serves an SDK client that sends the bearer token', async () => {
    const client = new Client({ name: 'http-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(listener.url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const result = await client.callTool({ name: 'fx__echo', arguments: { message: 'over http' } });
    expect(result.content).toEqual([{ type: 'text', text: 'Echo: over http' }]);
    await client.close();
  });

  it('answers 401 without the token, and with a wrong one', async () => {
    const missing = await post({});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="portcullis-mcp"');
    expect(((await missing.json()) as { error: { message: string; code: number } }).error.message).toBe(
      'Missing bearer token (Authorization: Bearer <token>)',
    );
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('answers 403 to a foreign Origin and to a foreign Host, token or not', async () => {
    const origin = await post({ authorization: `Bearer ${token}`, origin: 'https://evil.example' });
    expect(origin.status).toBe(403);
    expect(((await origin.json()) as { error: { message: string; code: number } }).error.message).toBe(
      'Origin not allowed: https://evil.example',
    );
    // fetch will not send a Host of its own choosing; node:http will, as a rebinding page's browser does.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(listener.url, {
        method: 'POST',
        headers: {
          host: `evil.example:${listener.port}`,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end(initialize);
    });
    expect(status).toBe(403);
  });

  it('answers 413 to a body over the limit and 400 to invalid JSON', async () => {
    const big = await post({ authorization: `Bearer ${token}` }, JSON.stringify({ pad: 'x'.repeat(4096) }));
    expect(big.status).toBe(413);
    const garbage = await post({ authorization: `Bearer ${token}` }, '{not json');
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { error: { message: string; code: number } }).error.code).toBe(-32700);
  });

  it('refuses to serve HTTP without a token unless authentication is explicitly off', async () => {
    await expect(proxy.listen({ port: 0, tokenEnv: 'PORTCULLIS_TEST_NO_SUCH_VAR' })).rejects.toThrow(
      /needs a bearer token of at least 16 characters: set PORTCULLIS_TEST_NO_SUCH_VAR/,
    );
    const open = await proxy.listen({ port: 0, auth: 'none' });
    expect(
      (
        await fetch(open.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: initialize,
        })
      ).status,
    ).toBe(200);
    await open.close();
  });
});
