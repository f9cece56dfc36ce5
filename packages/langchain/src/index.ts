/**
 * @portcullis/langchain — Portcullis for LangChain JS.
 *
 * @example
 * import { guardTools, portcullisMiddleware } from '@portcullis/langchain';
 *
 * @module @portcullis/langchain
 */

// Messages
export { denialMessage } from './denial.ts';
// Guarded tools
export {
  type GuardToolOptions,
  guardTool,
  guardTools,
  isGuardedTool,
  type ToolSource,
} from './guard-tool.ts';
// createAgent middleware
export {
  type PortcullisInterrupt,
  type PortcullisMiddlewareOptions,
  type PortcullisResume,
  portcullisMiddleware,
} from './middleware.ts';
