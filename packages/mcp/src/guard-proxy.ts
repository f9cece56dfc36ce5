import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { type PolicyEngine, PortcullisError, type QueueApprover } from '@portcullis/core';
import type { ElicitationApprover } from './approvals/elicitation-approver.ts';
import { buildEngine } from './build-engine.ts';
import { Catalog, type CatalogEntry } from './catalog.ts';
import type { GuardProxyConfig, GuardProxyConfigInput, HttpServeConfig } from './config/config-schema.ts';
import { parseConfig } from './config/parse-config.ts';
import { Downstream } from './downstream/downstream.ts';
import type { TransportServer } from './downstream/downstream-transport.ts';
import { Passthrough } from './passthrough.ts';
import { LockfileWatcher } from './pinning/lockfile-watcher.ts';
import { PinRegistry } from './pinning/pin-registry.ts';
import { InFlightCalls } from './relay/in-flight-calls.ts';
import { installRelay, relayCapabilities, relayConfig } from './relay/relay-requests.ts';
import { type HttpListener, listenHttp } from './serve/http-listener.ts';
import { createSessionServer, type ProxyContext } from './session-server.ts';
import { PROXY_VERSION } from './version.ts';

/** Options of {@link createGuardProxy}. */
export interface GuardProxyOptions {
  /** The configuration: validated (`loadConfig`, `parseConfig`) or as written (validated here). */
  config: GuardProxyConfig | GuardProxyConfigInput;
  /** Folder relative paths of an unvalidated config resolve against (default `process.cwd()`). */
  baseDir?: string;
  /** Downstream servers given in code (a transport factory each), beside those of the config. */
  servers?: Record<string, TransportServer>;
  /** Judge calls with this engine instead of one built from the config (asks go to its own approver). */
  engine?: PolicyEngine;
  /** Write the lockfile from the servers as they are now, before serving (re-pin). */
  pin?: boolean;
  /** Where the proxy reports (default: stderr; stdout carries the protocol). */
  log?: (message: string) => void;
  /** First restart delay of a crashed server, ms (default 250, doubling up to 30 s). */
  restartDelayMs?: number;
}

/** A running guard proxy. */
export interface GuardProxy {
  /** The engine judging every call. */
  readonly engine: PolicyEngine;
  /** The validated configuration. */
  readonly config: GuardProxyConfig;
  /** The approval queue (when approvals fall back to it): list and answer pending calls. */
  readonly queue: QueueApprover | undefined;
  /** Serves one client over a transport (stdio, in-memory, …); resolves once connected. */
  connect(transport: Transport): Promise<Server>;
  /** Serves Streamable HTTP; options default to the config's `http` section. */
  listen(options?: Partial<HttpServeConfig>): Promise<HttpListener>;
  /** Every downstream tool under its client-facing name, with what blocks it. */
  tools(): CatalogEntry[];
  /** The tools a client is offered now. */
  listedTools(): Promise<Tool[]>;
  /** Each server's state: ready, connecting, down (restarting) or closed. */
  status(): Record<
    string,
    {
      /** Connection state of the server. */
      state: Downstream['state'];
      /** How many tools the server lists now. */
      tools: number;
      /** The last connection or listing error, when there was one. */
      error?: string;
    }
  >;
  /** Pins every connected server as it is now, in the lockfile. */
  pin(): void;
  /** Closes client sessions, downstream servers and the engine. */
  close(): Promise<void>;
}

const stderrLog = (message: string) => process.stderr.write(`portcullis-mcp: ${message}\n`);

/**
 * Starts the MCP guard proxy: connects every downstream server, checks their tools against the
 * lockfile and the description scan, and returns a proxy that serves clients (stdio, Streamable
 * HTTP, or any transport) — every `tools/call` judged by the policy before it is forwarded.
 *
 * @example
 * const proxy = await createGuardProxy({ config: await loadConfig('portcullis.yaml') });
 * await proxy.connect(new LineTransport());
 */
export async function createGuardProxy(options: GuardProxyOptions): Promise<GuardProxy> {
  const log = options.log ?? stderrLog;
  const config = parseConfig(options.config, {
    ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
    requireServers: options.servers === undefined,
  });
  const servers = { ...config.servers, ...(options.servers ?? {}) };
  const names = Object.keys(servers);
  if (names.length === 0) {
    throw new PortcullisError({ code: 'config_invalid', message: 'The proxy needs at least one server' });
  }
  if (!config.namespace && names.length > 1) {
    throw new PortcullisError({
      code: 'config_invalid',
      message: 'namespace: false needs exactly one server',
    });
  }

  let engine: PolicyEngine;
  let queue: QueueApprover | undefined;
  let approver: ElicitationApprover | undefined;
  if (options.engine) engine = options.engine;
  else ({ engine, queue, approver } = await buildEngine(config, log));

  const pins = config.pinning.enabled ? new PinRegistry({ path: config.pinning.lockfile, log }) : undefined;
  const sessions = new Set<Server>();
  const catalog = new Catalog({
    namespace: config.namespace,
    pins,
    scan: config.scan.action,
    engine,
    principal: config.principal,
    log,
  });
  let started = false;
  const downstreams: Downstream[] = [];
  const rebuild = () => {
    if (!started) return;
    catalog.rebuild(downstreams);
    for (const session of sessions) {
      // Clients re-list; they will see the tools as re-checked against the pins.
      session.sendToolListChanged().catch(() => {});
    }
  };
  const relaysRoots = new Set<Downstream>();
  for (const name of names) {
    const server = servers[name] as (typeof servers)[string];
    const relay = relayConfig(server.relay);
    const calls = new InFlightCalls();
    const downstream: Downstream = new Downstream({
      name,
      server,
      onChange: rebuild,
      log,
      clientInfo: { name: 'portcullis-mcp', version: PROXY_VERSION },
      ...(options.restartDelayMs === undefined ? {} : { restartDelayMs: options.restartDelayMs }),
      capabilities: relayCapabilities(relay),
      // Calls are tracked only for a server that relays something: nothing to route otherwise.
      ...(relay.sampling || relay.elicitation || relay.roots ? { calls } : {}),
      prepare: (client) =>
        installRelay(client, {
          server: name,
          relay,
          route: () => calls.route(name, sessions),
          timeoutMs: downstream.timeoutMs,
          log,
        }),
    });
    downstreams.push(downstream);
    if (relay.roots) relaysRoots.add(downstream);
  }
  // Servers connect in parallel; one that is slow or failing does not hold up the others for long.
  await Promise.all(downstreams.map((d) => d.start()));
  for (const d of downstreams)
    if (d.state !== 'ready') log(`server "${d.name}" is not available yet: ${d.lastError}`);

  const pinNow = () => {
    if (!pins) return;
    const ready = downstreams.filter((d) => d.state === 'ready');
    pins.pin(
      Object.fromEntries(ready.map((d) => [d.name, { instructions: d.instructions, tools: d.tools }])),
    );
    log(`pinned ${ready.map((d) => `${d.name} (${d.tools.length} tools)`).join(', ')} in ${pins.path}`);
  };
  if (options.pin) pinNow();
  started = true;
  catalog.rebuild(downstreams);

  // Watched from here on (the first rebuild may have created the lockfile's folder); whatever
  // changed before is caught by the watcher's first look.
  const watcher = pins ? new LockfileWatcher({ path: pins.path }) : undefined;
  const context: ProxyContext = {
    engine,
    catalog,
    passthrough: new Passthrough({ downstreams: () => downstreams, namespace: config.namespace }),
    downstream: (name) => downstreams.find((d) => d.name === name),
    recheckPins() {
      // No system call unless the watcher saw the lockfile change (or cannot watch it).
      if (pins && watcher?.changed() && pins.stale()) rebuild();
    },
    rootsChanged() {
      for (const d of relaysRoots) {
        d.sendRootsListChanged().then(
          (sent) =>
            log(
              `[${d.name}] notifications/roots/list_changed: ${sent ? 'relayed' : 'not relayed, the server is down'}`,
            ),
          (error: unknown) =>
            log(`[${d.name}] notifications/roots/list_changed: not relayed, ${(error as Error).message}`),
        );
      }
    },
    principal: config.principal,
    approver,
    elicitation: config.approvals.elicitation,
    instructions() {
      const parts = downstreams.flatMap((d) => {
        const blocked =
          d.tools.length > 0 && catalog.all().every((e) => e.server !== d.name || e.blocked !== undefined);
        return d.instructions && !blocked ? [`## ${d.name}\n${d.instructions}`] : [];
      });
      return parts.length > 0 ? parts.join('\n\n') : undefined;
    },
    serverInfo: { name: 'portcullis-mcp', version: PROXY_VERSION },
  };

  const newSession = () => {
    const server = createSessionServer(context);
    sessions.add(server);
    server.onclose = () => sessions.delete(server);
    return server;
  };
  const listeners: HttpListener[] = [];

  return {
    engine,
    config,
    queue,
    async connect(transport) {
      const server = newSession();
      await server.connect(transport);
      return server;
    },
    async listen(overrides = {}) {
      const http = { ...config.http, ...overrides };
      const token = http.auth === 'none' ? undefined : (http.token ?? process.env[http.tokenEnv]);
      if (http.auth !== 'none' && (token === undefined || token.length < 16)) {
        throw new PortcullisError({
          code: 'token_missing',
          message: `Streamable HTTP needs a bearer token of at least 16 characters: set ${http.tokenEnv} (or http.token), or set http.auth: none to serve without authentication`,
        });
      }
      const listener = await listenHttp(newSession, {
        host: http.host,
        port: http.port,
        path: http.path,
        token,
        allowedHosts: http.allowedHosts,
        allowedOrigins: http.allowedOrigins,
        maxBodyBytes: http.maxBodyBytes,
      });
      listeners.push(listener);
      return listener;
    },
    tools: () => catalog.all(),
    listedTools: () => catalog.listed(),
    status() {
      return Object.fromEntries(
        downstreams.map((d) => [
          d.name,
          {
            state: d.state,
            tools: d.tools.length,
            ...(d.lastError === undefined ? {} : { error: d.lastError }),
          },
        ]),
      );
    },
    pin() {
      pinNow();
      rebuild();
    },
    async close() {
      watcher?.close();
      await Promise.all(listeners.map((l) => l.close()));
      await Promise.all([...sessions].map((s) => s.close().catch(() => {})));
      await Promise.all(downstreams.map((d) => d.close()));
      await engine.close();
    },
  };
}
