import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Outcome, Verdict } from '@portcullis/core';

const outcomeWords: Record<Exclude<Outcome, 'executed' | 'failed'>, string> = {
  blocked: 'it was blocked by policy',
  rejected: 'a human rejected it',
  expired: 'nobody approved it in time',
};

/**
 * The result standing in for a call that did not run: `isError: true` with the reason as text,
 * so the model reads why (the MCP guidance for tool errors) instead of the client failing the
 * request. The verdict id is in `_meta` for programs and the audit.
 *
 * @example
 * denialResult('fs__write_file', verdict, 'blocked')
 * // { isError: true, content: [{ type: 'text', text: 'The tool call "fs__write_file" was NOT executed: …' }], … }
 */
export function denialResult(
  tool: string,
  verdict: Verdict,
  outcome: Exclude<Outcome, 'executed' | 'failed'>,
): CallToolResult {
  return {
    content: [
      {
        type: 'text',
        text: `The tool call "${tool}" was NOT executed: ${outcomeWords[outcome]}. Reason: ${verdict.reason}. Do not retry the same call; change the request or ask the user.`,
      },
    ],
    isError: true,
    _meta: { portcullis: { verdictId: verdict.id, effect: verdict.effect, outcome } },
  };
}

/** The result of a call whose server failed (down, crashed, timed out): readable by the model too. */
export function serverErrorResult(tool: string, server: string, message: string): CallToolResult {
  return {
    content: [
      { type: 'text', text: `The tool call "${tool}" failed: server "${server}" did not answer: ${message}` },
    ],
    isError: true,
  };
}
