import { z } from 'zod';
import { parseArgPath } from '../guards/arg-path.ts';
import { timeZoneError } from '../guards/time-window.ts';

/** micromatch globs matched against tool names (and `server__tool` for MCP). */
export const ToolGlobsSchema = z
  .array(z.string().min(1, 'expected a non-empty glob'))
  .describe(
    'micromatch globs matched against tool names, e.g. ["search_*", "get_*"]; except in lists that allow, case is ignored and an MCP name server__tool also matches as tool',
  );

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

/** An IANA time zone (calendar windows are counted in it). */
export const TimeZoneSchema = z
  .string()
  .default('UTC')
  .superRefine((zone, ctx) => {
    const problem = timeZoneError(zone);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('IANA time zone for calendar windows (default UTC).');

/** Whose counter a limit uses. */
export const LimitScopeSchema = z
  .enum(['global', 'tenant', 'user', 'agent', 'session'])
  .describe('Count per principal tenantId / userId / agentId / sessionId, or one global counter.');

/** What a guard does with a finding: deny, or hand it to a human. */
export const DenyOrAskSchema = z.enum(['deny', 'ask']);

/** An argument path such as `amount`, `to.account` or `items[*].price`. */
export const ArgPathSchema = z.string().superRefine((path, ctx) => {
  const parsed = parseArgPath(path);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error });
});
