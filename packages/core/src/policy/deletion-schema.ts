import { z } from 'zod';
import {
  ArgPathSchema,
  GuardOptionsShape,
  LimitScopeSchema,
  TimeZoneSchema,
  ToolGlobsSchema,
} from './common-schema.ts';

/** Deletions: which resources may go, how many at once and per day, and how fast. */
export const DeletionGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.default([
      'delete*',
      'remove*',
      'drop*',
      'destroy*',
      'purge*',
      'erase*',
      '*_delete',
      '*_remove',
    ]).describe('Tools that delete.'),
    destructiveHints: z
      .boolean()
      .default(true)
      .describe('Also treat any tool annotated `destructive: true` as a deletion.'),
    resourceArgs: z
      .array(ArgPathSchema)
      .default([
        'name',
        'id',
        'ids',
        'path',
        'paths',
        'resource',
        'resources',
        'folder',
        'label',
        'table',
        'key',
        'keys',
        'items',
      ])
      .describe('Argument paths naming what is deleted (a string or an array of strings / {name|id}).'),
    allow: ToolGlobsSchema.optional().describe(
      'Resource globs that may be deleted without asking (still counted).',
    ),
    deny: ToolGlobsSchema.optional().describe('Resource globs that may never be deleted.'),
    protect: z
      .array(z.string().min(1))
      .optional()
      .describe('Exact resource names that may never be deleted.'),
    maxBulk: z.number().int().positive().optional().describe('Most resources one call may delete.'),
    maxPerDay: z.number().int().positive().optional().describe('Most resources deleted per calendar day.'),
    askAlways: z
      .boolean()
      .default(false)
      .describe('Ask for approval for every deletion not matched by `allow`.'),
    cooldownSeconds: z.number().positive().optional().describe('Least time between two deletions.'),
    per: LimitScopeSchema.default('user').describe('Whose deletions `maxPerDay` counts.'),
    timezone: TimeZoneSchema,
    ...GuardOptionsShape,
  })
  .meta({
    description: 'Deletions: which resources may go, how many at once and per day, and how fast.',
    examples: [
      {
        tools: ['delete_*', 'remove_*'],
        resourceArgs: ['name', 'ids', 'path'],
        protect: ['inbox', 'sent'],
        deny: ['prod_*'],
        allow: ['temp_*'],
        maxBulk: 5,
        maxPerDay: 20,
        askAlways: true,
        cooldownSeconds: 10,
      },
    ],
  });

export type DeletionGuardConfig = z.infer<typeof DeletionGuardSchema>;
