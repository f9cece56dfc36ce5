import { z } from 'zod';

/** micromatch globs matched against tool names (and `server__tool` for MCP). */
export const ToolGlobsSchema = z
  .array(z.string().min(1, 'expected a non-empty glob'))
  .describe('micromatch globs matched against tool names, e.g. ["search_*", "get_*"]');

/** What happens when a guard throws or misses its deadline. `open` must be written explicitly. */
export const FailModeSchema = z
  .enum(['closed', 'open'])
  .describe('closed: an erroring guard denies (default). open: it is let through and audited as such.');

/** Options every guard accepts. */
export const GuardOptionsShape = {
  deadlineMs: z
    .number()
    .int()
    .positive()
    .max(600_000)
    .optional()
    .describe('Deadline for this guard in ms (default: defaults.deadlineMs).'),
  failMode: FailModeSchema.optional().describe('Overrides defaults.failMode for this guard.'),
};
