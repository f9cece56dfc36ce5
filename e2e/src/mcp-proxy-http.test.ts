import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  everythingServer,
  freePort,
  inspect,
  proxyBin,
  resultText,
  type Started,
  startUntil,
  tempDir,
  writeConfig,
} from './mcp-helpers.ts';

const token = 'e2e-token-0123456789abcdef';
let downstream: Started;
let proxy: Started;
let url: string;
let dir: string;

/** server-everything picks no port itself: it gets a free one, and is retried if another process took it first. */
async function startEverythingHttp(): Promise<Started> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startUntil(
        process.execPath,
        [everythingServer, 'streamableHttp'],
        /listening on port (\d+)/,
        {
          env: { PORT: String(port) },
        },
      );
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

beforeAll(async () => {
  downstream = await startEverythingHttp();
  dir = tempDir();
  const config = writeConfig(
    dir,
    `servers:
  everything: { url: "http://127.0.0.1:${downstream.match[1]}/mcp" }
policy:
  version: 1
  guards: { scope: { deny: ["everything__get-env"] } }
state: { type: sqlite, path: state.db }
audit: { jsonl: audit.jsonl }
`,
  );
  proxy = await startUntil(
    process.execPath,
    [proxyBin, '--config', config, '--http', '--port', '0'],
    /serving (http:\/\/\S+)/,
    {
      env: { PORTCULLIS_MCP_TOKEN: token },
    },
  );
  url = proxy.match[1] as string;
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
  await downstream?.stop();
});

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});
const post = (headers: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: initialize,
  });

describe('portcullis-mcp --http in front of server-everything (Streamable HTTP)', () => {
  it('binds to 127.0.0.1 [mcp.http.auth]', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('answers 401 to a request without the bearer token [mcp.http.auth]', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
  });

  it('answers 403 to a foreign Origin even with the token [mcp.http.auth]', async () => {
    const response = await post({ authorization: `Bearer ${token}`, origin: 'https://attacker.example' });
    expect(response.status).toBe(403);
  });

  it('serves the Inspector CLI that sends the token: an allowed echo returns its text [mcp.http.clients]', async () => {
    const run = await inspect(
      [
        '--method',
        'tools/call',
        '--tool-name',
        'everything__echo',
        '--tool-arg',
        'message=over http',
        '--header',
        `Authorization: Bearer ${token}`,
        '-q',
      ],
      [url],
      dir,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ content: [{ type: 'text', text: 'Echo: over http' }] });
  });

  it('serves the SDK client: get-env is not listed, and refused with isError when called anyway [mcp.http.clients] [mcp.list.hides-never-allowed]', async () => {
    const client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), {
        requestInit: { headers: { authorization: `Bearer ${token}` } },
      }),
    );
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('everything__echo');
    expect(names).not.toContain('everything__get-env');
    const result = await client.callTool({ name: 'everything__get-env', arguments: {} });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('Reason: Tool "everything__get-env" is denied by scope');
    await client.close();
  });
});
