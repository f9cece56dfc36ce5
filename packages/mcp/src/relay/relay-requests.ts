import { type Client, getSupportedElicitationModes } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type ClientCapabilities,
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ElicitResultSchema,
  ErrorCode,
  ListRootsRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { RelayConfig } from '../config/config-schema.ts';
import type { RelayRoute } from './in-flight-calls.ts';

/** A refusal answered as JSON-RPC invalid request (-32600), its message as written (McpError would prefix it). */
class RelayRefused extends Error {
  readonly code = ErrorCode.InvalidRequest;
}

/** Options of {@link installRelay}. */
export interface RelayOptions {
  /** The downstream server's name in the config. */
  server: string;
  /** What its config lets through. */
  relay: RelayConfig;
  /** Picks the client session a request from this server belongs to. */
  route: () => RelayRoute;
  /** How long the client may take to answer, ms (the server's own request timeout). */
  timeoutMs: number;
  /** The proxy's log (one line per relayed or refused request). */
  log: (message: string) => void;
}

// The config key of each relayable method, named in refusals so an operator knows what to change.
const CONFIG_KEYS: Record<string, keyof RelayConfig> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** A relay is off unless the config turns it on: fail closed for servers given in code too. */
export function relayConfig(relay: Partial<RelayConfig> | undefined): RelayConfig {
  return {
    sampling: relay?.sampling === true,
    elicitation: relay?.elicitation === true,
    roots: relay?.roots === true,
  };
}

/** What a downstream's client declares: only what its config relays. */
export function relayCapabilities(relay: RelayConfig): ClientCapabilities {
  return {
    ...(relay.sampling ? { sampling: {} } : {}),
    ...(relay.elicitation ? { elicitation: { form: {} } } : {}),
    ...(relay.roots ? { roots: { listChanged: true } } : {}),
  };
}

/**
 * Answers a downstream server's requests to the client on its proxy-side client: sampling,
 * elicitation and roots go to the client session they belong to when the config relays them,
 * and are refused with a JSON-RPC error saying why otherwise. Call before the client connects.
 *
 * @example
 * installRelay(client, { server: 'fx', relay, route: () => calls.route('fx', sessions), timeoutMs, log });
 */
export function installRelay(client: Client, options: RelayOptions): void {
  const { server, relay, log } = options;
  const refuse = (method: string, why: string) => {
    log(`[${server}] ${method}: refused, ${why}`);
    return new RelayRefused(`The proxy refused ${method} from server "${server}": ${why}`);
  };
  const forward = <T>(
    method: string,
    signal: AbortSignal,
    supported: (capabilities: ClientCapabilities | undefined) => string | undefined,
    send: (session: Server, requestOptions: RequestOptions) => Promise<T>,
  ): Promise<T> => {
    const route = options.route();
    if ('refused' in route) throw refuse(method, route.refused);
    const missing = supported(route.session.getClientCapabilities());
    if (missing !== undefined) throw refuse(method, `the client does not declare the ${missing} capability`);
    log(
      `[${server}] ${method}: relayed to the client ${route.relatedRequestId === undefined ? '(its only session)' : '(the session with a tools/call in flight)'}`,
    );
    // The server's cancellation (its own timeout included) aborts the client's request too.
    return send(route.session, {
      signal,
      timeout: options.timeoutMs,
      ...(route.relatedRequestId === undefined ? {} : { relatedRequestId: route.relatedRequestId }),
    });
  };

  if (relay.sampling) {
    client.setRequestHandler(CreateMessageRequestSchema, (request, extra) =>
      forward(
        request.method,
        extra.signal,
        (caps) => {
          if (caps?.sampling === undefined) return 'sampling';
          const withTools = request.params.tools !== undefined || request.params.toolChoice !== undefined;
          return withTools && caps.sampling.tools === undefined ? 'sampling.tools' : undefined;
        },
        (session, requestOptions) => session.createMessage(request.params, requestOptions),
      ),
    );
  }
  if (relay.elicitation) {
    client.setRequestHandler(ElicitRequestSchema, (request, extra) => {
      const mode = request.params.mode ?? 'form';
      return forward(
        request.method,
        extra.signal,
        (caps) => {
          if (caps?.elicitation === undefined) return 'elicitation';
          const modes = getSupportedElicitationModes(caps.elicitation);
          return (mode === 'url' ? modes.supportsUrlMode : modes.supportsFormMode)
            ? undefined
            : `elicitation.${mode}`;
        },
        (session, requestOptions) => {
          const caps = session.getClientCapabilities()?.elicitation;
          // A client of an earlier protocol revision declares `elicitation: {}`, meaning forms;
          // elicitInput insists on `elicitation.form`, so such a client is asked directly.
          if (caps?.form === undefined && caps?.url === undefined) {
            return session.request(
              { method: 'elicitation/create', params: request.params },
              ElicitResultSchema,
              requestOptions,
            );
          }
          return session.elicitInput(request.params, requestOptions);
        },
      );
    });
  }
  if (relay.roots) {
    client.setRequestHandler(ListRootsRequestSchema, (request, extra) =>
      forward(
        request.method,
        extra.signal,
        (caps) => (caps?.roots === undefined ? 'roots' : undefined),
        (session, requestOptions) => session.listRoots(request.params, requestOptions),
      ),
    );
  }
  // Requests the config does not relay have no handler (the SDK refuses to register one for an
  // undeclared capability); they land here and never reach the client.
  client.fallbackRequestHandler = async (request) => {
    const key = Object.hasOwn(CONFIG_KEYS, request.method) ? CONFIG_KEYS[request.method] : undefined;
    if (key === undefined)
      throw Object.assign(new Error('Method not found'), { code: ErrorCode.MethodNotFound });
    throw refuse(request.method, `servers.${server}.relay.${key} is off in the proxy config`);
  };
}
