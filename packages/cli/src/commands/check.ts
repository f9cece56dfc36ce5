import { loadPolicy, type PolicyIssue, PortcullisError } from '@portcullis/core';
import { type CliIo, paint } from '../io.ts';

/** Formats one policy issue as `path (line L:C): message`. */
export function formatIssue(issue: PolicyIssue): string {
  const where = issue.path === '' ? '(document)' : issue.path;
  const at =
    issue.line === undefined
      ? ''
      : ` (line ${issue.line}${issue.column === undefined ? '' : `:${issue.column}`})`;
  return `${where}${at}: ${issue.message}`;
}

/**
 * `portcullis check policy.yaml`: validates a policy and prints every error with its path and
 * line. Returns the exit code: 0 valid, 1 invalid or unreadable.
 */
export async function checkCommand(io: CliIo, path: string): Promise<number> {
  const c = paint(io);
  try {
    const policy = await loadPolicy(path);
    const guards = Object.entries(policy.guards)
      .filter(([, config]) => config !== undefined)
      .map(([name]) => name);
    io.out(
      `${c.green('✔')} ${path} is valid${policy.name ? ` (${policy.name})` : ''}: ` +
        `${guards.length} guard${guards.length === 1 ? '' : 's'}${guards.length ? ` (${guards.join(', ')})` : ''}, ` +
        `${policy.rules.length} rule${policy.rules.length === 1 ? '' : 's'}, default ${policy.defaults.effect}\n`,
    );
    return 0;
  } catch (error) {
    if (!PortcullisError.isInstance(error)) throw error;
    const issues = (error.data?.['issues'] as PolicyIssue[] | undefined) ?? [];
    if (issues.length === 0) {
      io.err(`${c.red('✘')} ${error.message}\n`);
      return 1;
    }
    io.err(`${c.red('✘')} ${path}: ${issues.length} error${issues.length === 1 ? '' : 's'}\n`);
    for (const issue of issues) io.err(`  ${formatIssue(issue)}\n`);
    return 1;
  }
}
