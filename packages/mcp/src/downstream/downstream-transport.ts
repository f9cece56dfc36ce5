import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { DownstreamServerConfig, RelayConfig } from '../config/config-schema.ts';
import { StdioProcessTransport } from './stdio-process-transport.ts';

/** A downstream server given in code: a function that opens a fresh transport to it (called again on restart). */
export interface TransportServer {
  /** Opens a new transport to the server; called once per connection, so again after a crash. */
  transport: () => Transport | Promise<Transport>;
  /** How long one request may take, ms (default 60000; progress resets it). */
  timeoutMs?: number;
  /** Which requests the server may send to the client through the proxy (each off unless true). */
  relay?: Partial<RelayConfig>;
}

/** Any downstream server: from a config file (stdio or Streamable HTTP), or a transport factory. */
export type DownstreamServer = DownstreamServerConfig | TransportServer;

/** Opens a transport to a downstream server; a stdio server's stderr lines go to `log`. */
export async function openTransport(
  server: DownstreamServer,
  log: (line: string) => void,
): Promise<Transport> {
  if ('transport' in server) return server.transport();
  if ('url' in server) {
    // Only the headers configured for this server are sent: never anything from the proxy's own client.
    return new StreamableHTTPClientTransport(new URL(server.url), {
      requestInit: { headers: server.headers ?? {} },
    });
  }
  return new StdioProcessTransport({
    command: server.command,
    args: server.args,
    ...(server.env === undefined ? {} : { env: server.env }),
    ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
    log,
  });
}
