import { z } from 'zod';
import { DenyOrAskSchema, GuardOptionsShape, LimitScopeSchema, ToolGlobsSchema } from './common-schema.ts';

const PositiveInt = z.number().int().positive();

/** Call rates, bursts and loops. Counters live in the state store, so limits hold across processes. */
export const RateLimitGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.optional().describe('Tools the limits apply to (default: every tool).'),
    per: LimitScopeSchema.default('agent').describe('Whose calls the per-minute limits count.'),
    perMinute: PositiveInt.optional().describe('Most calls per minute, all tools together.'),
    perToolPerMinute: PositiveInt.optional().describe('Most calls per minute to any one tool.'),
    perSession: PositiveInt.optional().describe('Most calls in one session (principal.sessionId).'),
    burst: z
      .strictObject({
        max: PositiveInt.describe('Most calls inside the window.'),
        windowSeconds: z.number().positive().default(1).describe('Length of the burst window.'),
        cooldownSeconds: z
          .number()
          .positive()
          .default(30)
          .describe('After a burst, every call waits this long.'),
      })
      .optional()
      .describe('Short bursts: more than `max` calls in `windowSeconds` starts a cooldown.'),
    maxIdenticalCalls: PositiveInt.optional().describe(
      'Most times the same call (tool + canonical arguments) may be made in `identicalWindowSeconds`.',
    ),
    identicalWindowSeconds: z
      .number()
      .positive()
      .default(300)
      .describe('Window in which identical calls are counted.'),
    detectCycles: z
      .boolean()
      .default(false)
      .describe('Stop short cycles of identical calls in a session (A-B-A-B, A-B-C-A-B-C).'),
    maxCycleLength: z
      .number()
      .int()
      .min(2)
      .max(6)
      .default(3)
      .describe('Longest cycle looked for, in calls (2 = A-B-A-B).'),
    cycleRepeats: z.number().int().min(2).max(10).default(2).describe('Repetitions that make a cycle.'),
    loopEffect: DenyOrAskSchema.default('deny').describe('What a detected loop does.'),
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Call rates, bursts and loops (identical calls, short cycles). Counters live in the state store, so limits hold across processes.',
    examples: [
      {
        perMinute: 30,
        perToolPerMinute: 10,
        perSession: 500,
        burst: { max: 5, windowSeconds: 1, cooldownSeconds: 30 },
        maxIdenticalCalls: 3,
        detectCycles: true,
        loopEffect: 'deny',
      },
    ],
  });

export type RateLimitGuardConfig = z.infer<typeof RateLimitGuardSchema>;
