import { createEngine, loadPolicy } from '@portcullis/core';
import { CliError, type CliIo, effectColor, paint } from '../io.ts';

/** Parses a JSON option into an object, or fails with exit code 2 naming the option. */
export function jsonObject(name: string, text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`--${name} is not valid JSON: ${(error as Error).message}`, 2);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliError(`--${name} must be a JSON object`, 2);
  }
  return value as Record<string, unknown>;
}

/**
 * `portcullis explain policy.yaml --tool refund --args '{"amount":1500}'`: the rule chain — each
 * guard, whether it applied, what it checked and decided — and the final effect. No state.
 */
export async function explainCommand(
  io: CliIo,
  policyPath: string,
  options: { tool: string; args?: string; principal?: string },
): Promise<number> {
  const c = paint(io);
  const policy = await loadPolicy(policyPath);
  const engine = createEngine({ policy });
  const principal = jsonObject('principal', options.principal);
  const explanation = await engine.explain({
    tool: options.tool,
    args: jsonObject('args', options.args) ?? {},
    source: 'direct',
    ...(principal ? { principal } : {}),
  });
  io.out(`${c.bold(explanation.tool)} ${JSON.stringify(explanation.args)}\n`);
  for (const trace of explanation.guards) {
    const head = trace.decision
      ? `${effectColor(io, trace.decision.effect)}${trace.decision.reason ? ` — ${trace.decision.reason}` : ''}`
      : c.dim('does not apply');
    io.out(`  ${c.bold(trace.guard)}: ${head}\n`);
    for (const step of trace.steps) {
      io.out(`    ${step.matched ? c.green('✓') : c.dim('·')} ${step.name}: ${step.detail}\n`);
    }
  }
  io.out(`→ ${effectColor(io, explanation.effect)}: ${explanation.reason}\n`);
  return 0;
}
