import { z } from 'zod';

/**
 * Wire schemas of the guard server's answers, as the remote engine checks them. Lenient on
 * extra fields (a newer server may add some), strict on everything a decision depends on: an
 * answer that does not match is treated as no answer, and the call is denied.
 */
const Base = { guard: z.string(), rule: z.string().optional() };

export const DecisionWireSchema = z.discriminatedUnion('effect', [
  z.looseObject({
    effect: z.literal('allow'),
    ...Base,
    reason: z.string().optional(),
    code: z.string().optional(),
  }),
  z.looseObject({
    effect: z.literal('deny'),
    ...Base,
    reason: z.string(),
    code: z.string(),
    risk: z.number().optional(),
  }),
  z.looseObject({
    effect: z.literal('ask'),
    ...Base,
    reason: z.string(),
    risk: z.number().optional(),
    approvers: z.array(z.string()).optional(),
  }),
  z.looseObject({
    effect: z.literal('modify'),
    ...Base,
    reason: z.string(),
    args: z.record(z.string(), z.unknown()),
  }),
]);

export const EffectWireSchema = z.enum(['allow', 'deny', 'ask', 'modify']);

/** A verdict as the server sends it, with the policy version that made it. */
export const VerdictWireSchema = z.looseObject({
  id: z.string().min(1),
  traceId: z.string(),
  effect: EffectWireSchema,
  args: z.record(z.string(), z.unknown()),
  decisions: z.array(DecisionWireSchema),
  reason: z.string(),
  durationMs: z.number(),
  policyVersion: z.string().optional(),
});

/** The answer of `POST /v1/run`: `execute` means run the call with `verdict.args`, then settle. */
export const RunAnswerWireSchema = z.looseObject({
  status: z.enum(['execute', 'blocked', 'rejected', 'expired']),
  verdict: VerdictWireSchema,
  approver: z.string().optional(),
});

const ExplainStepWireSchema = z.looseObject({ name: z.string(), matched: z.boolean(), detail: z.string() });

/** The answer of `POST /v1/explain`. */
export const ExplanationWireSchema = z.looseObject({
  tool: z.string(),
  effect: EffectWireSchema,
  reason: z.string(),
  args: z.record(z.string(), z.unknown()),
  guards: z.array(
    z.looseObject({
      guard: z.string(),
      applied: z.boolean(),
      decision: DecisionWireSchema.optional(),
      steps: z.array(ExplainStepWireSchema),
    }),
  ),
});

/** The answer of `GET /v1/policy`. */
export const PolicyAnswerWireSchema = z.looseObject({
  version: z.string(),
  policy: z.unknown(),
});

/** The answer of `POST /v1/settle`. */
export const SettleAnswerWireSchema = z.looseObject({ settled: z.boolean() });
