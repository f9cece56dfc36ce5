import assert from 'node:assert/strict';
import { nodeProtocol, openApiProblems, protocolDrift, pythonProtocol } from './drift.ts';
import type { Exchange } from './guard-client.ts';

/**
 * Asserts that `agent.py` uses exactly the routes, methods and JSON fields the Node twin used (so
 * the Python documentation cannot silently diverge from what the tests run), that the twin's
 * exchanges fit the server's OpenAPI document, and that the check itself fails when a route or a
 * field is renamed in one place only.
 *
 * @example
 * checkDrift({ python: readFileSync('agent.py', 'utf8'), log, openApi }); // { routes: 5, fields: 31 }
 */
export function checkDrift(options: {
  /** The text of agent.py. */
  python: string;
  /** The exchanges the Node twin made. */
  log: readonly Exchange[];
  /** The server's `GET /openapi.json`. */
  openApi: Record<string, unknown>;
}): { routes: number; fields: number } {
  const { python, log, openApi } = options;
  const py = pythonProtocol(python);
  const node = nodeProtocol(log);
  assert.deepEqual(protocolDrift(py, node), []);
  assert.deepEqual(openApiProblems(openApi, log), []);
  assert.deepEqual(py.routes, [
    'GET /v1/approvals?status=pending',
    'GET /v1/audit?since={}&limit=50',
    'POST /v1/approvals/{}/approve',
    'POST /v1/run',
    'POST /v1/settle',
  ]);

  // The check can fail: a route renamed in agent.py only…
  const renamed = python.replace('"/v1/settle"', '"/v1/settled"');
  assert.notEqual(renamed, python);
  assert.deepEqual(protocolDrift(pythonProtocol(renamed), node), [
    'routes only in agent.py: POST /v1/settled',
    'routes only in the Node twin: POST /v1/settle',
  ]);
  // …or in the Node twin only (which the server's document does not know either)…
  const twin = log.map((e) => (e.route === '/v1/settle' ? { ...e, route: '/v1/settled' } : e));
  assert.deepEqual(protocolDrift(py, nodeProtocol(twin)), [
    'routes only in agent.py: POST /v1/settle',
    'routes only in the Node twin: POST /v1/settled',
  ]);
  assert.ok(openApiProblems(openApi, twin).includes('POST /v1/settled: not in the OpenAPI document'));
  // …a field renamed in agent.py (sent, or read)…
  const field = python
    .replace('"outcome": outcome', '"result": outcome')
    .replace('["approvals"]', '["items"]');
  assert.deepEqual(protocolDrift(pythonProtocol(field), node), [
    'sent only in agent.py: result',
    'sent only in the Node twin: outcome',
    'read only in agent.py: items',
    'read only in the Node twin: approvals',
  ]);
  // …or a route written where the extraction cannot pair it with a method.
  assert.throws(
    () => pythonProtocol(`${python}\nHEALTH = "/healthz"\n`),
    /routes without an HTTP method before them: \/healthz/,
  );
  return { routes: py.routes.length, fields: new Set([...py.sent, ...py.read]).size };
}
