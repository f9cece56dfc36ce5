/**
 * @portcullis/openai — Portcullis for the OpenAI SDK: judge every tool call of Chat Completions,
 * Responses and the Agents SDK before your app runs it, and build the replies.
 *
 * @example
 * import { evaluateToolCalls, runToolCalls, toToolMessages } from '@portcullis/openai';
 *
 * @module @portcullis/openai
 */

// Streaming
export { ChatToolCallAccumulator } from './chat-tool-call-accumulator.ts';
// Replies and history
// Evaluation and execution
export { type EvaluateToolCallsOptions, evaluateToolCalls } from './evaluate-tool-calls.ts';
// Calls
export { type ExtractToolCallsOptions, extractToolCalls, type ToolCallSource } from './extract-tool-calls.ts';
// Agents SDK
export { type GuardAgentToolOptions, guardAgentTool, guardAgentTools } from './guard-agent-tools.ts';
// runTools
export { type GuardRunnableToolsOptions, guardRunnableTools } from './guard-runnable-tools.ts';
export type { KnownTool } from './known-tools.ts';
export { type ToolCallOutputs, toResponsesInputItems, toToolMessages } from './reply-builders.ts';
export { rewriteAssistantMessage, rewriteOutputItems } from './rewrite.ts';
export { type RunToolCallsOptions, runToolCalls, type ToolHandler } from './run-tool-calls.ts';
export type {
  AdapterDenialCode,
  NotExecuted,
  ToolCall,
  ToolCallKind,
  ToolCallOutput,
  ToolCallResult,
} from './tool-call.ts';
