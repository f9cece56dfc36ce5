import { PortcullisError } from '@portcullis/core';
import { Command, InvalidArgumentError } from 'commander';
import { buildEngine } from './build-engine.ts';
import { loadConfig } from './config/load-config.ts';
import { createGuardProxy, type GuardProxy } from './guard-proxy.ts';
import { LineTransport } from './serve/line-transport.ts';
import { PROXY_VERSION } from './version.ts';

/** Where the CLI writes; stdout is the MCP channel when serving stdio, so reports go to stderr. */
export interface CliIo {
  /** Writes normal output (default: stdout). */
  out: (text: string) => void;
  /** Writes errors and diagnostics (default: stderr). */
  err: (text: string) => void;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

const port = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError('expected a port number');
  return n;
};

/** Waits until the process is told to stop, or the client went away; then closes the proxy. */
function untilStopped(proxy: GuardProxy, onClosed?: (close: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const stop = () => {
      if (done) return;
      done = true;
      proxy.close().finally(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    onClosed?.(stop);
  });
}

/**
 * The `portcullis-mcp` command line: serve (stdio by default, `--http` for Streamable HTTP),
 * `pin`, `tools`, `approvals`, `approve`, `reject`.
 *
 * @example
 * await cliProgram().parseAsync(['node', 'portcullis-mcp', '--config', 'portcullis.yaml', '--http']);
 */
export function cliProgram(io: CliIo = defaultIo): Command {
  const program = new Command('portcullis-mcp')
    .description(
      'MCP guard proxy: every tools/call is judged by the Portcullis policy before it is forwarded.',
    )
    .version(PROXY_VERSION)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .option('-c, --config <path>', 'the proxy configuration (YAML or JSON)', 'portcullis.yaml')
    .option('--http', 'serve Streamable HTTP instead of stdio')
    .option('--host <host>', 'HTTP interface to bind (default: config http.host, 127.0.0.1)')
    .option('-p, --port <port>', 'HTTP port (default: config http.port, 3000; 0 picks a free one)', port)
    .option('--pin', 'pin the servers as they are now (rewrite the lockfile) before serving')
    .action(
      async (options: { config: string; http?: boolean; host?: string; port?: number; pin?: boolean }) => {
        const config = await loadConfig(options.config);
        const proxy = await createGuardProxy({
          config,
          pin: options.pin === true,
          log: (m) => io.err(`portcullis-mcp: ${m}\n`),
        });
        if (options.http) {
          const listener = await proxy.listen({
            ...(options.host === undefined ? {} : { host: options.host }),
            ...(options.port === undefined ? {} : { port: options.port }),
          });
          io.err(`portcullis-mcp: serving ${listener.url}\n`);
          await untilStopped(proxy);
          return;
        }
        const transport = new LineTransport({ maxMessageBytes: config.maxMessageBytes });
        await proxy.connect(transport);
        io.err('portcullis-mcp: serving stdio\n');
        await untilStopped(proxy, (stop) => {
          process.stdin.once('end', stop);
        });
      },
    );

  program
    .command('pin')
    .description('connect to every server and write the lockfile from their current definitions')
    .action(async () => {
      const config = await loadConfig(program.opts<{ config: string }>().config);
      const proxy = await createGuardProxy({
        config,
        pin: true,
        log: (m) => io.err(`portcullis-mcp: ${m}\n`),
      });
      const status = proxy.status();
      await proxy.close();
      const down = Object.entries(status).filter(([, s]) => s.state !== 'ready');
      if (down.length > 0) {
        throw new PortcullisError({
          code: 'server_unavailable',
          message: `Not pinned (unavailable): ${down.map(([name, s]) => `${name}: ${s.error ?? s.state}`).join('; ')}`,
        });
      }
    });

  program
    .command('tools')
    .description('list every downstream tool, its client-facing name, and what blocks it')
    .action(async () => {
      const config = await loadConfig(program.opts<{ config: string }>().config);
      const proxy = await createGuardProxy({ config, log: (m) => io.err(`portcullis-mcp: ${m}\n`) });
      const listed = new Set((await proxy.listedTools()).map((t) => t.name));
      for (const entry of proxy.tools()) {
        const state = entry.blocked ?? (listed.has(entry.exposed) ? 'listed' : 'hidden by policy');
        io.out(`${entry.exposed}\t${state}\n`);
      }
      await proxy.close();
    });

  const queueOf = async () => {
    const config = await loadConfig(program.opts<{ config: string }>().config);
    const built = await buildEngine(config, (m) => io.err(`portcullis-mcp: ${m}\n`));
    if (built.queue === undefined) {
      throw new PortcullisError({
        code: 'no_queue',
        message: 'approvals.fallback is not "queue" in this config',
      });
    }
    return { queue: built.queue, close: () => built.engine.close() };
  };

  program
    .command('approvals')
    .description('list pending approvals')
    .action(async () => {
      const { queue, close } = await queueOf();
      for (const item of await queue.list({ status: 'pending' })) {
        io.out(`${item.id}\t${item.tool}\t${JSON.stringify(item.args)}\t${item.reasons.join('; ')}\n`);
      }
      await close();
    });

  program
    .command('approve <id>')
    .description('approve a pending call; the identical call then runs once')
    .option('--as <name>', 'who approves', process.env['USER'] ?? 'operator')
    .option('--role <role>', 'the role this approval is given as (approval chains)')
    .action(async (id: string, options: { as: string; role?: string }) => {
      const { queue, close } = await queueOf();
      await queue.approve(id, { approver: options.as, ...(options.role ? { role: options.role } : {}) });
      await close();
      io.out(`approved ${id}\n`);
    });

  program
    .command('reject <id>')
    .description('reject a pending call')
    .option('--as <name>', 'who rejects', process.env['USER'] ?? 'operator')
    .option('--reason <text>', 'why')
    .action(async (id: string, options: { as: string; reason?: string }) => {
      const { queue, close } = await queueOf();
      await queue.reject(id, { approver: options.as, ...(options.reason ? { reason: options.reason } : {}) });
      await close();
      io.out(`rejected ${id}\n`);
    });

  return program;
}

/**
 * Runs the CLI; a failure prints its message and sets a non-zero exit code.
 *
 * @example
 * process.exitCode = await runCli(process.argv);
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  try {
    await cliProgram(io).parseAsync([...argv]);
    return 0;
  } catch (error) {
    io.err(`portcullis-mcp: ${error instanceof Error ? error.message : String(error)}\n`);
    return PortcullisError.isInstance(error) ? 2 : 1;
  }
}
