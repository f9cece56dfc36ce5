import { z } from 'zod';
import {
  ArgPathSchema,
  GuardOptionsShape,
  LimitScopeSchema,
  TimeZoneSchema,
  ToolGlobsSchema,
} from './common-schema.ts';

const Amount = z.number().nonnegative();

/** Spend limits. Costs are reserved atomically at evaluation, so concurrent calls cannot overspend. */
export const BudgetGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.optional().describe(
      'Tools the budget applies to (default: tools in `costs`, or every tool with `costArg`).',
    ),
    costs: z
      .record(z.string(), Amount)
      .optional()
      .describe(
        'Tool glob → cost per call, first match in order, e.g. { "gpt4_*": 0.03 }. With `costArg`, the least a matching call costs.',
      ),
    costArg: ArgPathSchema.optional().describe(
      'Argument path holding the cost. A path reaching several values (`items[*].price`) costs their sum, and each must be a valid cost. When `costs` also prices the tool, the call costs the larger of the two: the arguments cannot lower a price set in `costs`.',
    ),
    defaultCost: Amount.optional().describe(
      'Cost of an applicable call with no `costs` match and no `costArg` (default 0).',
    ),
    maxCallCost: Amount.optional().describe('Most one call may cost.'),
    maxSessionSpend: Amount.optional().describe('Most one session (principal.sessionId) may spend in total.'),
    maxDailySpend: Amount.optional().describe('Most that may be spent per calendar day in `timezone`.'),
    maxMonthlySpend: Amount.optional().describe('Most that may be spent per calendar month in `timezone`.'),
    askAbove: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('Ask for approval when a call would take any limit above this fraction of it (0.8 = 80%).'),
    per: LimitScopeSchema.default('global').describe('Whose spend the daily/monthly limits count.'),
    timezone: TimeZoneSchema,
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Spend limits. The cost of a call is reserved atomically at evaluation and committed when it runs (released otherwise), so concurrent calls cannot overspend. Costs are counted in millionths, each rounded up, so a positive cost never counts as nothing.',
    examples: [
      {
        costs: { 'gpt4_*': 0.03, 'search_*': 0.001 },
        maxCallCost: 1,
        maxSessionSpend: 10,
        maxDailySpend: 50,
        maxMonthlySpend: 500,
        askAbove: 0.8,
        per: 'user',
        timezone: 'America/New_York',
      },
    ],
  });

export type BudgetGuardConfig = z.infer<typeof BudgetGuardSchema>;
