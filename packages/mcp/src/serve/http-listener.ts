import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { checkBearer, checkHostAndOrigin, loopbackHosts, readBody, refuse } from './http-guards.ts';

/** Options of {@link listenHttp}. */
export interface HttpListenOptions {
  /** Interface to bind (default 127.0.0.1). */
  host: string;
  /** Port (0 picks a free one). */
  port: number;
  /** The MCP endpoint path. */
  path: string;
  /** The bearer token every request must carry; undefined only when authentication is explicitly off. */
  token: string | undefined;
  /** Host header values accepted; default: the loopback names on the bound port. */
  allowedHosts?: readonly string[] | undefined;
  /** Browser origins accepted. */
  allowedOrigins: readonly string[];
  /** Largest request body, bytes. */
  maxBodyBytes: number;
  /** Most client sessions open at once. */
  maxSessions?: number;
}

/** A running Streamable HTTP endpoint. */
export interface HttpListener {
  /** The endpoint URL, e.g. http://127.0.0.1:3000/mcp. */
  url: string;
  /** The port bound (the real one when 0 was asked for). */
  port: number;
  /** Stops accepting requests and closes every open session. */
  close(): Promise<void>;
}

/**
 * Serves MCP over Streamable HTTP: one session (and one MCP `Server`) per client. Every request
 * passes the Host/Origin check, then the bearer token, then the body limit, before the SDK sees
 * it. The client's Authorization header goes no further than this function.
 */
export async function listenHttp(
  newSession: () => Server,
  options: HttpListenOptions,
): Promise<HttpListener> {
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; server: Server }>();
  const maxSessions = options.maxSessions ?? 256;
  let allowedHosts: readonly string[] = options.allowedHosts?.map((h) => h.toLowerCase()) ?? [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== options.path)
      return refuse(res, { status: 404, message: `Not found; the MCP endpoint is ${options.path}` });
    const denied =
      checkHostAndOrigin(req, allowedHosts, options.allowedOrigins) ??
      (options.token === undefined ? undefined : checkBearer(req, options.token));
    if (denied) return refuse(res, denied);
    delete req.headers.authorization;

    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (req.method !== 'POST') {
      if (existing === undefined)
        return refuse(res, { status: sessionId ? 404 : 400, message: 'Unknown or missing session' });
      return existing.transport.handleRequest(req, res);
    }
    const body = await readBody(req, res, options.maxBodyBytes);
    if (body === undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32700, message: 'Parse error: not valid JSON' },
        }),
      );
      return;
    }
    if (existing) return existing.transport.handleRequest(req, res, message);
    if (sessionId !== undefined) return refuse(res, { status: 404, message: 'Unknown session' });
    if (!isInitializeRequest(message))
      return refuse(res, { status: 400, message: 'No session: send initialize first' });
    if (sessions.size >= maxSessions) return refuse(res, { status: 503, message: 'Too many open sessions' });

    const server = newSession();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, message);
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      refuse(res, { status: 500, message: `Internal error: ${(error as Error).message}` });
    });
  });
  // Lets a test or a supervisor stop the process promptly: idle keep-alive sockets do not hold it.
  http.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  if (options.allowedHosts === undefined) allowedHosts = loopbackHosts(port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}${options.path}`,
    port,
    async close() {
      await Promise.all([...sessions.values()].map(({ server }) => server.close().catch(() => {})));
      sessions.clear();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
