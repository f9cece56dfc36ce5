import { ToolCallDeniedError } from '@portcullis/core';

type StepLike = { content: readonly { type: string; approved?: boolean; error?: unknown }[] };

/**
 * A stop condition for `stopWhen`: ends the run once `count` tool calls in it did not run because
 * the policy (or a human) refused them. Without it, a model stuck on a refused call keeps asking
 * until the step limit; with it, a loop the rate limit broke also ends the run.
 *
 * @example
 * new ToolLoopAgent({ model, tools, toolApproval, stopWhen: [stepCountIs(20), deniedCountIs(2)] });
 */
export function deniedCountIs(count: number): (options: { steps: readonly StepLike[] }) => boolean {
  return ({ steps }) => {
    let denied = 0;
    for (const step of steps) {
      for (const part of step.content) {
        // toolApproval's denials reach the step as approval responses; guarded tools' as tool errors.
        if (part.type === 'tool-approval-response' && part.approved === false) denied += 1;
        else if (part.type === 'tool-error' && ToolCallDeniedError.isInstance(part.error)) denied += 1;
      }
    }
    return denied >= count;
  };
}
