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
export const RuleSchema = z.strictObject({
  name: z.string().min(1).describe('Unique name, shown in verdicts and the audit.'),
  description: z.string().optional(),
  tools: ToolGlobsSchema.optional().describe('Tools the rule applies to (default: every tool).'),
  when: WhenSchema.optional(),
  time: TimeWindowSchema.optional().describe('The rule holds only inside this time window.'),
  effect: z.enum(['deny', 'ask', 'allow']).describe('What the rule decides when every condition holds.'),
  reason: z.string().min(1).optional().describe('Sentence shown to the model, the approver and the audit.'),
  risk: z.number().min(0).max(1).optional().describe('Risk score 0–1 attached to deny/ask decisions.'),
  approvers: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('For ask rules: roles that must approve, in order (e.g. [manager, director]).'),
});

export type Rule = z.infer<typeof RuleSchema>;
export type TimeWindow = z.infer<typeof TimeWindowSchema>;
