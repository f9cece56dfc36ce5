import { PortcullisError } from '@portcullis/core';

/** One problem found in a proxy configuration. */
export interface ConfigIssue {
  /** Where, as `servers.docs.url`; empty for the document itself. */
  path: string;
  /** What was expected. */
  message: string;
  /** 1-based line in the source file, when the config came from YAML or JSON text. */
  line?: number;
  /** 1-based column, with `line`. */
  column?: number;
}

/**
 * A proxy configuration that does not match the schema. The message lists every bad path with
 * its line; `issues` holds them for programs.
 *
 * @example
 * // Invalid config (portcullis.yaml):
 * //   servers.docs.url (line 4): expected a URL, received string "docs"
 */
export class ConfigValidationError extends PortcullisError {
  /** Every mismatch, with its path and, for YAML/JSON text, its line. */
  readonly issues: readonly ConfigIssue[];
  /** The file (or other source) the configuration came from, when known. */
  readonly source: string | undefined;

  constructor(issues: readonly ConfigIssue[], source?: string) {
    super({ code: 'config_invalid', message: formatMessage(issues, source), data: { issues, source } });
    this.name = 'ConfigValidationError';
    this.issues = issues;
    this.source = source;
  }
}

function formatMessage(issues: readonly ConfigIssue[], source: string | undefined): string {
  const lines = issues.map((issue) => {
    const where = issue.path === '' ? '(document)' : issue.path;
    const at = issue.line === undefined ? '' : ` (line ${issue.line})`;
    return `  ${where}${at}: ${issue.message}`;
  });
  return `Invalid config${source ? ` (${source})` : ''}:\n${lines.join('\n')}`;
}
