import { PortcullisError } from './portcullis-error.ts';

/** One problem found in a policy document. */
export interface PolicyIssue {
  /** Where, as `guards.scope.allow[2]`; empty for the document itself. */
  path: string;
  /** What was expected. */
  message: string;
  /** 1-based line in the source file, when the policy came from YAML or JSON text. */
  line?: number;
  /** 1-based column, with `line`. */
  column?: number;
}

/**
 * A policy that does not match the schema. The message lists every bad path; `issues` holds them
 * for programs.
 *
 * @example
 * // Invalid policy (policy.yaml):
 * //   guards.scope.allow[2] (line 5): expected string, received number
 */
export class PolicyValidationError extends PortcullisError {
  /** Every mismatch, with its path and, for YAML/JSON text, its line. */
  readonly issues: readonly PolicyIssue[];
  /** The file (or other source) the policy came from, when known. */
  readonly source: string | undefined;

  constructor(issues: readonly PolicyIssue[], source?: string) {
    super({
      code: 'policy_invalid',
      message: formatMessage(issues, source),
      data: { issues, source },
    });
    this.name = 'PolicyValidationError';
    this.issues = issues;
    this.source = source;
  }
}

function formatMessage(issues: readonly PolicyIssue[], source: string | undefined): string {
  const lines = issues.map((issue) => {
    const where = issue.path === '' ? '(document)' : issue.path;
    const at = issue.line === undefined ? '' : ` (line ${issue.line})`;
    return `  ${where}${at}: ${issue.message}`;
  });
  return `Invalid policy${source ? ` (${source})` : ''}:\n${lines.join('\n')}`;
}
