import { isAbsolute, resolve } from 'node:path';
import { isDocument, LineCounter, parseDocument } from 'yaml';
import { type ConfigIssue, ConfigValidationError } from './config-error.ts';
import { type GuardProxyConfig, GuardProxyConfigSchema } from './config-schema.ts';
import { flattenIssues, formatPath } from './format-issues.ts';

/** Options of {@link parseConfig}. */
export interface ParseConfigOptions {
  /** Name of the source (a file path), shown in errors. */
  source?: string;
  /** Folder relative paths are resolved against (default: `process.cwd()`). */
  baseDir?: string;
  /** Refuse a config without servers (default true; false when servers are also given in code). */
  requireServers?: boolean;
}

type Locator = (path: readonly PropertyKey[]) => { line: number; column: number } | undefined;

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
  let locate: Locator | undefined;
  if (typeof value === 'string') ({ input, locate } = readText(value, options.source));
  const result = GuardProxyConfigSchema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const issues: ConfigIssue[] = flattenIssues(result.error.issues).map(({ path, message }) => ({
      path: formatPath(path),
      message,
      ...(locate?.(path) ?? {}),
    }));
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

function readText(text: string, source: string | undefined): { input: unknown; locate: Locator } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigValidationError(
      doc.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          path: '',
          message: `syntax error: ${error.message.split('\n')[0]}`,
          line: position.line,
          column: position.col,
        };
      }),
      source,
    );
  }
  const locate: Locator = (path) => {
    if (!isDocument(doc)) return undefined;
    // The deepest node that exists on the path: a missing key points at its parent.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as
        | { range?: [number, number, number] }
        | undefined;
      if (node?.range) {
        const position = lineCounter.linePos(node.range[0]);
        return { line: position.line, column: position.col };
      }
    }
    return undefined;
  };
  return { input: doc.toJS({ maxAliasCount: 100 }), locate };
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
