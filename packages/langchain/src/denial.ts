import { ToolMessage } from '@langchain/core/messages';
import type { Outcome, Verdict } from '@portcullis/core';

const outcomeWords: Record<Exclude<Outcome, 'executed' | 'failed'>, string> = {
  blocked: 'it was blocked by policy',
  rejected: 'a human rejected it',
  expired: 'nobody approved it in time',
};

/**
 * What the model reads when a call did not run: that it was not executed, why, and not to retry
 * the same call (models otherwise tend to repeat a denied call verbatim).
 */
export function denialText(
  tool: string,
  verdict: Verdict,
  outcome: Exclude<Outcome, 'executed' | 'failed'>,
): string {
  return `The tool call "${tool}" was NOT executed: ${outcomeWords[outcome]}. Reason: ${verdict.reason}. Do not retry the same call; change the request or ask the user.`;
}

/** The error `ToolMessage` standing in for a call that did not run. */
export function denialMessage(
  toolCall: { id?: string | undefined; name: string },
  verdict: Verdict,
  outcome: Exclude<Outcome, 'executed' | 'failed'>,
): ToolMessage {
  return new ToolMessage({
    content: denialText(toolCall.name, verdict, outcome),
    tool_call_id: toolCall.id ?? '',
    name: toolCall.name,
    status: 'error',
    additional_kwargs: { portcullis: { verdictId: verdict.id, effect: verdict.effect, outcome } },
  });
}
