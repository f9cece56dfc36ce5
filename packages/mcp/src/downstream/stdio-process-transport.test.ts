import { fileURLToPath } from 'node:url';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { StdioProcessTransport, type StdioProcessTransportOptions } from './stdio-process-transport.ts';

const child = fileURLToPath(new URL('../testing/stdio-child.ts', import.meta.url));
const transports: StdioProcessTransport[] = [];
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

/** A started transport to the child, with everything it reported. */
async function connect(flags: string[] = [], options: Partial<StdioProcessTransportOptions> = {}) {
  const seen = { messages: [] as JSONRPCMessage[], errors: [] as string[], logs: [] as string[], closes: 0 };
  const transport = new StdioProcessTransport({
    command: process.execPath,
    args: [child, ...flags],
    log: (line) => seen.logs.push(line),
    closeGraceMs: 100,
    ...options,
  });
  transport.onmessage = (message) => seen.messages.push(message);
  transport.onerror = (error) => seen.errors.push(error.message);
  transport.onclose = () => {
    seen.closes += 1;
  };
  transports.push(transport);
  await transport.start();
  let next = 0;
  /** Sends a request and resolves with its result. */
  const request = async (method: string, params: Record<string, unknown> = {}): Promise<unknown> => {
    const id = ++next;
    await transport.send({ jsonrpc: '2.0', id, method, params });
    await expect.poll(() => seen.messages.some((m) => 'id' in m && m.id === id)).toBe(true);
    const response = seen.messages.find((m) => 'id' in m && m.id === id);
    return (response as { result: unknown }).result;
  };
  return { transport, seen, request };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('StdioProcessTransport', () => {
  it('rejects start() when the command cannot be started, and never reports a close', async () => {
    const transport = new StdioProcessTransport({ command: '/no/such/command', log: () => {} });
    let closes = 0;
    transport.onclose = () => {
      closes += 1;
    };
    await expect(transport.start()).rejects.toMatchObject({ code: 'ENOENT' });
    await transport.close();
    expect(closes).toBe(0);
  });

  it('rejects start() when the working folder does not exist', async () => {
    const transport = new StdioProcessTransport({
      command: process.execPath,
      args: [child],
      cwd: '/no/such/folder',
      log: () => {},
    });
    await expect(transport.start()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('exchanges newline-delimited JSON-RPC with the server', async () => {
    const { request } = await connect();
    expect(await request('hello', { a: 1 })).toEqual({ method: 'hello', params: { a: 1 } });
  });

  it('reports lines from the server that are not JSON-RPC, writes nothing back, and goes on [mcp.json-rpc.garbage]', async () => {
    const { request, seen } = await connect();
    expect(await request('garbage')).toEqual({ method: 'garbage', params: {} });
    expect(seen.errors).toEqual([
      'Parse error: not valid JSON',
      'Invalid Request: not a JSON-RPC 2.0 message',
    ]);
    expect(await request('received')).toEqual({
      lines: [
        '{"jsonrpc":"2.0","id":1,"method":"garbage","params":{}}',
        '{"jsonrpc":"2.0","id":2,"method":"received","params":{}}',
      ],
    });
    expect(seen.messages).toHaveLength(2);
  });

  it('turns an oversized response from the server into an error for its request, and goes on [mcp.json-rpc.garbage]', async () => {
    const { transport, request, seen } = await connect([], { maxMessageBytes: 1024 });
    // The server answers twice under the same id: first oversized (dropped), then normally.
    await transport.send({ jsonrpc: '2.0', id: 'big', method: 'oversized', params: { bytes: 5000 } });
    await expect.poll(() => seen.messages.length).toBe(2);
    expect(seen.messages[0]).toEqual({
      jsonrpc: '2.0',
      id: 'big',
      error: { code: -32603, message: 'The response was too large (over 1024 bytes) and was discarded' },
    });
    expect(seen.messages[1]).toMatchObject({ id: 'big', result: { method: 'oversized' } });
    expect(seen.errors).toEqual(['Message too large (over 1024 bytes); it was discarded']);
    expect(await request('received')).toEqual({
      lines: [
        '{"jsonrpc":"2.0","id":"big","method":"oversized","params":{"bytes":5000}}',
        '{"jsonrpc":"2.0","id":1,"method":"received","params":{}}',
      ],
    });
  });

  it('passes each stderr line to the log, the last one even without a newline', async () => {
    const { request, seen, transport } = await connect();
    await request('stderr', { text: 'first line\r\nsecond line\n\nno newline' });
    await expect.poll(() => seen.logs).toEqual(['first line', 'second line']);
    await transport.close();
    await expect.poll(() => seen.logs).toEqual(['first line', 'second line', 'no newline']);
  });

  it('reports the close once when the server crashes, and close() afterwards reports nothing more', async () => {
    const { transport, seen } = await connect();
    await transport.send({ jsonrpc: '2.0', id: 1, method: 'crash' });
    await expect.poll(() => seen.closes).toBe(1);
    await transport.close();
    expect(seen.closes).toBe(1);
    await expect(transport.send({ jsonrpc: '2.0', id: 2, method: 'hello' })).rejects.toThrow(
      'Transport closed',
    );
  });

  it('reports the close when the server exits while a process it started keeps its stdout open', async () => {
    const { request, seen } = await connect();
    const { pid } = (await request('crash-leaving-child')) as { pid: number };
    try {
      await expect.poll(() => seen.closes).toBe(1);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it.each<[string, string[]]>([
    ['closes a server that exits once its stdin ends, and reports the close once', []],
    ['stops a server that ignores its stdin ending with SIGTERM', ['--ignore-stdin-end']],
    [
      'kills a server that ignores both its stdin ending and SIGTERM',
      ['--ignore-stdin-end', '--ignore-sigterm'],
    ],
  ])('%s', async (_name, flags) => {
    const { transport, seen, request } = await connect(flags);
    const { pid } = (await request('pid')) as { pid: number };
    await transport.close();
    expect(seen.closes).toBe(1);
    await expect.poll(() => alive(pid)).toBe(false);
  });

  it('ends the session when the server closes its stdout, and stops the process it left running', async () => {
    const { transport, seen, request } = await connect(['--ignore-stdin-end']);
    const { pid } = (await request('pid')) as { pid: number };
    await transport.send({ jsonrpc: '2.0', method: 'close-stdout' });
    await expect.poll(() => seen.closes).toBe(1);
    await expect.poll(() => alive(pid)).toBe(false);
    await transport.close();
    expect(seen.closes).toBe(1);
  });
});
