import { z } from 'zod';
import { BudgetGuardSchema } from './budget-schema.ts';
import { CodeGuardSchema } from './code-schema.ts';
import { FailModeSchema } from './common-schema.ts';
import { DeletionGuardSchema } from './deletion-schema.ts';
import { FilesystemGuardSchema } from './filesystem-schema.ts';
import { HintsGuardSchema } from './hints-schema.ts';
import { LlmJudgeGuardSchema } from './llm-judge-schema.ts';
import { NetworkGuardSchema } from './network-schema.ts';
import { PurchaseGuardSchema } from './purchase-schema.ts';
import { RateLimitGuardSchema } from './rate-limit-schema.ts';
import { RuleSchema } from './rule-schema.ts';
import { ScopeGuardSchema } from './scope-schema.ts';
import { SensitiveDataGuardSchema } from './sensitive-data-schema.ts';
import { ShellGuardSchema } from './shell-schema.ts';

/** `defaults`: the engine-wide effect for unlisted tools, fail mode, guard deadline and approval timeout. */
export const PolicyDefaultsSchema = z.strictObject({
  effect: z
    .enum(['allow', 'deny', 'ask'])
    .default('allow')
    .describe('Effect for a tool no scope list matches (deny = allow-list mode).'),
  failMode: FailModeSchema.default('closed'),
  deadlineMs: z
    .number()
    .int()
    .positive()
    .max(600_000)
    .default(250)
    .describe('Deadline for each guard in ms; a guard that misses it denies with guard_timeout.'),
  approvalTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(300_000)
    .describe('How long an approval may wait before the call expires (denied).'),
});

/** `audit`: whether records keep the raw arguments, and whether a call may run when nothing can record it. */
export const AuditOptionsSchema = z.strictObject({
  includeArgs: z
    .boolean()
    .default(false)
    .describe('Store raw arguments in audit records (default: only their SHA-256).'),
  required: z
    .boolean()
    .default(false)
    .describe('Deny with audit_unavailable when no sink can record the decision.'),
});

/** The built-in guards, each configured by its own section; an absent section is off. */
export const GuardsSchema = z.strictObject({
  scope: ScopeGuardSchema.optional(),
  rateLimit: RateLimitGuardSchema.optional(),
  budget: BudgetGuardSchema.optional(),
  purchase: PurchaseGuardSchema.optional(),
  deletion: DeletionGuardSchema.optional(),
  sensitiveData: SensitiveDataGuardSchema.optional(),
  network: NetworkGuardSchema.optional(),
  filesystem: FilesystemGuardSchema.optional(),
  shell: ShellGuardSchema.optional(),
  code: CodeGuardSchema.optional(),
  hints: HintsGuardSchema.optional(),
  llmJudge: LlmJudgeGuardSchema.optional(),
});

/**
 * The policy document: YAML, JSON or TypeScript (`definePolicy`) all validate against it.
 * `packages/core/policy.schema.json` is generated from it for editor completion.
 */
export const PolicySchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of policy.schema.json, for editors.'),
    version: z.literal(1).describe('Policy format version.'),
    name: z.string().optional().describe('Name of the policy, shown in the dashboard and CLI.'),
    description: z.string().optional().describe('Free text for people reading the policy.'),
    defaults: PolicyDefaultsSchema.describe('Engine-wide defaults.').default({
      effect: 'allow',
      failMode: 'closed',
      deadlineMs: 250,
      approvalTimeoutMs: 300_000,
    }),
    audit: AuditOptionsSchema.describe('What audit records hold.').default({
      includeArgs: false,
      required: false,
    }),
    guards: GuardsSchema.describe('The built-in guards; an absent section is off.').default({}),
    rules: z.array(RuleSchema).default([]).describe('Argument rules; the first matching rule decides.'),
  })
  .superRefine(
    (policy, ctx) => {
      // Runs even when other parts are invalid, so every problem is listed at once.
      const rules: unknown = (policy as { rules?: unknown } | undefined)?.rules;
      if (!Array.isArray(rules)) return;
      const seen = new Map<string, number>();
      rules.forEach((rule: unknown, index) => {
        const name = (rule as { name?: unknown } | null)?.name;
        if (typeof name !== 'string') return;
        const first = seen.get(name);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', index, 'name'],
            message: `duplicate rule name "${name}" (also rules[${first}])`,
          });
        } else seen.set(name, index);
      });
    },
    { when: () => true },
  )
  .meta({
    examples: [
      {
        version: 1,
        name: 'banking-agent',
        defaults: { effect: 'deny', deadlineMs: 250 },
        guards: {
          scope: { allow: ['get_*', 'transfer_funds', 'send_email'], deny: ['drop_*'] },
          budget: { costArg: 'amount', maxCallCost: 5000, maxDailySpend: 20000, askAbove: 0.8, per: 'user' },
          sensitiveData: { action: 'redact' },
        },
        rules: [
          {
            name: 'large-transfer',
            tools: ['transfer_funds'],
            when: { amount: { gt: 1000 } },
            effect: 'ask',
            reason: 'Transfers above $1,000 need a human',
          },
        ],
      },
    ],
  });

/** A validated policy with defaults applied. */
export type Policy = z.infer<typeof PolicySchema>;
/** What a policy author writes (defaults optional). */
export type PolicyInput = z.input<typeof PolicySchema>;
