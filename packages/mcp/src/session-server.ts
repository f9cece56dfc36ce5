import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ProgressCallback } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ElicitResultSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { CallContext, PolicyEngine, Principal } from '@portcullis/core';
import type { ElicitationApprover } from './approvals/elicitation-approver.ts';
import type { Catalog } from './catalog.ts';
import { denialResult, serverErrorResult } from './denial.ts';
import type { Downstream } from './downstream/downstream.ts';
import type { Passthrough } from './passthrough.ts';

/** What a client session needs from the proxy. */
export interface ProxyContext {
  engine: PolicyEngine;
  catalog: Catalog;
  passthrough: Passthrough;
  downstream(name: string): Downstream | undefined;
  /** Re-checks pins when the lockfile changed since the last check (cheap: no system call unless it did). */
  recheckPins(): void;
  /** The client's roots changed: tells every server that relays roots. */
  rootsChanged(): void;
  principal: Principal | undefined;
  /** Present when the proxy built the engine: routes asks to the calling client. */
  approver: ElicitationApprover | undefined;
  elicitation: boolean;
  instructions(): string | undefined;
  serverInfo: { name: string; version: string };
}

// Errors of the connection itself: the model is told the server failed, the session goes on.
const CONNECTION_ERRORS = new Set<number>([
  ErrorCode.ConnectionClosed,
  ErrorCode.RequestTimeout,
  ErrorCode.InternalError,
]);

/**
 * One client session: a low-level MCP `Server` whose tools are the downstream tools as the
 * catalog names them, each call judged by the engine before it is forwarded.
 */
export function createSessionServer(proxy: ProxyContext): Server {
  const instructions = proxy.instructions();
  const server = new Server(proxy.serverInfo, {
    capabilities: {
      tools: { listChanged: true },
      resources: { listChanged: true },
      prompts: { listChanged: true },
    },
    ...(instructions === undefined ? {} : { instructions }),
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    proxy.recheckPins();
    return { tools: await proxy.catalog.listed() };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args = {}, _meta } = request.params;
    proxy.recheckPins();
    const entry = proxy.catalog.get(name);
    if (entry === undefined) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
    if (entry.blocked !== undefined) throw new McpError(ErrorCode.InvalidParams, entry.blocked);
    const downstream = proxy.downstream(entry.server);
    if (downstream === undefined) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);

    const ctx: CallContext = {
      tool: entry.exposed,
      args,
      callId: String(extra.requestId),
      source: 'mcp',
      server: entry.server,
      principal: proxy.principal,
      hints: entry.hints,
    };
    if (proxy.approver && proxy.elicitation && server.getClientCapabilities()?.elicitation) {
      const clientName = server.getClientVersion()?.name ?? 'client';
      proxy.approver.attach(
        ctx,
        (params, { signal, timeoutMs }) =>
          extra.sendRequest({ method: 'elicitation/create', params }, ElicitResultSchema, {
            signal,
            timeout: timeoutMs,
          }),
        clientName,
      );
    }
    const progressToken = _meta?.progressToken;
    // Progress is relayed in order, and the result waits for it: a client drops a progress
    // notification that arrives after the response to its request.
    let relayed: Promise<void> = Promise.resolve();
    const onprogress: ProgressCallback | undefined =
      progressToken === undefined
        ? undefined
        : (progress) => {
            relayed = relayed
              .then(() =>
                extra.sendNotification({
                  method: 'notifications/progress',
                  params: { ...progress, progressToken },
                }),
              )
              .catch(() => {});
          };

    // A request the server sends during the call is routed back to this session (see relay/).
    const calls = downstream.calls;
    calls?.add(server, extra.requestId);
    try {
      const run = await proxy.engine.run(ctx, (finalArgs) =>
        downstream.callTool(entry.tool.name, finalArgs, {
          signal: extra.signal,
          ...(onprogress === undefined ? {} : { onprogress }),
        }),
      );
      await relayed;
      if (run.outcome === 'executed') return run.result;
      return denialResult(entry.exposed, run.verdict, run.outcome);
    } catch (error) {
      if (extra.signal.aborted) throw error;
      // The server's own JSON-RPC errors (e.g. invalid params) pass through as it sent them.
      if (error instanceof McpError && !CONNECTION_ERRORS.has(error.code)) throw error;
      return serverErrorResult(
        entry.exposed,
        entry.server,
        error instanceof Error ? error.message : String(error),
      );
    } finally {
      calls?.delete(server, extra.requestId);
    }
  });

  server.setNotificationHandler(RootsListChangedNotificationSchema, async () => proxy.rootsChanged());

  server.setRequestHandler(ListResourcesRequestSchema, async (_request, extra) => ({
    resources: await proxy.passthrough.listResources(extra.signal),
  }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async (_request, extra) => ({
    resourceTemplates: await proxy.passthrough.listResourceTemplates(extra.signal),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) =>
    proxy.passthrough.readResource(request.params.uri, { signal: extra.signal }),
  );
  server.setRequestHandler(ListPromptsRequestSchema, async (_request, extra) => ({
    prompts: await proxy.passthrough.listPrompts(extra.signal),
  }));
  server.setRequestHandler(GetPromptRequestSchema, async (request, extra) =>
    proxy.passthrough.getPrompt(request.params.name, request.params.arguments, { signal: extra.signal }),
  );
  return server;
}
