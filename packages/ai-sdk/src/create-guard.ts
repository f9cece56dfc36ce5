import type { PolicyEngine, Principal } from '@portcullis/core';
import type { ToolSet } from 'ai';
import { guardTools } from './guard-tools.ts';
import { portcullisMiddleware } from './middleware.ts';
import { type PortcullisToolApproval, toolApproval } from './tool-approval.ts';

/** Options of {@link createGuard}. */
export interface CreateGuardOptions {
  /** The engine that judges each call. */
  engine: PolicyEngine;
  /** Identity when the run's `runtimeContext` names none; create a guard per request for per-user identity. */
  principal?: Principal;
  /** Remove from the model's tool list the tools the principal may never call (default true). */
  hideForbiddenTools?: boolean;
}

/** The three pieces, sharing one record of verdicts so each call is judged and audited once. */
export interface Guard {
  /** Pass as `toolApproval` to `generateText`, `streamText` or `ToolLoopAgent`. */
  toolApproval: PortcullisToolApproval;
  /** Wraps a tool set: `tools: guard.tools({ ... })`. */
  tools: <TOOLS extends ToolSet>(tools: TOOLS) => TOOLS;
  /** For `wrapLanguageModel({ model, middleware: guard.middleware })`. */
  middleware: ReturnType<typeof portcullisMiddleware>;
}

/**
 * Everything for the usual setup in one call: the `toolApproval` function, the tool wrapper and
 * the model middleware.
 *
 * @example
 * const guard = createGuard({ engine });
 * const result = await generateText({
 *   model: wrapLanguageModel({ model, middleware: guard.middleware }),
 *   tools: guard.tools({ transfer_funds }),
 *   toolApproval: guard.toolApproval,
 *   prompt: 'Pay the landlord $50',
 * });
 */
export function createGuard(options: CreateGuardOptions): Guard {
  return {
    toolApproval: toolApproval(options),
    tools: (tools) => guardTools(tools, options),
    middleware: portcullisMiddleware(options),
  };
}
