/**
 * @portcullis/mcp — the MCP guard proxy: one MCP server in front of the servers a client uses,
 * judging every `tools/call` with the Portcullis policy before it is forwarded.
 *
 * @example
 * import { createGuardProxy, loadConfig, LineTransport } from '@portcullis/mcp';
 * const proxy = await createGuardProxy({ config: await loadConfig('portcullis.yaml') });
 * await proxy.connect(new LineTransport());
 *
 * @module @portcullis/mcp
 */

// Approvals
export {
  approvalForm,
  type Elicit,
  type ElicitationApprover,
  elicitationApprover,
} from './approvals/elicitation-approver.ts';
// The proxy
export type { CatalogEntry } from './catalog.ts';
export { cliProgram, runCli } from './cli.ts';
// Configuration
export { type ConfigIssue, ConfigValidationError } from './config/config-error.ts';
export {
  type DownstreamServerConfig,
  DownstreamServerSchema,
  type GuardProxyConfig,
  type GuardProxyConfigInput,
  GuardProxyConfigSchema,
  type HttpServeConfig,
  HttpServeSchema,
  type RelayConfig,
  RelaySchema,
} from './config/config-schema.ts';
export { loadConfig } from './config/load-config.ts';
export { type ParseConfigOptions, parseConfig } from './config/parse-config.ts';
export { denialResult } from './denial.ts';
export type { DownstreamServer, TransportServer } from './downstream/downstream-transport.ts';
export { createGuardProxy, type GuardProxy, type GuardProxyOptions } from './guard-proxy.ts';
// Pinning
export {
  instructionsHash,
  type Lockfile,
  LockfileSchema,
  readLockfile,
  type ServerPin,
  toolHash,
  writeLockfile,
} from './pinning/lockfile.ts';
// Description scan
export { type ScanFinding, type ScanKind, type ScanToolOptions, scanTool } from './scan/scan-tool.ts';
// Serving
export type { HttpListener } from './serve/http-listener.ts';
export { LineTransport, type LineTransportOptions } from './serve/line-transport.ts';
export { exposedNames } from './tool-names.ts';
