import { PolicySchema } from '@portcullis/core';
import { z } from 'zod';

/** A downstream server name: it prefixes its tools (`name__tool`), so only tool-name characters. */
export const ServerNameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/,
    'expected 1–32 characters of A-Z a-z 0-9 _ - (not starting with _ or -)',
  );

/** Which requests a downstream server may send to the client through the proxy: each off unless turned on. */
export const RelaySchema = z
  .strictObject({
    sampling: z
      .boolean()
      .default(false)
      .describe(
        "Relay the server's sampling/createMessage requests: it may then prompt the client's model (default false).",
      ),
    elicitation: z
      .boolean()
      .default(false)
      .describe(
        "Relay the server's elicitation/create requests: it may then ask the user for input (default false).",
      ),
    roots: z
      .boolean()
      .default(false)
      .describe(
        "Relay the server's roots/list requests and the client's roots list_changed: it may then learn the client's file roots (default false).",
      ),
  })
  .default({ sampling: false, elicitation: false, roots: false })
  .describe(
    'Which requests this server may send to the client, through the proxy; all off by default (refused with a JSON-RPC error).',
  );

const CommonServerShape = {
  timeoutMs: z
    .number()
    .int()
    .positive()
    .max(86_400_000)
    .optional()
    .describe('How long one request to this server may take, ms (default 60000; progress resets it).'),
  relay: RelaySchema,
};

/** A downstream server started as a child process and spoken to over stdio. */
export const StdioServerSchema = z.strictObject({
  command: z.string().min(1).describe('Program to start (e.g. node, npx, uvx).'),
  args: z.array(z.string()).default([]).describe('Its arguments.'),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe('Extra environment variables (added to a minimal default environment).'),
  cwd: z.string().optional().describe('Working directory (relative to the config file).'),
  ...CommonServerShape,
});

/** A downstream server reached over Streamable HTTP. */
export const HttpServerSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).describe('The MCP endpoint, e.g. http://127.0.0.1:3001/mcp.'),
  headers: z
    .record(z.string(), z.string())
    .optional()
    .describe('Headers sent with every request (e.g. its own Authorization).'),
  ...CommonServerShape,
});

/** A downstream server in the config: a stdio command or a Streamable HTTP URL. */
export const DownstreamServerSchema = z.union([StdioServerSchema, HttpServerSchema]);

/** Serving the proxy over Streamable HTTP (`--http`). */
export const HttpServeSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1').describe('Interface to bind (default loopback only).'),
  port: z.number().int().min(0).max(65_535).default(3000).describe('Port (0 picks a free one).'),
  path: z.string().startsWith('/').default('/mcp').describe('The MCP endpoint path.'),
  auth: z
    .enum(['bearer', 'none'])
    .default('bearer')
    .describe(
      'bearer (default): every request needs the token; none: no authentication (say so explicitly).',
    ),
  token: z
    .string()
    .min(16)
    .optional()
    .describe('The bearer token (prefer tokenEnv: keep secrets out of files).'),
  tokenEnv: z
    .string()
    .min(1)
    .default('PORTCULLIS_MCP_TOKEN')
    .describe('Environment variable holding the bearer token.'),
  allowedHosts: z
    .array(z.string().min(1))
    .optional()
    .describe('Host header values accepted (default: localhost, 127.0.0.1 and [::1] on the bound port).'),
  allowedOrigins: z
    .array(z.string().min(1))
    .default([])
    .describe('Browser origins accepted; requests with any other Origin get 403.'),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024)
    .describe('Largest request body, bytes (413 above).'),
});

const PrincipalSchema = z.strictObject({
  /** The agent making the calls (selects `byAgent` overrides in the scope guard). */
  agentId: z.string().optional(),
  /** The end user on whose behalf the agent acts. */
  userId: z.string().optional(),
  /** The conversation or run; session-scoped limits are keyed by it. */
  sessionId: z.string().optional(),
  /** The tenant in a multi-tenant deployment. */
  tenantId: z.string().optional(),
  /** Roles of the principal, for approval chains and role-based rules. */
  roles: z.array(z.string()).optional(),
});

/**
 * The proxy's configuration file (`portcullis-mcp --config portcullis.yaml`). Relative paths are
 * resolved against the file's folder.
 */
export const GuardProxyConfigSchema = z.strictObject({
  /** JSON Schema URL for editor completion; ignored by the proxy. */
  $schema: z.string().optional(),
  baseDir: z
    .string()
    .optional()
    .describe(
      'Folder relative paths resolve against, policy roots included (default: the config file folder).',
    ),
  servers: z
    .record(ServerNameSchema, DownstreamServerSchema)
    .default({})
    .describe('The downstream MCP servers, by name.'),
  namespace: z
    .boolean()
    .default(true)
    .describe('Prefix tool and prompt names with `server__`; false is allowed with a single server only.'),
  policy: z
    .union([z.string().min(1), PolicySchema])
    .describe('The policy: inline, or the path of a policy file (YAML, JSON, JS/TS module).'),
  principal: PrincipalSchema.optional().describe('Who is acting, for per-agent scopes and approvals.'),
  state: z
    .union([
      z.strictObject({
        /** Keep state in a SQLite file, so it survives restarts. */
        type: z.literal('sqlite'),
        /** The SQLite file (relative to the config file; default `.portcullis/state.db`). */
        path: z.string().min(1).default('.portcullis/state.db'),
      }),
      z.strictObject({
        /** Keep state in memory: lost when the proxy stops. */
        type: z.literal('memory'),
      }),
    ])
    .default({ type: 'sqlite', path: '.portcullis/state.db' })
    .describe('Where limits, counters and approvals live (default: a SQLite file).'),
  audit: z
    .strictObject({
      jsonl: z.string().min(1).optional().describe('Hash-chained JSON Lines audit log.'),
      sqlite: z.string().min(1).optional().describe('SQLite audit database.'),
    })
    .default({})
    .describe('Where every settled call is recorded.'),
  /** How `ask` verdicts reach a person. */
  approvals: z
    .strictObject({
      elicitation: z
        .boolean()
        .default(true)
        .describe('Ask the connected client (MCP elicitation) when it supports it.'),
      fallback: z
        .enum(['queue', 'deny'])
        .default('queue')
        .describe(
          'Otherwise: queue (the call is refused naming a pending approval id; the same call runs once approved) or deny.',
        ),
      timeoutMs: z.number().int().positive().optional().describe('How long an approval may wait, ms.'),
    })
    .default({ elicitation: true, fallback: 'queue' }),
  /** Tool pinning: tools are fixed at their pinned definitions, so a changed tool is blocked. */
  pinning: z
    .strictObject({
      enabled: z.boolean().default(true).describe('Block tools whose definition changed since pinned.'),
      lockfile: z
        .string()
        .min(1)
        .default('portcullis.lock.json')
        .describe('The lockfile (relative to the config file).'),
    })
    .default({ enabled: true, lockfile: 'portcullis.lock.json' }),
  /** The scan of tool descriptions for injected instructions. */
  scan: z
    .strictObject({
      action: z
        .enum(['warn', 'block', 'off'])
        .default('warn')
        .describe('What a poisoned description does: warn (log it) or block the tool.'),
    })
    .default({ action: 'warn' }),
  http: HttpServeSchema.default({
    host: '127.0.0.1',
    port: 3000,
    path: '/mcp',
    auth: 'bearer',
    tokenEnv: 'PORTCULLIS_MCP_TOKEN',
    allowedOrigins: [],
    maxBodyBytes: 4 * 1024 * 1024,
  }),
  maxMessageBytes: z
    .number()
    .int()
    .positive()
    .max(64 * 1024 * 1024)
    .default(4 * 1024 * 1024)
    .describe('Largest JSON-RPC message accepted from the client over stdio, bytes.'),
});

/** Which server-initiated requests a downstream server may send to the client. */
export type RelayConfig = z.infer<typeof RelaySchema>;
/** A validated proxy configuration, defaults applied. */
export type GuardProxyConfig = z.infer<typeof GuardProxyConfigSchema>;
/** A proxy configuration as written. */
export type GuardProxyConfigInput = z.input<typeof GuardProxyConfigSchema>;
/** A downstream server as configured: stdio or Streamable HTTP. */
export type DownstreamServerConfig = z.infer<typeof DownstreamServerSchema>;
/** The validated `http` section, defaults applied. */
export type HttpServeConfig = z.infer<typeof HttpServeSchema>;
