import { readFile } from 'node:fs/promises';
import { type CallContext, createEngine, type Explanation, loadPolicy } from '@portcullis/core';
import { parse } from 'yaml';
import { z } from 'zod';
import { CliError, type CliIo, effectColor, paint } from '../io.ts';

/** A policy fixture: a call and the effect the policy must give it. */
export const PolicyCaseSchema = z.strictObject({
  /** The case's name in the report. */
  name: z.string().min(1),
  /** The tool called. */
  tool: z.string().min(1),
  /** Its arguments (default none). */
  args: z.record(z.string(), z.unknown()).default({}),
  /** Who calls it. */
  principal: z
    .strictObject({
      /** The agent making the call (selects `byAgent` scope overrides). */
      agentId: z.string().optional(),
      /** The end user on whose behalf the agent acts. */
      userId: z.string().optional(),
      /** The conversation or run. */
      sessionId: z.string().optional(),
      /** The tenant in a multi-tenant deployment. */
      tenantId: z.string().optional(),
      /** Roles of the principal, for role-based rules. */
      roles: z.array(z.string()).optional(),
    })
    .optional(),
  /** The MCP downstream server, for calls through the proxy. */
  server: z.string().optional(),
  /** The effect the policy must give the call. */
  expect: z.enum(['allow', 'deny', 'ask', 'modify']),
  /** The guard whose decision must set the effect. */
  guard: z.string().optional(),
});

/** A cases file (`portcullis test --cases cases.yaml`). */
export const PolicyCasesSchema = z.strictObject({
  /** The cases, at least one. */
  cases: z.array(PolicyCaseSchema).min(1),
});
/** A policy fixture, as parsed. */
export type PolicyCase = z.infer<typeof PolicyCaseSchema>;

/**
 * `portcullis test policy.yaml --cases cases.yaml [--coverage]`: judges each case with
 * `explain` (no state is touched, so cases do not affect each other) and compares the effect.
 * With `--coverage`, lists the guards and rules no case exercised. Exit code 1 when a case fails.
 */
export async function testCommand(
  io: CliIo,
  policyPath: string,
  options: { cases: string; coverage?: boolean },
): Promise<number> {
  const c = paint(io);
  const policy = await loadPolicy(policyPath);
  const raw = parse(await readFile(options.cases, 'utf8')) as unknown;
  const parsed = PolicyCasesSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${options.cases}: ${issue?.path.join('.') || '(document)'}: ${issue?.message}`, 2);
  }
  const engine = createEngine({ policy });
  const exercisedGuards = new Set<string>();
  const exercisedRules = new Set<string>();
  const allGuards = new Set<string>();
  let failed = 0;
  for (const testCase of parsed.data.cases) {
    const ctx: CallContext = {
      tool: testCase.tool,
      args: testCase.args,
      source: 'direct',
      ...(testCase.principal ? { principal: testCase.principal } : {}),
      ...(testCase.server ? { server: testCase.server } : {}),
    };
    const explanation = await engine.explain(ctx);
    record(explanation, allGuards, exercisedGuards, exercisedRules);
    const decidedBy =
      explanation.guards.find((g) => g.decision?.effect === explanation.effect)?.guard ?? 'defaults';
    const ok =
      explanation.effect === testCase.expect &&
      (testCase.guard === undefined || testCase.guard === decidedBy);
    if (ok) {
      io.out(`${c.green('✔')} ${testCase.name} ${c.dim(`→ ${explanation.effect} (${decidedBy})`)}\n`);
    } else {
      failed += 1;
      const wanted = `${testCase.expect}${testCase.guard ? ` by ${testCase.guard}` : ''}`;
      io.out(
        `${c.red('✘')} ${testCase.name}: expected ${wanted}, got ${effectColor(io, explanation.effect)} by ${decidedBy} — ${explanation.reason}\n`,
      );
    }
  }
  const total = parsed.data.cases.length;
  io.out(`\n${total - failed} passed, ${failed} failed\n`);
  if (options.coverage) {
    const guardsLeft = [...allGuards].filter((g) => !exercisedGuards.has(g));
    const rulesLeft = policy.rules.map((r) => r.name).filter((name) => !exercisedRules.has(name));
    io.out(
      `\nCoverage: ${allGuards.size - guardsLeft.length}/${allGuards.size} guards, ${policy.rules.length - rulesLeft.length}/${policy.rules.length} rules\n`,
    );
    for (const guard of guardsLeft) io.out(`  ${c.yellow('never exercised')}: guard ${guard}\n`);
    for (const rule of rulesLeft) io.out(`  ${c.yellow('never exercised')}: rule ${rule}\n`);
  }
  return failed === 0 ? 0 : 1;
}

/** A guard is exercised when it decided a case; a rule when it decided one (not merely matched after another). */
function record(explanation: Explanation, all: Set<string>, guards: Set<string>, rules: Set<string>): void {
  for (const trace of explanation.guards) {
    all.add(trace.guard);
    if (trace.applied && trace.decision) guards.add(trace.guard);
    if (trace.guard === 'rules' && trace.decision?.rule !== undefined) rules.add(trace.decision.rule);
  }
}
