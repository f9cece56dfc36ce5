/** Where a call came from: the adapter that built its {@link CallContext}. */
export type CallSource = 'langchain' | 'ai-sdk' | 'openai' | 'mcp' | 'http' | 'direct';

/**
 * Who is acting. Adapters take identity from the framework's runtime context, never from the
 * tool arguments, which the model writes.
 */
export interface Principal {
  /** The agent making the call (selects `byAgent` overrides in the scope guard). */
  agentId?: string | undefined;
  /** The end user on whose behalf the agent acts. */
  userId?: string | undefined;
  /** The conversation or run; session-scoped limits are keyed by it. */
  sessionId?: string | undefined;
  /** The tenant in a multi-tenant deployment. */
  tenantId?: string | undefined;
  /** Roles of the principal, for approval chains and role-based rules. */
  roles?: readonly string[] | undefined;
}

/** Tool annotations as declared by the tool (MCP `annotations`, AI SDK / LangChain metadata). */
export interface ToolHints {
  /** The tool does not modify its environment. */
  readOnly?: boolean | undefined;
  /** The tool may perform destructive updates. */
  destructive?: boolean | undefined;
  /** Calling the tool twice with the same arguments has no additional effect. */
  idempotent?: boolean | undefined;
  /** The tool interacts with an open world of external entities. */
  openWorld?: boolean | undefined;
}

/**
 * One tool call, as every adapter presents it to the engine.
 *
 * @example
 * const ctx: CallContext = { tool: 'refund', args: { amount: 50 }, source: 'direct' };
 */
export interface CallContext {
  /** The tool name as the model sees it (MCP: `server__tool`). */
  tool: string;
  /** Parsed arguments (never a JSON string). */
  args: Record<string, unknown>;
  /** The framework's tool-call id. */
  callId?: string | undefined;
  /** The adapter that built this context. */
  source: CallSource;
  /** MCP downstream server name. */
  server?: string | undefined;
  /** Who is acting. */
  principal?: Principal | undefined;
  /** The user's request that led to this call (for the LLM judge). */
  intent?: string | undefined;
  /** Tool annotations. */
  hints?: ToolHints | undefined;
  /** Free-form data carried to guards and the audit (e.g. `traceId`). */
  metadata?: Record<string, unknown> | undefined;
}
