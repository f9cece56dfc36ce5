import type { Tool } from './bank-tools.ts';
import { type GuardClient, GuardUnavailable, REQUEST_TIMEOUT_MS } from './guard-client.ts';
import { untracked } from './tracked.ts';

// The twin of agent.py's agent and operator functions: the same requests, the same fields read,
// the same sentences for the model. The drift check holds the two files to that.

/** Who is acting: recorded in every audit record, and the key budgets and rate limits are kept by. */
export const PRINCIPAL = { agentId: 'payments-agent', userId: 'u-42' };

/** How long a call may wait for a person. */
export const APPROVAL_WAIT_MS = 30_000;

/**
 * Runs one planned tool call through the guard server; resolves to what the model is told.
 * The tool runs only on `status: "execute"`, with `verdict.args`; anything else, or no usable
 * answer, and it does not run.
 *
 * @example
 * await guardedCall({ agent, tools, tool: 'get_balance', args: { account: 'checking' } });
 */
export async function guardedCall(options: {
  /** A client with the agent key. */
  agent: GuardClient;
  /** The tools by name. */
  tools: Record<string, Tool>;
  /** The tool the model called. */
  tool: string;
  /** Its arguments, as the model wrote them. */
  args: Record<string, unknown>;
  /** Written to when settling fails (the tool has run by then). */
  warn?: (line: string) => void;
}): Promise<string> {
  const { agent, tool, args } = options;
  const context = { tool, args, principal: PRINCIPAL };
  let answer: Awaited<ReturnType<GuardClient['request']>>;
  try {
    // The timeout must outlast the approval wait: the server answers once a person has decided.
    answer = await agent.request({
      method: 'POST',
      route: '/v1/run',
      body: { context, approvalTimeoutMs: APPROVAL_WAIT_MS },
      timeoutMs: APPROVAL_WAIT_MS + REQUEST_TIMEOUT_MS,
    });
  } catch (error) {
    if (!(error instanceof GuardUnavailable)) throw error;
    return `${tool} was not run: no answer from the guard server (${error.message})`;
  }

  const status = answer['status'];
  const verdict = answer['verdict'];
  if (!isObject(verdict) || typeof verdict['id'] !== 'string') {
    return `${tool} was not run: the guard server's answer has no verdict`;
  }
  if (status !== 'execute') {
    // "blocked", "rejected", "expired", or a status this client does not know: never run.
    return `${tool} was not run (${String(status)}): ${String(verdict['reason'])}`;
  }
  const runArgs = verdict['args'];
  if (!isObject(runArgs)) return `${tool} was not run: the verdict has no arguments`;

  // Run the tool with the arguments the server handed back, not the ones the model wrote.
  let result: string;
  try {
    const run = Object.hasOwn(options.tools, tool) ? options.tools[tool] : undefined;
    if (!run) throw new Error(`no tool ${tool}`);
    result = run(runArgs);
  } catch (error) {
    // A tool fault, not a block: the model hears it, and the audit says "failed".
    const message = error instanceof Error ? error.message : String(error);
    await settle({ ...options, verdictId: verdict['id'], outcome: 'failed', error: message });
    return `${tool} failed: ${message}`;
  }
  await settle({ ...options, verdictId: verdict['id'], outcome: 'executed' });
  return result;
}

/** Tells the server how the call ended: writes the audit record, commits or releases budgets. */
async function settle(options: {
  agent: GuardClient;
  verdictId: string;
  outcome: 'executed' | 'failed';
  error?: string;
  warn?: (line: string) => void;
}): Promise<void> {
  const { agent, verdictId, outcome, error } = options;
  const warn = options.warn ?? (() => {});
  const body = {
    id: verdictId,
    outcome,
    // The API keeps at most 2,000 characters.
    ...(error === undefined ? {} : { error: error.slice(0, 2000) }),
  };
  try {
    const answer = await agent.request({ method: 'POST', route: '/v1/settle', body });
    if (answer['settled'] !== true) warn(`warning: settle of ${verdictId} was not confirmed`);
  } catch (failure) {
    if (!(failure instanceof GuardUnavailable)) throw failure;
    // The tool has run and cannot be undone. The server settles the call itself after its
    // time-to-live (as "failed"), so the audit still gets a record.
    warn(`warning: could not settle ${verdictId}: ${failure.message}`);
  }
}

/**
 * The operator's side: waits for a pending approval of `tool` and approves it; resolves to the
 * approval's new status.
 *
 * @example
 * await approvePending({ operator, tool: 'transfer_funds' }); // 'approved'
 */
export async function approvePending(options: {
  /** A client with the operator key. */
  operator: GuardClient;
  /** The tool whose approval to look for. */
  tool: string;
  /** How long to look, ms. */
  withinMs?: number;
  /** Shown what the operator sees. */
  say?: (line: string) => void;
}): Promise<string> {
  const { operator, tool } = options;
  const deadline = performance.now() + (options.withinMs ?? 10_000);
  try {
    while (performance.now() < deadline) {
      const listing = await operator.request({ method: 'GET', route: '/v1/approvals?status=pending' });
      for (const approval of asArray(listing['approvals'])) {
        if (approval['tool'] === tool) {
          const reasons = asArray(approval['reasons']).join('; ');
          options.say?.(`  operator sees ${tool} ${JSON.stringify(untracked(approval['args']))}: ${reasons}`);
          const answer = await operator.request({
            method: 'POST',
            route: '/v1/approvals/{id}/approve',
            params: { id: String(approval['id']) },
            body: {},
          });
          return String(asObject(answer['approval'])['status']);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    if (!(error instanceof GuardUnavailable)) throw error;
    // Nobody approved: the agent's call runs into its wait and is denied ("expired").
    return `no answer from the guard server (${error.message})`;
  }
  return 'nothing to approve';
}

/**
 * The audit since `sinceMs` (epoch ms), oldest first: one line per call that reached the policy.
 *
 * @example
 * await auditLines({ operator, sinceMs: started }); // ['get_balance allow executed -', …]
 */
export async function auditLines(options: {
  /** A client with the operator key. */
  operator: GuardClient;
  /** Records from this time on (the server's clock decides). */
  sinceMs: number;
}): Promise<string[]> {
  const answer = await options.operator.request({
    method: 'GET',
    route: '/v1/audit?since={since}&limit=50',
    params: { since: String(options.sinceMs) },
  });
  // The API lists the newest first.
  return asArray(answer['records'])
    .reverse()
    .map(
      (record) =>
        `${String(record['tool'])} ${String(record['effect'])} ${String(record['outcome'])} ${String(record['approver'] ?? '-')}`,
    );
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Python's `for x in answer["list"]`: a missing or malformed list is an error, as a TypeError there. */
function asArray(value: unknown): JsonObject[] {
  if (!Array.isArray(value)) throw new GuardUnavailable('expected a list in the answer');
  return [...value] as JsonObject[];
}

function asObject(value: unknown): JsonObject {
  if (!isObject(value)) throw new GuardUnavailable('expected an object in the answer');
  return value;
}
