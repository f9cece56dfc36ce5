import { z } from 'zod';
import { GuardOptionsShape, ToolGlobsSchema } from './common-schema.ts';

const ScopeListsShape = {
  allow: ToolGlobsSchema.optional().describe(
    'Tools allowed (case as written: `Get_User` is not allowed by `get_*`).',
  ),
  deny: ToolGlobsSchema.optional().describe('Tools denied (always wins).'),
  ask: ToolGlobsSchema.optional().describe('Tools that need a human approval.'),
  readOnly: z
    .boolean()
    .optional()
    .describe('Deny every tool not annotated read-only (tools without annotations count as not read-only).'),
  default: z
    .enum(['allow', 'deny', 'ask'])
    .optional()
    .describe('Effect when no list matches (default: defaults.effect; deny gives allow-list mode).'),
};

/**
 * Which tools may be called at all. Per-agent entries replace `allow`, `ask`, `readOnly` and
 * `default` for that agent; `deny` lists add up (an override can never lift a base deny).
 */
export const ScopeGuardSchema = z
  .strictObject({
    ...ScopeListsShape,
    byAgent: z
      .record(z.string(), z.strictObject(ScopeListsShape))
      .optional()
      .describe('Overrides keyed by principal.agentId.'),
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Which tools may be called at all. `deny` always wins; `byAgent` overrides cannot lift a base deny.',
    examples: [
      {
        allow: ['search_*', 'get_*'],
        deny: ['drop_*'],
        ask: ['send_email'],
        byAgent: { intern: { allow: ['search_*'], default: 'deny' } },
      },
    ],
  });

export type ScopeGuardConfig = z.infer<typeof ScopeGuardSchema>;
