import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  type ClientCapabilities,
  CreateMessageRequestSchema,
  type CreateMessageResult,
  ElicitRequestSchema,
  type ElicitResult,
  ElicitResultSchema,
  ListRootsRequestSchema,
  type ListRootsResult,
  RootsListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** What the relay fixture saw: the client capabilities of each call, and what it learnt on roots changes. */
export interface RelayFixtureLog {
  capabilities: (ClientCapabilities | undefined)[];
  /** One entry per roots list_changed: the roots listed then, or the error. */
  rootsChanges: string[];
  /** How many `hold` calls have started. */
  held: number;
}

/** Options of {@link relayFixture}. */
export interface RelayFixtureOptions {
  log: RelayFixtureLog;
  /** Resolves the `hold` tool's calls when it settles. */
  hold?: Promise<void>;
  /** Timeout of the fixture's own requests to the client, ms (SDK default otherwise). */
  timeoutMs?: number;
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A server whose `ask` tool asks the client during the call (sampling, elicitation or roots) and
 * answers with what it got back or the error; `hold` stays in flight until released.
 */
export function relayFixture(options: RelayFixtureOptions): McpServer {
  const server = new McpServer({ name: 'relay-fixture', version: '1.0.0' });
  const inner = server.server;
  const requestOptions = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
  server.registerTool(
    'ask',
    { description: 'Asks the client', inputSchema: { what: z.enum(['sampling', 'elicitation', 'roots']) } },
    async ({ what }, extra) => {
      options.log.capabilities.push(inner.getClientCapabilities());
      const related = { ...requestOptions, relatedRequestId: extra.requestId };
      try {
        let answer: CreateMessageResult | ElicitResult | ListRootsResult;
        if (what === 'sampling') {
          answer = await inner.createMessage(
            { messages: [{ role: 'user', content: { type: 'text', text: 'Say hi' } }], maxTokens: 10 },
            related,
          );
        } else if (what === 'roots') {
          answer = await inner.listRoots(undefined, related);
        } else {
          const params = {
            message: 'Your name?',
            requestedSchema: { type: 'object' as const, properties: { name: { type: 'string' as const } } },
          };
          // elicitInput refuses locally when the proxy declares no elicitation; asked directly, the
          // request reaches the proxy, which must refuse it itself.
          answer = inner.getClientCapabilities()?.elicitation
            ? await inner.elicitInput(params, related)
            : await extra.sendRequest(
                { method: 'elicitation/create', params: { mode: 'form', ...params } },
                ElicitResultSchema,
                requestOptions,
              );
        }
        return { content: [{ type: 'text', text: JSON.stringify(answer) }] };
      } catch (error) {
        return { isError: true, content: [{ type: 'text', text: describeError(error) }] };
      }
    },
  );
  server.registerTool('hold', { description: 'Stays in flight until released' }, async () => {
    options.log.held += 1;
    await options.hold;
    return { content: [{ type: 'text', text: 'released' }] };
  });
  inner.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
    // A real server lists the roots again, outside any call.
    const entry = await inner.listRoots(undefined, requestOptions).then(
      (result) => JSON.stringify(result.roots),
      (error: unknown) => describeError(error),
    );
    options.log.rootsChanges.push(entry);
  });
  return server;
}

/** Handlers of {@link relayClient}: each one given declares its capability. */
export interface RelayClientHandlers {
  sampling?: (
    request: { params: { maxTokens: number } },
    signal: AbortSignal,
  ) => Promise<CreateMessageResult>;
  elicitation?: (message: string) => ElicitResult;
  roots?: () => ListRootsResult;
}

/**
 * An SDK client with the given handlers, connected over `target`: a transport, or a function that
 * serves the other end of an in-memory pair (`proxy.connect`).
 */
export async function relayClient(
  handlers: RelayClientHandlers,
  target: Transport | ((transport: Transport) => Promise<unknown>),
): Promise<Client> {
  const client = new Client(
    { name: 'relay-client', version: '1.0.0' },
    {
      capabilities: {
        ...(handlers.sampling ? { sampling: {} } : {}),
        ...(handlers.elicitation ? { elicitation: { form: {} } } : {}),
        ...(handlers.roots ? { roots: { listChanged: true } } : {}),
      },
    },
  );
  const { sampling, elicitation, roots } = handlers;
  if (sampling) client.setRequestHandler(CreateMessageRequestSchema, (r, extra) => sampling(r, extra.signal));
  if (elicitation) client.setRequestHandler(ElicitRequestSchema, async (r) => elicitation(r.params.message));
  if (roots) client.setRequestHandler(ListRootsRequestSchema, async () => roots());
  if (typeof target !== 'function') {
    await client.connect(target);
    return client;
  }
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await target(serverSide);
  await client.connect(clientSide);
  return client;
}
