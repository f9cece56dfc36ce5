import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import {
  type AuditSink,
  createEngine,
  type Guard,
  type PolicyInput,
  type QueueApprover,
  queueApprover,
  type SqliteSink,
  type StateStore,
  sqliteSink,
  sqliteStore,
} from '@portcullis/core';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type ApiKeyConfig, ApiKeyConfigSchema } from './api-keys.ts';
import { authenticate, requireRole } from './auth.ts';
import { budgetUsage } from './budget-usage.ts';
import { type EventBus, eventBus } from './event-bus.ts';
import { apiError } from './http-errors.ts';
import { serverMetrics } from './metrics.ts';
import { openApiDocument } from './openapi.ts';
import { PendingCalls } from './pending-calls.ts';
import { PolicyManager } from './policy-manager.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { auditRoutes } from './routes/audit.ts';
import { callRoutes } from './routes/calls.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { eventRoutes } from './routes/events.ts';
import { policyRoutes } from './routes/policy.ts';
import { decidingGuard, type ServerDeps, type ServerEnv, type ServerStats } from './server-deps.ts';
import { stampedSink } from './stamped-sink.ts';
import { SERVER_VERSION } from './version.ts';

/** Options of {@link createGuardServer}. Give `policyPath` or `policy`. */
export interface GuardServerOptions {
  /** The policy file (YAML, JSON); watched, and rewritten by `PUT /v1/policy` and rollback. */
  policyPath?: string;
  /** The policy itself, when there is no file: YAML / JSON text or an object. */
  policy?: string | PolicyInput;
  /** API keys, hashed (`hashApiKey`), each with its roles. */
  keys: readonly ApiKeyConfig[];
  /** Where the default SQLite state and audit live (default `./.portcullis`). */
  dataDir?: string;
  /** State store (default: `sqliteStore` at `<dataDir>/state.db`). Closed with the server only when it made it. */
  store?: StateStore;
  /** The queryable audit (default: `sqliteSink` at `<dataDir>/audit.db`); `false` for none. */
  audit?: SqliteSink | false;
  /** More audit sinks (a JSONL file, OpenTelemetry…). */
  sinks?: readonly AuditSink[];
  /** Custom guards, run after the built-in ones. */
  guards?: readonly Guard[];
  /** How long `POST /v1/run` waits for a human by default, ms (default: the policy's `approvalTimeoutMs`). */
  approvalTimeoutMs?: number;
  /** Largest request body, bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Requests per minute per key, unless the key sets its own (default 600). */
  rateLimitPerMinute?: number;
  /** How long a verdict waits for its settle before the server settles it, ms (default 10 min). */
  pendingTtlMs?: number;
  /** Most verdicts waiting for a settle (default 10,000). */
  maxPending?: number;
  /** How often the policy file is checked for changes, ms (default 1000; 0 turns watching off). */
  watchIntervalMs?: number;
  /** SSE keep-alive comment interval, ms (default 15 s). */
  keepAliveMs?: number;
  /** Failures that decide nothing (an audit write, a bad policy edit on disk). */
  onError?: (error: unknown) => void;
}

/** A running guard server. */
export interface GuardServer {
  /** The Hono app: mount it elsewhere, or call `fetch` in tests. */
  readonly app: Hono<ServerEnv>;
  /** Answers one request without a socket (the app's fetch handler). */
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** The approval queue the API answers. */
  readonly queue: QueueApprover;
  /** The live feed's events, to subscribe to in process. */
  readonly events: EventBus;
  /** The policy version in force. */
  readonly policyVersion: string;
  /** Starts listening (default 127.0.0.1, port 8787; port 0 picks a free one). */
  listen(options?: {
    /** Interface to bind (default 127.0.0.1). */
    host?: string;
    /** Port (default 8787; 0 picks a free one). */
    port?: number;
  }): Promise<{
    /** The server's base URL, e.g. http://127.0.0.1:8787. */
    url: string;
    /** The port bound. */
    port: number;
  }>;
  /** Stops listening, settles what waits, closes the store and sinks it made. */
  close(): Promise<void>;
}

/**
 * The Portcullis guard server: the policy engine over HTTP, for agents in any language, with the
 * approvals API, a live feed, Prometheus metrics, a dashboard at `/` and policy hot-swap.
 *
 * @example
 * const server = await createGuardServer({
 *   policyPath: './portcullis.yaml',
 *   keys: [{ name: 'bank-agent', hash: hashApiKey(process.env.AGENT_KEY!), roles: ['agent'] }],
 * });
 * const { url } = await server.listen({ port: 8787 });
 */
export async function createGuardServer(options: GuardServerOptions): Promise<GuardServer> {
  const keys = options.keys.map((key) => ApiKeyConfigSchema.parse(key));
  const dataDir = options.dataDir ?? './.portcullis';
  const onError = options.onError ?? ((error: unknown) => console.error('portcullis-server:', error));
  const ownStore = options.store === undefined;
  const store = options.store ?? sqliteStore({ path: join(dataDir, 'state.db') });
  const ownAudit = options.audit === undefined;
  const audit =
    options.audit === false ? undefined : (options.audit ?? sqliteSink({ path: join(dataDir, 'audit.db') }));
  const sinks = [...(audit ? [audit] : []), ...(options.sinks ?? [])];
  const events = eventBus();
  const queue = queueApprover({ store, wait: true, pollIntervalMs: 100 });
  const stats: ServerStats = {
    since: new Date().toISOString(),
    verdicts: { allow: 0, deny: 0, ask: 0, modify: 0 },
    outcomes: {},
    principals: [],
  };

  let text: string;
  if (options.policyPath !== undefined) text = await readFile(options.policyPath, 'utf8');
  else if (options.policy !== undefined) {
    text = typeof options.policy === 'string' ? options.policy : JSON.stringify(options.policy, null, 2);
  } else throw new TypeError('createGuardServer needs policyPath or policy');

  let metrics: ServerDeps['metrics'] | undefined;
  const policies = await PolicyManager.create({
    text,
    path: options.policyPath,
    store,
    build: (policy, version) =>
      createEngine({
        policy,
        store,
        ...(options.guards ? { guards: options.guards } : {}),
        audit: stampedSink({
          sinks,
          version,
          observe: (record) => {
            stats.outcomes[record.outcome] = (stats.outcomes[record.outcome] ?? 0) + 1;
            metrics?.outcome(record.outcome);
            events.publish({
              type: 'outcome',
              id: record.id,
              tool: record.tool,
              effect: record.effect,
              outcome: record.outcome,
              reason: record.reason,
              approver: record.approver ?? null,
              policyVersion: record.policyVersion,
            });
          },
        }),
        onError: (error) => onError(error),
      }),
    onSwap: (active) =>
      events.publish({
        type: 'policy',
        version: active.version,
        name: active.policy.name ?? null,
        source: active.source,
      }),
  });
  metrics = serverMetrics({
    pendingApprovals: async () => (await queue.list({ status: 'pending' })).length,
    budget: () => budgetUsage({ policy: policies.active.policy, store, principals: stats.principals }),
    policyVersion: () => policies.active.version,
  });
  const pending = new PendingCalls({
    ttlMs: options.pendingTtlMs ?? 600_000,
    max: options.maxPending ?? 10_000,
  });
  const deps: ServerDeps = {
    policies,
    store,
    audit,
    queue,
    events,
    metrics,
    pending,
    approvalTimeoutMs: options.approvalTimeoutMs,
    stats,
    observe(ctx, verdict, policyVersion) {
      stats.verdicts[verdict.effect] += 1;
      metrics?.verdict(verdict);
      const seen = JSON.stringify(ctx.principal ?? null);
      if (!stats.principals.some((p) => JSON.stringify(p ?? null) === seen)) {
        stats.principals.unshift(ctx.principal);
        stats.principals.length = Math.min(stats.principals.length, 20);
      }
      events.publish({
        type: 'verdict',
        id: verdict.id,
        tool: ctx.tool,
        principal: ctx.principal ?? null,
        effect: verdict.effect,
        guard: decidingGuard(verdict),
        reason: verdict.reason,
        policyVersion,
      });
    },
  };

  const app = new Hono<ServerEnv>();
  app.onError((error, c) => {
    onError(error);
    return apiError(c, 500, 'internal_error', 'The server failed to answer');
  });
  app.notFound((c) => apiError(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}`));
  app.use(
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 1_048_576,
      onError: (c) =>
        apiError(
          c,
          413,
          'body_too_large',
          `The body is larger than ${options.bodyLimitBytes ?? 1_048_576} bytes`,
        ),
    }),
  );
  app.get('/healthz', (c) => c.json({ ok: true, policyVersion: policies.active.version }));
  dashboardRoutes(app);
  const auth = authenticate({ keys, rateLimitPerMinute: options.rateLimitPerMinute ?? 600 });
  app.use('/v1/*', auth);
  app.use('/metrics', auth);
  app.use('/openapi.json', auth);
  callRoutes(app, deps);
  approvalRoutes(app, deps);
  auditRoutes(app, deps);
  policyRoutes(app, deps);
  eventRoutes(app, deps, options.keepAliveMs ?? 15_000);
  app.get('/metrics', requireRole('operator'), async (c) =>
    c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  );
  app.get('/openapi.json', (c) => c.json(openApiDocument({ version: SERVER_VERSION })));

  const stopWatching =
    options.policyPath !== undefined && options.watchIntervalMs !== 0
      ? policies.watch({ intervalMs: options.watchIntervalMs ?? 1000, onError })
      : () => {};
  let server: Server | undefined;

  return {
    app,
    fetch: (request) => app.fetch(request),
    queue,
    events,
    get policyVersion() {
      return policies.active.version;
    },
    listen(listenOptions = {}) {
      return new Promise((resolve, reject) => {
        const host = listenOptions.host ?? '127.0.0.1';
        const started = serve(
          { fetch: app.fetch, hostname: host, port: listenOptions.port ?? 8787 },
          (info: AddressInfo) => {
            const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
            resolve({ url: `http://${shown}:${info.port}`, port: info.port });
          },
        ) as Server;
        started.once('error', reject);
        server = started;
      });
    },
    async close() {
      stopWatching();
      if (server) {
        const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
        // Open SSE streams would otherwise hold the server open.
        server.closeAllConnections();
        await closing;
      }
      await pending.drain();
      await Promise.all(sinks.map((sink) => sink.flush?.()));
      if (ownAudit) await audit?.close?.();
      if (ownStore) await store.close?.();
    },
  };
}
