import type { Outcome, Verdict } from '../decision.ts';
import { denialText } from '../denial-text.ts';
import { PortcullisError } from './portcullis-error.ts';

/**
 * Thrown by `guarded()` (and adapters called with plain arguments) when a call did not run:
 * it was blocked by policy, rejected by a human, or its approval expired.
 *
 * @example
 * try { await refund({ amount: 5000 }) }
 * catch (e) { if (e instanceof ToolCallDeniedError) console.log(e.verdict.reason) }
 */
export class ToolCallDeniedError extends PortcullisError {
  /** The verdict the call was refused under, with its reason and decisions. */
  readonly verdict: Verdict;
  /** Why it did not run: blocked by policy, rejected by a person, or its approval expired. */
  readonly outcome: Exclude<Outcome, 'executed' | 'failed'>;
  /** The tool that was called. */
  readonly tool: string;

  constructor(tool: string, verdict: Verdict, outcome: Exclude<Outcome, 'executed' | 'failed'>) {
    super({
      code: 'tool_call_denied',
      // The model often reads this message (frameworks forward tool errors to it), so it is the
      // same sentence every adapter answers with.
      message: denialText(tool, verdict, outcome),
      data: { tool, outcome, verdictId: verdict.id },
    });
    this.name = 'ToolCallDeniedError';
    this.verdict = verdict;
    this.outcome = outcome;
    this.tool = tool;
  }
}
