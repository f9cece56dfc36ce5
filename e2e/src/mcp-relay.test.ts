import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CreateMessageRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everythingServer, proxyCommand, resultText, tempDir, writeConfig } from './mcp-helpers.ts';

describe('portcullis-mcp (stdio) relaying sampling from server-everything to the SDK client', () => {
  let client: Client;
  let stderr = '';
  const prompts: string[] = [];

  beforeAll(async () => {
    const dir = tempDir();
    const config = writeConfig(
      dir,
      `servers:
  everything:
    command: node
    args: [${JSON.stringify(everythingServer)}]
    relay: { sampling: true }
policy: { version: 1 }
state: { type: memory }
`,
    );
    const [command, ...args] = proxyCommand(config);
    const transport = new StdioClientTransport({ command: command as string, args, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    client = new Client({ name: 'e2e', version: '1.0.0' }, { capabilities: { sampling: {} } });
    client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
      const content = request.params.messages[0]?.content;
      prompts.push(content !== undefined && 'text' in content ? String(content.text) : '');
      return { role: 'assistant', model: 'e2e-model', content: { type: 'text', text: 'Forty-two.' } };
    });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client.close();
  });

  it("returns the client's sampling answer to the server's tool, through the proxy [mcp.relay.opt-in] [mcp.relay.routed]", async () => {
    const result = await client.callTool({
      name: 'everything__trigger-sampling-request',
      arguments: { prompt: 'What is the answer?', maxTokens: 5 },
    });
    expect(result.isError).toBeFalsy();
    const text = resultText(result);
    expect(text.startsWith('LLM sampling result: \n')).toBe(true);
    expect(JSON.parse(text.slice('LLM sampling result: \n'.length))).toEqual({
      role: 'assistant',
      model: 'e2e-model',
      content: { type: 'text', text: 'Forty-two.' },
    });
    expect(prompts).toEqual(['Resource trigger-sampling-request context: What is the answer?']);
    await expect
      .poll(() => stderr)
      .toContain(
        'portcullis-mcp: [everything] sampling/createMessage: relayed to the client (the session with a tools/call in flight)',
      );
  });
});
