import { isAbsolute, resolve } from 'node:path';
import { readYamlSource, type SourceLocator, schemaIssues } from '@portcullis/core';
import { ConfigValidationError } from './config-error.ts';
import { type GuardProxyConfig, GuardProxyConfigSchema } from './config-schema.ts';

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /** Name of the source (a file path), shown in errors. */
  source?: string;
  /** Folder relative paths are resolved against (default: `process.cwd()`). */
  baseDir?: string;
  /** Refuse a config without servers (default true; false when servers are also given in code). */
  requireServers?: boolean;
}

/**
 * Validates a proxy configuration: an object, or YAML / JSON text. Throws `ConfigValidationError`
 * naming every bad path (with its line, for text). Relative paths (policy file, state, audit,
 * lockfile, a server's `cwd`) are made absolute against `baseDir`.
 *
 * @example
 * const config = parseConfig('servers:\n  fs: { command: npx, args: [server-filesystem, .] }\npolicy: ./policy.yaml\n');
 */
export function parseConfig(value: unknown, options: ParseConfigOptions = {}): GuardProxyConfig {
  let input = value;
  let locate: SourceLocator | undefined;
  if (typeof value === 'string') {
    const source = readYamlSource(value);
    if (source.errors.length > 0) throw new ConfigValidationError(source.errors, options.source);
    ({ value: input, locate } = source);
  }
  const result = GuardProxyConfigSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const issues = schemaIssues(result.error.issues, { locate, schemaName: 'config' });
    throw new ConfigValidationError(issues, options.source);
  }
  const config = result.data;
  const servers = Object.keys(config.servers).length;
  if (servers === 0 && options.requireServers !== false) {
    throw new ConfigValidationError(
      [{ path: 'servers', message: 'expected at least one server', ...(locate?.(['servers']) ?? {}) }],
      options.source,
    );
  }
  if (!config.namespace && servers > 1) {
    throw new ConfigValidationError(
      [
        {
          path: 'namespace',
          message: 'namespace: false needs exactly one server (tool names from several servers could clash)',
          ...(locate?.(['namespace']) ?? {}),
        },
      ],
      options.source,
    );
  }
  return resolvePaths(config, resolve(config.baseDir ?? options.baseDir ?? process.cwd()));
}

function resolvePaths(config: GuardProxyConfig, baseDir: string): GuardProxyConfig {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(baseDir, path));
  const servers: GuardProxyConfig['servers'] = {};
  for (const [name, server] of Object.entries(config.servers)) {
    // A child's relative arguments mean what they say in the config file, wherever it is started.
    servers[name] = 'command' in server ? { ...server, cwd: at(server.cwd ?? '.') } : server;
  }
  return {
    ...config,
    baseDir,
    servers,
    policy: typeof config.policy === 'string' ? at(config.policy) : config.policy,
    state: config.state.type === 'sqlite' ? { ...config.state, path: at(config.state.path) } : config.state,
    audit: {
      ...(config.audit.jsonl ? { jsonl: at(config.audit.jsonl) } : {}),
      ...(config.audit.sqlite ? { sqlite: at(config.audit.sqlite) } : {}),
    },
    pinning: { ...config.pinning, lockfile: at(config.pinning.lockfile) },
  };
}
