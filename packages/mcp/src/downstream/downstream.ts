import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type CallToolResult,
  CallToolResultSchema,
  type ClientCapabilities,
  ErrorCode,
  McpError,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  type Tool,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { InFlightCalls } from '../relay/in-flight-calls.ts';
import { type DownstreamServer, openTransport } from './downstream-transport.ts';

/** Options of {@link Downstream}. */
export interface DownstreamOptions {
  /** The server's name in the config. */
  name: string;
  server: DownstreamServer;
  /** Called whenever the server's tools, resources or prompts may have changed (or it went up or down). */
  onChange: (name: string) => void;
  log: (message: string) => void;
  /** First restart delay after a crash, ms (doubles up to `maxRestartDelayMs`). */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Client identity sent to the server. */
  clientInfo: { name: string; version: string };
  /** What the proxy's client declares to the server (default none: it may ask the client nothing). */
  capabilities?: ClientCapabilities;
  /** Sets up each new client before it connects (its request handlers). */
  prepare?: (client: Client) => void;
  /** Tracks the calls in flight to this server, for the servers whose requests are relayed. */
  calls?: InFlightCalls;
}

export type DownstreamState = 'connecting' | 'ready' | 'down' | 'closed';

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * One downstream MCP server: its own client and connection, so a slow or dead server never holds
 * up the others. A connection that closes (the process crashed, the HTTP server went away) is
 * reopened with exponential backoff; meanwhile its calls fail with a clear error.
 */
export class Downstream {
  readonly name: string;
  state: DownstreamState = 'connecting';
  tools: Tool[] = [];
  instructions: string | undefined;
  /** Why the server is down, while it is. */
  lastError: string | undefined;
  /** The calls in flight to this server by client session; kept only when it relays requests. */
  readonly calls: InFlightCalls | undefined;
  private client: Client | undefined;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly options: DownstreamOptions;
  private firstReady: Promise<void>;
  private markFirstReady: () => void = () => {};

  constructor(options: DownstreamOptions) {
    this.name = options.name;
    this.options = options;
    this.calls = options.calls;
    this.firstReady = new Promise((resolve) => {
      this.markFirstReady = resolve;
    });
  }

  get timeoutMs(): number {
    return this.options.server.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Connects; resolves once the first attempt succeeded or failed (a failure keeps retrying). */
  async start(): Promise<void> {
    void this.connect();
    await this.firstReady;
  }

  private async connect(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'connecting';
    const client = new Client(this.options.clientInfo, { capabilities: this.options.capabilities ?? {} });
    this.options.prepare?.(client);
    try {
      const transport = await openTransport(this.options.server, (line) =>
        this.options.log(`[${this.name}] ${line}`),
      );
      client.onclose = () => this.closed(client);
      client.onerror = () => {};
      await client.connect(transport, { timeout: this.timeoutMs });
      this.client = client;
      this.instructions = client.getInstructions();
      const refresh = () => void this.refresh();
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => refresh());
      client.setNotificationHandler(ResourceListChangedNotificationSchema, async () =>
        this.options.onChange(this.name),
      );
      client.setNotificationHandler(PromptListChangedNotificationSchema, async () =>
        this.options.onChange(this.name),
      );
      this.tools = await this.fetchTools(client);
      this.state = 'ready';
      this.attempt = 0;
      this.lastError = undefined;
      this.options.onChange(this.name);
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      client.onclose = () => {};
      await client.close().catch(() => {});
      this.scheduleRestart();
    } finally {
      this.markFirstReady();
    }
  }

  private closed(client: Client): void {
    if (this.client !== client || this.state === 'closed') return;
    this.client = undefined;
    this.lastError ??= 'the connection closed';
    this.options.log(`[${this.name}] disconnected; restarting`);
    this.scheduleRestart();
    this.options.onChange(this.name);
  }

  private scheduleRestart(): void {
    if (this.state === 'closed') return;
    this.state = 'down';
    const base = this.options.restartDelayMs ?? 250;
    const delay = Math.min(base * 2 ** this.attempt, this.options.maxRestartDelayMs ?? 30_000);
    this.attempt += 1;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref();
  }

  private async fetchTools(client: Client): Promise<Tool[]> {
    if (!client.getServerCapabilities()?.tools) return [];
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor }, {
        timeout: this.timeoutMs,
      });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined && tools.length < 10_000);
    return tools;
  }

  /** Re-reads the tool list (after `list_changed`); the change is reported either way. */
  async refresh(): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    try {
      this.tools = await this.fetchTools(client);
    } catch (error) {
      this.options.log(`[${this.name}] could not re-read its tools: ${(error as Error).message}`);
    }
    this.options.onChange(this.name);
  }

  /** The connected client, or an error a caller can show: the server is down and restarting. */
  connected(): Client {
    if (this.client === undefined || this.state !== 'ready') {
      throw new McpError(
        ErrorCode.InternalError,
        `Server "${this.name}" is unavailable${this.lastError ? ` (${this.lastError})` : ''}; it is being restarted`,
      );
    }
    return this.client;
  }

  /** Forwards a tool call unchanged; its result passes back unchanged. */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    options: Pick<RequestOptions, 'signal' | 'onprogress'>,
  ): Promise<CallToolResult> {
    const client = this.connected();
    return client.request({ method: 'tools/call', params: { name, arguments: args } }, CallToolResultSchema, {
      ...options,
      timeout: this.timeoutMs,
      resetTimeoutOnProgress: true,
    });
  }

  /** Tells the server the client's roots changed (it may list them again); false while it is down. */
  async sendRootsListChanged(): Promise<boolean> {
    if (this.client === undefined || this.state !== 'ready') return false;
    await this.client.sendRootsListChanged();
    return true;
  }

  async close(): Promise<void> {
    this.state = 'closed';
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    this.markFirstReady();
    await client?.close().catch(() => {});
  }
}
