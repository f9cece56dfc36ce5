/**
 * portcullis — the Portcullis command line, also usable as a library.
 *
 * @example
 * import { runCli } from 'portcullis';
 * process.exitCode = await runCli(['node', 'portcullis', 'check', 'portcullis.yaml']);
 *
 * @module portcullis
 */

// The command line
export { cliProgram, runCli } from './cli.ts';
export { DEMO_POLICY } from './commands/demo.ts';
// Policy fixtures
export { type PolicyCase, PolicyCaseSchema, PolicyCasesSchema } from './commands/test-cases.ts';
export { CliError, type CliIo } from './io.ts';
// Reports
export { type HtmlReportOptions, htmlReport } from './report/html-report.ts';
export { CLI_VERSION } from './version.ts';
