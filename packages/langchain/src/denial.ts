import { ToolMessage } from '@langchain/core/messages';
import { denialText, type Outcome, type Verdict } from '@portcullis/core';

/**
 * The error `ToolMessage` standing in for a call that did not run.
 *
 * @example
 * if (verdict.effect === 'deny') return denialMessage(request.toolCall, verdict, 'blocked');
 */
export function denialMessage(
  toolCall: {
    /** The model's tool-call id, which the message answers. */
    id?: string | undefined;
    /** The tool's name. */
    name: string;
  },
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
