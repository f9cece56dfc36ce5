import type { Outcome, Verdict } from './decision.ts';

const outcomeWords: Record<Exclude<Outcome, 'executed' | 'failed'>, string> = {
  blocked: 'it was blocked by policy',
  rejected: 'a human rejected it',
  expired: 'nobody approved it in time',
};

/**
 * What a model reads when a call did not run: that it was not executed, why, and not to retry
 * the same call (models otherwise tend to repeat a denied call verbatim). Every adapter answers
 * the model with this text, so a denial reads the same in every framework.
 *
 * @example
 * denialText('transfer_funds', verdict, 'blocked');
 * // 'The tool call "transfer_funds" was NOT executed: it was blocked by policy. Reason: … Do not retry …'
 */
export function denialText(
  tool: string,
  verdict: Pick<Verdict, 'reason'>,
  outcome: Exclude<Outcome, 'executed' | 'failed'>,
): string {
  return `The tool call "${tool}" was NOT executed: ${outcomeWords[outcome]}. Reason: ${verdict.reason}. Do not retry the same call; change the request or ask the user.`;
}
