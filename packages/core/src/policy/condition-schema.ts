import { z } from 'zod';
import { parseArgPath } from '../guards/arg-path.ts';

const JsonScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** Tests applied to the value at one argument path. Every listed test must hold. */
export const ConditionOpsSchema = z
  .strictObject({
    eq: z.unknown().optional().describe('Equal (numbers compare numerically, "100" equals 100).'),
    ne: z.unknown().optional().describe('Not equal.'),
    gt: z.number().optional().describe('Greater than (numeric strings are compared as numbers).'),
    gte: z.number().optional().describe('Greater than or equal.'),
    lt: z.number().optional().describe('Less than.'),
    lte: z.number().optional().describe('Less than or equal.'),
    in: z.array(JsonScalarSchema).optional().describe('One of these values.'),
    notIn: z.array(JsonScalarSchema).optional().describe('None of these values.'),
    matches: z
      .string()
      .optional()
      .describe(
        'JavaScript regular expression the string value must match (write flags as (?i) is not supported; use [Aa]).',
      ),
    contains: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .describe('String value contains this substring, or array value contains this element.'),
    containsAny: z
      .array(z.string().min(1))
      .optional()
      .describe('Any string inside the value contains one of these words (case-insensitive).'),
    exists: z.boolean().optional().describe('The path is present (true) or absent (false).'),
  })
  .refine((ops) => Object.values(ops).some((v) => v !== undefined) || 'eq' in ops, {
    message:
      'expected at least one test (eq, ne, gt, gte, lt, lte, in, notIn, matches, contains, containsAny, exists)',
  })
  .superRefine((ops, ctx) => {
    if (ops.matches === undefined) return;
    try {
      new RegExp(ops.matches, 'u');
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['matches'],
        message: `invalid regular expression: ${(error as Error).message}`,
      });
    }
  });

/** A condition: an object of tests, or a plain value meaning `{ eq: value }`. */
export const ConditionSchema = z.union([JsonScalarSchema, ConditionOpsSchema]);

/** `when`: argument path (`amount`, `to.account`, `items[*].price`) → condition. All must hold. */
export const WhenSchema = z
  .record(z.string(), ConditionSchema)
  .superRefine(
    (when, ctx) => {
      if (when === null || typeof when !== 'object') return;
      for (const path of Object.keys(when)) {
        const parsed = parseArgPath(path);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', path: [path], message: parsed.error });
      }
    },
    // Report bad paths together with bad values, not only once the values are fixed.
    { when: () => true },
  )
  .describe('Argument path → condition; all conditions must hold.');

export type ConditionOps = z.infer<typeof ConditionOpsSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
