import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer, type RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { TransportServer } from '../downstream/downstream-transport.ts';
import { createGuardProxy, type GuardProxy, type GuardProxyOptions } from '../guard-proxy.ts';

/** What the fixture server saw: calls by tool, and aborted calls. */
export interface FixtureLog {
  calls: { tool: string; args: Record<string, unknown> }[];
  aborted: string[];
}

/** Options of {@link fixtureServer}. */
export interface FixtureOptions {
  /** The echo tool's description (change it to simulate a rug pull). */
  echoDescription?: string;
  instructions?: string;
  log?: FixtureLog;
  /** Extra tools: name → description. */
  extraTools?: Record<string, string>;
  /** Receives the registered echo tool (to change it while the server runs). */
  onEcho?: (tool: RegisteredTool) => void;
}

/** A small MCP server with the shapes the proxy must handle: plain, destructive, slow, progress, resources, prompts. */
export function fixtureServer(options: FixtureOptions = {}): McpServer {
  const log = options.log ?? { calls: [], aborted: [] };
  const server = new McpServer(
    { name: 'fixture', version: '1.0.0' },
    options.instructions === undefined ? {} : { instructions: options.instructions },
  );
  const record = (tool: string, args: Record<string, unknown>) => log.calls.push({ tool, args });
  const echo = server.registerTool(
    'echo',
    {
      description: options.echoDescription ?? 'Echoes back the input string',
      inputSchema: { message: z.string().describe('Message to echo') },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (args) => {
      record('echo', args);
      return { content: [{ type: 'text', text: `Echo: ${args.message}` }] };
    },
  );
  options.onEcho?.(echo);
  server.registerTool(
    'get-env',
    { description: 'Returns the environment', annotations: { readOnlyHint: true } },
    async () => {
      record('get-env', {});
      return { content: [{ type: 'text', text: 'SECRET=1' }] };
    },
  );
  server.registerTool(
    'write_file',
    {
      description: 'Writes a file',
      inputSchema: { path: z.string(), content: z.string() },
      annotations: { destructiveHint: true, readOnlyHint: false },
    },
    async (args) => {
      record('write_file', args);
      return { content: [{ type: 'text', text: `wrote ${args.path}` }] };
    },
  );
  server.registerTool(
    'slow',
    { description: 'Waits until cancelled', inputSchema: { id: z.string() } },
    async (args, extra) => {
      record('slow', args);
      await new Promise<void>((resolve) => {
        extra.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      log.aborted.push(args.id);
      return { content: [{ type: 'text', text: 'cancelled' }] };
    },
  );
  server.registerTool(
    'progress',
    { description: 'Reports progress', inputSchema: { steps: z.number().int() } },
    async (args, extra) => {
      record('progress', args);
      const token = extra._meta?.progressToken;
      for (let step = 1; step <= args.steps; step++) {
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: step, total: args.steps },
          });
        }
      }
      return { content: [{ type: 'text', text: `done in ${args.steps} steps` }] };
    },
  );
  for (const [name, description] of Object.entries(options.extraTools ?? {})) {
    server.registerTool(name, { description }, async () => ({ content: [{ type: 'text', text: name }] }));
  }
  server.registerResource('readme', 'fixture://readme', { mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, text: 'fixture readme' }],
  }));
  server.registerPrompt('greet', { description: 'Greets', argsSchema: { who: z.string() } }, (args) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Hello ${args.who}` } }],
  }));
  return server;
}

/** A downstream server in code: each (re)connection gets a fresh fixture from `make`. */
export function inMemoryServer(make: () => McpServer, servers: McpServer[] = []): TransportServer {
  return {
    transport: async () => {
      const [client, server] = InMemoryTransport.createLinkedPair();
      const instance = make();
      servers.push(instance);
      await instance.connect(server);
      return client;
    },
  };
}

/** Options of {@link startProxy}. */
export interface StartProxyOptions extends Omit<GuardProxyOptions, 'config'> {
  config?: GuardProxyOptions['config'];
  /** The test client answers elicitation requests with this (declares the capability when given). */
  elicit?: (message: string) => ElicitResult;
}

/** A proxy over in-memory transports, and an SDK client connected to it. */
export async function startProxy(
  options: StartProxyOptions,
): Promise<{ proxy: GuardProxy; client: Client; logs: string[] }> {
  const logs: string[] = [];
  const proxy = await createGuardProxy({
    log: (message) => logs.push(message),
    ...options,
    config: options.config ?? {
      policy: { version: 1 },
      state: { type: 'memory' },
      pinning: { enabled: false },
    },
  });
  const client = new Client(
    { name: 'test-client', version: '1.0.0' },
    { capabilities: options.elicit ? { elicitation: { form: {} } } : {} },
  );
  if (options.elicit) {
    const answer = options.elicit;
    client.setRequestHandler(ElicitRequestSchema, async (request) => answer(request.params.message));
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await proxy.connect(serverSide);
  await client.connect(clientSide);
  return { proxy, client, logs };
}
