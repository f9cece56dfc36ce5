import { z } from 'zod';
import { TimeZoneSchema, ToolGlobsSchema } from './common-schema.ts';
import { WhenSchema } from './condition-schema.ts';

const ClockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as "HH:MM" (00:00–23:59)');

export const WeekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

/** A time window the rule is limited to. `between` may wrap midnight (["22:00", "06:00"]). */
export const TimeWindowSchema = z.strictObject({
  between: z.tuple([ClockTimeSchema, ClockTimeSchema]).describe('[start, end): local times "HH:MM".'),
  timezone: TimeZoneSchema,
  days: z.array(WeekdaySchema).min(1).optional().describe('Days of the week the window applies on.'),
});

/** One argument rule. The first matching rule, in order, decides for the rules guard. */
export const RuleSchema = z
  .strictObject({
    name: z.string().min(1).describe('Unique name, shown in verdicts and the audit.'),
    description: z.string().optional().describe('Free text for people reading the policy.'),
    tools: ToolGlobsSchema.optional().describe(
      'Tools the rule applies to (default: every tool); case is ignored, except for rules whose effect is allow.',
    ),
    when: WhenSchema.optional().describe(
      'Argument path → condition (a value, or tests such as { gt: 1000 }); all must hold. Absent: every call to the tools.',
    ),
    time: TimeWindowSchema.optional().describe('The rule holds only inside this time window.'),
    effect: z.enum(['deny', 'ask', 'allow']).describe('What the rule decides when every condition holds.'),
    reason: z.string().min(1).optional().describe('Sentence shown to the model, the approver and the audit.'),
    risk: z.number().min(0).max(1).optional().describe('Risk score 0–1 attached to deny/ask decisions.'),
    approvers: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('For ask rules: roles that must approve, in order (e.g. [manager, director]).'),
  })
  .meta({
    description:
      'Argument rules, in order; the first rule whose tools, conditions and time window all hold decides. Numeric strings compare as numbers ("$1,500" > 1000); a wildcard path holds when any element passes.',
    examples: [
      {
        name: 'refund-limit',
        tools: ['refund_*'],
        when: { amount: { gt: 1000 }, 'items[*].sku': { in: ['GIFT-CARD'] } },
        time: {
          between: ['18:00', '08:00'],
          timezone: 'Europe/Berlin',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        },
        effect: 'deny',
        reason: 'Refunds above $1000 are never automatic outside office hours',
      },
    ],
  });

export type Rule = z.infer<typeof RuleSchema>;
export type TimeWindow = z.infer<typeof TimeWindowSchema>;
