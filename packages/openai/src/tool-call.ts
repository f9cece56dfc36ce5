import type { Outcome, Verdict } from '@portcullis/core';

/** What kind of call the model made; decides the shape of its reply. */
export type ToolCallKind = 'function' | 'custom' | 'mcp_approval_request';

/** Why a call was denied before the engine saw it. */
export type AdapterDenialCode = 'invalid_arguments' | 'unknown_tool' | 'unsupported_call';

/**
 * One tool call as the model made it, from either API, normalised.
 *
 * @example
 * const [call] = extractToolCalls(completion);
 * call; // { id: 'call_1', kind: 'function', api: 'chat', tool: 'transfer_funds', args: { amount: 50 }, ... }
 */
export interface ToolCall {
  /** The id every reply must carry: the Chat tool-call `id`, the Responses `call_id`, or the MCP approval request `id`. */
  id: string;
  /** `function`, `custom` (free-form input) or `mcp_approval_request` (a remote MCP call waiting for a yes/no). */
  kind: ToolCallKind;
  /** The API that produced the call. */
  api: 'chat' | 'responses';
  /** The name the policy sees: the tool name, `namespace__name` for namespaced tools, `server__name` for MCP. */
  tool: string;
  /** The tool name exactly as the model wrote it. */
  name: string;
  /** Parsed arguments; a custom tool's free-form text is `{ input }`. Empty when they could not be parsed. */
  args: Record<string, unknown>;
  /** The raw `arguments` JSON string (or the custom tool's `input`), as the model sent it. */
  raw: string;
  /** The MCP server label, for MCP approval requests. */
  server?: string | undefined;
  /** The Responses tool namespace, when the tool is namespaced. */
  namespace?: string | undefined;
  /** Set when the call is denied before the engine sees it: arguments that do not parse, a tool the app does not have. */
  invalid?:
    | {
        /** Why, as a code. */
        code: AdapterDenialCode;
        /** Why, as a sentence for the model. */
        reason: string;
      }
    | undefined;
}

/**
 * A call and its verdict, as `evaluateToolCalls` returns them (one per call, in order).
 *
 * @example
 * for (const { call, verdict } of results) console.log(call.tool, verdict.effect, verdict.reason);
 */
export interface ToolCallResult {
  /** The call. */
  call: ToolCall;
  /** The engine's verdict (or the adapter's deny, for an invalid call). Pass this object to `settle`, not a copy. */
  verdict: Verdict;
}

/** How a call that did not run ended. */
export type NotExecuted = Exclude<Outcome, 'executed' | 'failed'>;

/**
 * How one call ended, as `runToolCalls` reports it; `content` is the text the model receives.
 * A discriminated union on `outcome`.
 */
export type ToolCallOutput =
  | {
      /** The id the reply must carry. */
      callId: string;
      /** The call ran. */
      outcome: 'executed';
      /** What the model reads: the handler's result (strings as they are, anything else as JSON). */
      content: string;
      /** The handler's return value (`undefined` for an approved MCP call, which runs remotely). */
      result: unknown;
      /** The verdict it ran under. */
      verdict: Verdict;
    }
  | {
      /** The id the reply must carry. */
      callId: string;
      /** The handler threw: a tool fault, not a block. */
      outcome: 'failed';
      /** What the model reads: that the tool failed, with its error message. */
      content: string;
      /** What the handler threw. */
      error: unknown;
      /** The verdict it ran under. */
      verdict: Verdict;
    }
  | {
      /** The id the reply must carry. */
      callId: string;
      /** Why it did not run: blocked by policy, rejected by a person, or its approval expired. */
      outcome: NotExecuted;
      /** The denial: that the call was not executed, why, and not to retry it. */
      content: string;
      /** The final verdict (a deny when an approval was rejected or expired). */
      verdict: Verdict;
    };
