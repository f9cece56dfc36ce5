// The portcullis-mcp config both MCP proxy benchmarks run: server-everything behind the proxy,
// judged by the same policy, so their figures compare.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** server-everything's entry point, as installed for the benchmarks. */
export const everythingServer = fileURLToPath(
  new URL('../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url),
);

/** Scope globs, a rule on the echoed text and the sensitive-data scan judge every call. */
export const BENCH_POLICY = `  version: 1
  guards:
    scope: { allow: ["everything__*"], deny: ["everything__get-env"] }
    sensitiveData: { secrets: true, action: deny }
  rules:
    - { name: no-secrets, tools: ["everything__echo"], when: { message: { contains: password } }, effect: deny, reason: no }`;

/** Writes `dir/name`: the proxy config with `policy` (indented YAML) and `extra` top-level YAML. */
export function writeProxyConfig(dir: string, name: string, policy: string, extra = ''): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    `servers:
  everything: { command: ${JSON.stringify(process.execPath)}, args: [${JSON.stringify(everythingServer)}] }
policy:
${policy}
state: { type: memory }
${extra}
`,
  );
  return path;
}
