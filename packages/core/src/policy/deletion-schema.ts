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
      .describe(
        'Argument paths naming what is deleted: a string (a comma-separated one counts each name), a number, a list (every element counts), or objects named by `name`, `id`, `path`, `key`… (every string in them is checked against `protect` and `deny`).',
      ),
    allow: ToolGlobsSchema.optional().describe(
      'Resource globs that may be deleted without asking (still counted). Compared exactly, case included; a resource whose name cannot be read is never allowed by them.',
    ),
    deny: ToolGlobsSchema.optional().describe(
      'Resource globs that may never be deleted; names are compared as for `protect`.',
    ),
    protect: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Resource names that may never be deleted. Compared ignoring case, surrounding spaces, invisible characters and repeated or trailing separators (`/`, `\\`, `.`, `:`), and by the last part of a qualified name too: `inbox` protects `Inbox/`, `mail/inbox` and `public.inbox`.',
      ),
    maxBulk: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Most resources one call may delete (every list element and comma-separated name counts).'),
    maxPerDay: z.number().int().positive().optional().describe('Most resources deleted per calendar day.'),
    askAlways: z
      .boolean()
      .default(false)
      .describe('Ask for approval for every deletion not matched by `allow`.'),
    cooldownSeconds: z
      .number()
      .positive()
      .optional()
      .describe(
        'Least time between two deletions. Held from when a deletion is judged until it is settled, so only one deletion is under way at a time (one never settled holds it for the longer of the cooldown and 5 minutes); given back if the deletion does not run, and started again when it runs.',
      ),
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
