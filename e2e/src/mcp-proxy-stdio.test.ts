import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  everythingServer,
  filesystemServer,
  inspect,
  proxyCommand,
  resultText,
  tempDir,
  writeConfig,
} from './mcp-helpers.ts';

let dir: string;
let config: string;

beforeAll(() => {
  dir = tempDir();
  config = writeConfig(
    dir,
    `servers:
  everything: { command: node, args: [${JSON.stringify(everythingServer)}] }
policy:
  version: 1
  guards: { scope: { deny: ["everything__get-env"] } }
  rules:
    - name: no-secrets
      tools: ["everything__echo"]
      when: { message: { contains: secret } }
      effect: deny
      reason: Secrets are never echoed
state: { type: memory }
`,
  );
});

describe('portcullis-mcp (stdio) in front of server-everything, driven by the Inspector CLI', () => {
  it('forwards an allowed echo and prints its text [mcp.call.allow.forwarded]', async () => {
    const run = await inspect(
      ['--method', 'tools/call', '--tool-name', 'everything__echo', '--tool-arg', 'message=hello', '-q'],
      proxyCommand(config),
      dir,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ content: [{ type: 'text', text: 'Echo: hello' }] });
  });

  it('answers a denied call with isError and the reason; the Inspector exits 5 [mcp.call.deny.isError]', async () => {
    const run = await inspect(
      ['--method', 'tools/call', '--tool-name', 'everything__echo', '--tool-arg', 'message=my secret', '-q'],
      proxyCommand(config),
      dir,
    );
    expect(run.code).toBe(5);
    const result = JSON.parse(run.stdout) as { isError: boolean };
    expect(result.isError).toBe(true);
    expect(resultText(result)).toBe(
      'The tool call "everything__echo" was NOT executed: it was blocked by policy. Reason: Secrets are never echoed. Do not retry the same call; change the request or ask the user.',
    );
  });

  it('does not list get-env, which the policy never allows (the Inspector cannot find it: exit 5) [mcp.list.hides-never-allowed]', async () => {
    const list = await inspect(['--method', 'tools/list', '-q'], proxyCommand(config), dir);
    expect(list.code).toBe(0);
    const names = (JSON.parse(list.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toContain('everything__echo');
    expect(names).toContain('everything__trigger-long-running-operation');
    expect(names).not.toContain('everything__get-env');
    const call = await inspect(
      ['--method', 'tools/call', '--tool-name', 'everything__get-env', '-q'],
      proxyCommand(config),
      dir,
    );
    expect(call.code).toBe(5);
    expect(call.stderr).toContain("Tool 'everything__get-env' not found on server.");
  });
});

describe('portcullis-mcp (stdio) in front of server-everything, driven by the SDK client', () => {
  let client: Client;
  beforeAll(async () => {
    const [command, ...args] = proxyCommand(config);
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: command as string, args, stderr: 'ignore' }));
  });
  afterAll(async () => {
    await client.close();
  });

  it('refuses get-env called anyway, with isError and the reason [mcp.list.hides-never-allowed]', async () => {
    const result = await client.callTool({ name: 'everything__get-env', arguments: {} });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('Reason: Tool "everything__get-env" is denied by scope');
  });

  it("relays the long-running tool's progress to the client [mcp.progress.relayed]", async () => {
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'everything__trigger-long-running-operation', arguments: { duration: 0.3, steps: 3 } },
      CallToolResultSchema,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(resultText(result)).toBe('Long running operation completed. Duration: 0.3 seconds, Steps: 3.');
    // The terminal notification travels right beside the response, and the SDK client drops a
    // progress notification it handles after the response (modelcontextprotocol/typescript-sdk#2580):
    // every earlier step must arrive, in order; the last one may be lost on a loaded machine.
    expect(progress.slice(0, 2)).toEqual([1, 2]);
    expect(progress).toEqual([1, 2, 3].slice(0, progress.length));
  });
});

describe('portcullis-mcp (stdio) in front of server-filesystem', () => {
  let client: Client;
  let sandbox: string;
  let outside: string;
  beforeAll(async () => {
    const fsDir = tempDir();
    sandbox = tempDir('portcullis-sandbox-');
    outside = tempDir('portcullis-outside-');
    const fsConfig = writeConfig(
      fsDir,
      `servers:
  fs: { command: node, args: [${JSON.stringify(filesystemServer)}, ${JSON.stringify(sandbox)}] }
policy:
  version: 1
  guards:
    filesystem: { roots: [${JSON.stringify(sandbox)}] }
state: { type: memory }
`,
    );
    const [command, ...args] = proxyCommand(fsConfig);
    client = new Client({ name: 'e2e', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: command as string, args, stderr: 'ignore' }));
  });
  afterAll(async () => {
    await client.close();
  });

  it('lets a write inside the sandbox through', async () => {
    const path = join(sandbox, 'notes.txt');
    const result = await client.callTool({ name: 'fs__write_file', arguments: { path, content: 'kept' } });
    expect(result.isError).toBeFalsy();
    expect(existsSync(path)).toBe(true);
  });

  it('blocks a write outside the sandbox root with the filesystem guard, before the server sees it [mcp.filesystem.sandbox]', async () => {
    const path = join(outside, 'escape.txt');
    const result = await client.callTool({ name: 'fs__write_file', arguments: { path, content: 'nope' } });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(
      /^The tool call "fs__write_file" was NOT executed: it was blocked by policy\. Reason: .*outside/,
    );
    expect(existsSync(path)).toBe(false);
  });

  it('blocks a traversal out of the sandbox the same way [mcp.filesystem.sandbox]', async () => {
    const result = await client.callTool({
      name: 'fs__read_text_file',
      arguments: { path: join(sandbox, '..', '..', 'etc', 'passwd') },
    });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('it was blocked by policy');
  });
});
