import { ToolMessage } from '@langchain/core/messages';
import { denialText, type Outcome, type Verdict } from '@portcullis/core';

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
