/**
 * @portcullis/ai-sdk — Portcullis for the Vercel AI SDK 7: every tool call is judged before it runs.
 *
 * @example
 * import { createGuard } from '@portcullis/ai-sdk';
 * const guard = createGuard({ engine });
 * await generateText({ model: wrapLanguageModel({ model, middleware: guard.middleware }),
 *   tools: guard.tools(tools), toolApproval: guard.toolApproval, prompt });
 *
 * @module @portcullis/ai-sdk
 */

// Helpers
export { isGuardedTool } from './call-context.ts';
// The five-line setup
export { type CreateGuardOptions, createGuard, type Guard } from './create-guard.ts';
export { deniedCountIs } from './denied-count-is.ts';
// The pieces
export { type GuardToolsOptions, guardTools } from './guard-tools.ts';
export { type PortcullisMiddlewareOptions, portcullisMiddleware } from './middleware.ts';
export {
  type PortcullisToolApproval,
  type ToolApprovalInput,
  type ToolApprovalOptions,
  toolApproval,
} from './tool-approval.ts';
