import { PortcullisError } from '@portcullis/core';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { approvalsAnswerCommand, approvalsListCommand } from './commands/approvals.ts';
import { auditReportCommand, auditVerifyCommand } from './commands/audit.ts';
import { checkCommand } from './commands/check.ts';
import { demoCommand } from './commands/demo.ts';
import { explainCommand } from './commands/explain.ts';
import { keysNewCommand } from './commands/keys.ts';
import { mcpCommand } from './commands/mcp.ts';
import { serveCommand } from './commands/serve.ts';
import { testCommand } from './commands/test-cases.ts';
import { CliError, type CliIo, defaultIo, paint } from './io.ts';
import { CLI_VERSION } from './version.ts';

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('expected a port number');
  return n;
};

/**
 * The `portcullis` command line. Each action stores its exit code in `result.code`.
 *
 * @example
 * const result = { code: 0 };
 * await cliProgram(defaultIo, result).parseAsync(['node', 'portcullis', 'check', 'policy.yaml']);
 */
export function cliProgram(io: CliIo = defaultIo, result: { code: number } = { code: 0 }): Command {
  const set = (code: number) => {
    result.code = code;
  };
  const program = new Command('portcullis')
    .description('Portcullis: judge every AI agent tool call before it runs.')
    .version(CLI_VERSION)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();

  program
    .command('check')
    .description('validate a policy; print every error with its path and line')
    .argument('<policy>', 'policy file (YAML, JSON or a module)')
    .action(async (policy: string) => set(await checkCommand(io, policy)));

  program
    .command('test')
    .description('run policy fixtures: each case a call and the effect it must get')
    .argument('<policy>', 'policy file')
    .requiredOption('--cases <file>', 'YAML file: cases: [{ name, tool, args, principal?, expect, guard? }]')
    .option('--coverage', 'list the guards and rules no case exercised')
    .action(async (policy: string, options: { cases: string; coverage?: boolean }) =>
      set(await testCommand(io, policy, options)),
    );

  program
    .command('explain')
    .description('show the rule chain for one call (no state is touched)')
    .argument('<policy>', 'policy file')
    .requiredOption('--tool <name>', 'tool name')
    .option('--args <json>', 'arguments as a JSON object', '{}')
    .option('--principal <json>', 'principal as a JSON object, e.g. {"userId":"u-42"}')
    .action(async (policy: string, options: { tool: string; args?: string; principal?: string }) =>
      set(await explainCommand(io, policy, options)),
    );

  program
    .command('serve')
    .description('run the guard server and dashboard (SQLite state and audit in --data-dir)')
    .option('--policy <file>', 'policy file (watched for changes)', 'portcullis.yaml')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('-p, --port <port>', 'port (0 picks a free one)', port, 8787)
    .option('--data-dir <dir>', 'where state.db and audit.db live', './.portcullis')
    .option('--keys <file>', 'YAML file of hashed API keys: keys: [{ name, hash, roles }]')
    .action(async (options: { policy: string; host: string; port: number; dataDir: string; keys?: string }) =>
      set(await serveCommand(io, options)),
    );

  program
    .command('keys')
    .description('API keys for the guard server')
    .command('new')
    .description('make a key: prints it once, then its entry (hash only) for the --keys file')
    .requiredOption('--name <name>', 'who holds the key (recorded as the approver)')
    .requiredOption(
      '--role <role>',
      'agent or operator (repeat for both)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action((options: { name: string; role: string[] }) => set(keysNewCommand(io, options)));

  program
    .command('mcp')
    .description('the MCP guard proxy (portcullis-mcp from @portcullis/mcp); arguments pass through')
    .helpOption(false)
    .allowUnknownOption()
    .argument('[args...]', 'arguments of portcullis-mcp (try: portcullis mcp --help)')
    .action(async (args: string[]) => set(await mcpCommand(io, args)));

  const target = (command: Command) =>
    command
      .option('--server <url>', 'guard server URL (or PORTCULLIS_URL); without it, the local store')
      .option('--api-key <key>', 'operator key for --server (or PORTCULLIS_API_KEY)')
      .option('--data-dir <dir>', 'local data directory holding state.db', './.portcullis')
      .option('--approver <name>', 'who answers, for the local store (default: $USER)');
  const approvals = program.command('approvals').description('list and answer approval requests');
  target(approvals.command('list').description('list approval requests'))
    .option('--status <status>', 'pending, approved, rejected or all', 'pending')
    .action(async (options) => set(await approvalsListCommand(io, options)));
  target(approvals.command('approve').description('approve a request').argument('<id>'))
    .option('--role <role>', 'the approval-chain role you approve as')
    .action(async (id: string, options) => set(await approvalsAnswerCommand(io, 'approve', id, options)));
  target(approvals.command('reject').description('reject a request').argument('<id>'))
    .option('--reason <text>', 'why')
    .action(async (id: string, options) => set(await approvalsAnswerCommand(io, 'reject', id, options)));

  const audit = program.command('audit').description('verify and report the audit log');
  audit
    .command('verify')
    .description('check the hash chain of a JSONL or SQLite audit log')
    .argument('<log>', 'audit.jsonl or audit.db')
    .action(async (log: string) => set(await auditVerifyCommand(io, log)));
  audit
    .command('report')
    .description('write a self-contained HTML report of an audit log')
    .option('--from <log>', 'audit.jsonl or audit.db', './.portcullis/audit.db')
    .requiredOption('--html <file>', 'where to write the report')
    .option('--title <text>', 'report title')
    .action(async (options: { from: string; html: string; title?: string }) =>
      set(await auditReportCommand(io, options)),
    );

  program
    .command('demo')
    .description('the banking scenario: blocked, approved, allowed, and fail closed with the server down')
    .option('--dir <dir>', 'where the demo keeps its policy, state, audit and report', './.portcullis/demo')
    .action(async (options: { dir: string }) => set(await demoCommand(io, options)));

  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 ok, 1 a failed check, 2 bad usage or input.
 *
 * @example
 * process.exitCode = await runCli(process.argv);
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const result = { code: 0 };
  try {
    await cliProgram(io, result).parseAsync([...argv]);
    return result.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const c = paint(io);
    if (error instanceof CliError) {
      io.err(`${c.red('error')}: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(`${c.red('error')}: ${error instanceof Error ? error.message : String(error)}\n`);
    return PortcullisError.isInstance(error) ? 2 : 1;
  }
}
