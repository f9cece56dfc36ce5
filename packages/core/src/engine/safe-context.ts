import { plainPrincipal } from '../audit/audit-record.ts';
import type { CallContext, CallSource } from '../context.ts';
import { isPlainObject } from '../util/maybe-promise.ts';

const sources = new Set<unknown>(['langchain', 'ai-sdk', 'openai', 'mcp', 'http', 'direct']);

/**
 * A context for refusing a call that cannot throw, whatever `ctx` is: each field is read once, in
 * a `try`, and kept only when it has the right type. A refusal is the engine's last answer — it
 * must not read the getter that just failed a second time. Arguments that are not a plain object
 * become `{}`; a caller's W3C trace id is kept.
 *
 * @example
 * safeContext({ get tool() { throw new Error('x') }, args: {} }) // { tool: '', args: {}, source: 'direct' }
 */
export function safeContext(ctx: unknown): CallContext {
  const tool = readOnce(ctx, 'tool');
  const args = readOnce(ctx, 'args');
  const source = readOnce(ctx, 'source');
  const safe: CallContext = {
    tool: typeof tool === 'string' ? tool : '',
    args: plainOrEmpty(args),
    source: sources.has(source) ? (source as CallSource) : 'direct',
  };
  const callId = readOnce(ctx, 'callId');
  if (typeof callId === 'string') safe.callId = callId;
  const server = readOnce(ctx, 'server');
  if (typeof server === 'string') safe.server = server;
  const principal = readOnce(ctx, 'principal');
  if (principal !== null && typeof principal === 'object') safe.principal = plainPrincipal(principal);
  const traceId = readOnce(readOnce(ctx, 'metadata'), 'traceId');
  if (typeof traceId === 'string') safe.metadata = { traceId };
  return safe;
}

function plainOrEmpty(args: unknown): Record<string, unknown> {
  try {
    // A proxy can throw even from its prototype.
    return isPlainObject(args) ? args : {};
  } catch {
    return {};
  }
}

/** `value[key]`, or undefined when `value` is not an object or reading it throws. */
export function readOnce(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}
