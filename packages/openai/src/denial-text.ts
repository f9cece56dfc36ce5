import type { Verdict } from '@portcullis/core';
import type { NotExecuted } from './tool-call.ts';

const outcomeWords: Record<NotExecuted, string> = {
  blocked: 'it was blocked by policy',
  rejected: 'a human rejected it',
  expired: 'nobody approved it in time',
};

/**
 * What the model reads when a call did not run: that it was not executed, why, and not to retry
 * the same call (models otherwise tend to repeat a denied call verbatim).
 *
 * @example
 * denialText('transfer_funds', verdict, 'blocked');
 * // 'The tool call "transfer_funds" was NOT executed: it was blocked by policy. Reason: …. Do not retry the same call; change the request or ask the user.'
 */
export function denialText(tool: string, verdict: Pick<Verdict, 'reason'>, outcome: NotExecuted): string {
  return `The tool call "${tool}" was NOT executed: ${outcomeWords[outcome]}. Reason: ${verdict.reason}. Do not retry the same call; change the request or ask the user.`;
}

/** What the model reads when the tool itself threw: the call ran (or started) and failed. */
export function failureText(tool: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `The tool call "${tool}" failed: ${message}`;
}
