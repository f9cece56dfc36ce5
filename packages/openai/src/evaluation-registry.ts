import type { CallContext, PolicyEngine, Verdict } from '@portcullis/core';

/** What a verdict was made by and for; `runToolCalls` needs both to approve and settle it. */
export interface Evaluation {
  engine: PolicyEngine;
  ctx: CallContext;
}

// Keyed by the verdict object itself: that object is what `settle` needs, so a copied verdict
// could not be settled anyway. Weak, so results the app drops cost nothing.
const evaluations = new WeakMap<object, Evaluation>();

export function rememberEvaluation(verdict: Verdict, evaluation: Evaluation): void {
  evaluations.set(verdict, evaluation);
}

export function evaluationOf(verdict: Verdict): Evaluation | undefined {
  return evaluations.get(verdict);
}

/** Takes the evaluation of a verdict, once: a call cannot be run twice from the same results. */
export function takeEvaluation(verdict: Verdict): Evaluation | undefined {
  const evaluation = evaluations.get(verdict);
  evaluations.delete(verdict);
  return evaluation;
}
