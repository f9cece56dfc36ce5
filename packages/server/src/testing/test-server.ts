import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashApiKey } from '../api-keys.ts';
import { createGuardServer, type GuardServer, type GuardServerOptions } from '../create-guard-server.ts';
import { BANK_POLICY } from './bank-policy.ts';

export const AGENT_KEY = 'pcs_test_agent_key';
export const OPERATOR_KEY = 'pcs_test_operator_key';

/** A guard server on 127.0.0.1 (a free port) over a fresh data directory and policy file. */
export interface TestServer {
  server: GuardServer;
  url: string;
  dir: string;
  policyPath: string;
  /** A JSON request; `key` defaults to the agent key for /v1/evaluate-like routes, operator otherwise. */
  api(
    method: string,
    path: string,
    options?: { body?: unknown; key?: string | null; raw?: string },
  ): Promise<{
    status: number;
    // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field and assert them exactly
    body: any;
    headers: Headers;
  }>;
  close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<GuardServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-server-'));
  const policyPath = join(dir, 'portcullis.yaml');
  writeFileSync(policyPath, BANK_POLICY);
  const server = await createGuardServer({
    policyPath,
    dataDir: dir,
    keys: [
      { name: 'bank-agent', hash: hashApiKey(AGENT_KEY), roles: ['agent'] },
      { name: 'ops', hash: hashApiKey(OPERATOR_KEY), roles: ['operator'] },
    ],
    watchIntervalMs: 0,
    onError: () => {},
    ...overrides,
  });
  const { url } = await server.listen({ port: 0 });
  const agentPaths = ['/v1/evaluate', '/v1/run', '/v1/settle', '/v1/explain'];
  return {
    server,
    url,
    dir,
    policyPath,
    async api(method, path, options = {}) {
      const key =
        options.key === undefined ? (agentPaths.includes(path) ? AGENT_KEY : OPERATOR_KEY) : options.key;
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(key === null ? {} : { authorization: `Bearer ${key}` }),
          ...(options.body === undefined && (options.raw === undefined || method === 'GET')
            ? {}
            : { 'content-type': 'application/json' }),
        },
        ...(options.raw !== undefined && method !== 'GET' ? { body: options.raw } : {}),
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (metrics, the dashboard).
      }
      return { status: response.status, body, headers: response.headers };
    },
    close: () => server.close(),
  };
}
