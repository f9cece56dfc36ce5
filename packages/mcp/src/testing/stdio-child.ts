/**
 * A stdio server run as a child process (`node stdio-child.ts [--ignore-stdin-end]
 * [--ignore-sigterm]`), for the tests of the stdio transport and of stdio servers behind the
 * proxy. It speaks just enough MCP for a client to connect (tools `echo`, `crash`, `garbage`,
 * `oversized`),
 * and misbehaves on request: `garbage` and `oversized` write lines that are not messages before
 * they answer, `crash` exits, `crash-leaving-child` exits after starting a process that keeps its
 * stdout open, `close-stdout` stops talking but keeps running, `stderr` writes to stderr, `pid`
 * answers its process id, and `received` answers every line it was sent so far.
 */
import { spawn } from 'node:child_process';

const received: string[] = [];
const flags = new Set(process.argv.slice(2));
if (flags.has('--ignore-sigterm')) process.on('SIGTERM', () => {});
// Something to keep the process alive once stdin has ended (a server that ignores it).
if (flags.has('--ignore-stdin-end')) setInterval(() => {}, 60_000);

type Message = { id?: string | number; method?: string; params?: Record<string, unknown> };

const write = (line: string) => process.stdout.write(`${line}\n`);
const answer = (id: Message['id'], result: unknown) => write(JSON.stringify({ jsonrpc: '2.0', id, result }));

const GARBAGE = ['this is not json', '{"hello":"world","id":1}'];

function handle(message: Message): void {
  const { id, method, params = {} } = message;
  const tool = method === 'tools/call' ? String(params['name']) : undefined;
  if (method === 'crash' || tool === 'crash') process.exit(3);
  if (method === 'crash-leaving-child') {
    // A process of its own that inherits stdout and stderr: they stay open after this one exits.
    const left = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    answer(id, { pid: left.pid });
    process.stdout.write('', () => process.exit(3));
    return;
  }
  if (method === 'garbage' || tool === 'garbage') for (const line of GARBAGE) write(line);
  if (method === 'oversized')
    write(JSON.stringify({ jsonrpc: '2.0', id, result: { pad: 'x'.repeat(Number(params['bytes'])) } }));
  // The TypeScript SDK's member order: the id comes last.
  if (tool === 'oversized') {
    const pad = 'x'.repeat(Number((params['arguments'] as { bytes?: number } | undefined)?.bytes ?? 0));
    write(JSON.stringify({ result: { content: [{ type: 'text', text: pad }] }, jsonrpc: '2.0', id }));
  }
  if (method === 'stderr') process.stderr.write(String(params['text']));
  if (method === 'close-stdout') {
    process.stdout.end();
    return;
  }
  if (id !== undefined) answer(id, resultOf(message, tool));
}

function resultOf({ method, params = {} }: Message, tool: string | undefined): unknown {
  switch (method) {
    case 'initialize':
      return {
        protocolVersion: params['protocolVersion'],
        capabilities: { tools: {} },
        serverInfo: { name: 'stdio-child', version: '1.0.0' },
      };
    case 'tools/list':
      return {
        tools: ['echo', 'crash', 'garbage', 'oversized'].map((name) => ({
          name,
          description: `The ${name} tool`,
          inputSchema: { type: 'object' },
        })),
      };
    case 'tools/call':
      return { content: [{ type: 'text', text: `${tool}: ${JSON.stringify(params['arguments'] ?? {})}` }] };
    case 'pid':
      return { pid: process.pid };
    case 'received':
      return { lines: received };
    default:
      return { method, params };
  }
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    received.push(line);
    handle(JSON.parse(line) as Message);
  }
});
