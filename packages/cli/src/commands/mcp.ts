import { CliError, type CliIo } from '../io.ts';

/**
 * `portcullis mcp …`: the MCP guard proxy of `@portcullis/mcp`, loaded only when asked for (it
 * brings the MCP SDK), with every argument passed through to `portcullis-mcp`.
 */
export async function mcpCommand(io: CliIo, args: readonly string[]): Promise<number> {
  let proxy: {
    runCli: (argv: readonly string[], io: { out(t: string): void; err(t: string): void }) => Promise<number>;
  };
  try {
    proxy = (await import('@portcullis/mcp')) as typeof proxy;
  } catch (error) {
    throw new CliError(`@portcullis/mcp is not installed: ${(error as Error).message}`, 2);
  }
  return proxy.runCli(['node', 'portcullis-mcp', ...args], { out: io.out, err: io.err });
}
