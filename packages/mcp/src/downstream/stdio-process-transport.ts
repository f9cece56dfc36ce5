import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import spawn from 'cross-spawn';
import { LineTransport } from '../serve/line-transport.ts';

/** Options of {@link StdioProcessTransport}. */
export interface StdioProcessTransportOptions {
  /** Program to start. */
  command: string;
  /** Its arguments. */
  args?: readonly string[];
  /** Environment variables added to the SDK's minimal default environment (`PATH`, `HOME`, …). */
  env?: Record<string, string>;
  /** Working directory (default: the proxy's). */
  cwd?: string;
  /** Receives each line the server writes to stderr. */
  log: (line: string) => void;
  /** Longest message accepted from the server, bytes (default 10 MiB); a longer one is reported and skipped. */
  maxMessageBytes?: number;
  /** How long `close()` waits for the server to exit once its stdin is closed, and again after SIGTERM, ms (default 2000). */
  closeGraceMs?: number;
}

// What the SDK's stdio client transport accepts too: a tool result may carry a large file.
const DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
// After the server exited, how long its last output may take to be read before the session ends
// anyway (a grandchild can hold the pipe open long after the server itself is gone).
const EXIT_DRAIN_MS = 100;
// A stderr "line" this long without a newline is logged as it is, so it cannot grow without bound.
const MAX_STDERR_LINE = 64 * 1024;

/**
 * Client transport to a downstream server started as a child process: newline-delimited JSON-RPC
 * over its stdin and stdout, checked for the envelope only (the client validates every message it
 * gets against its method's schema, so a full schema parse here would do that work twice). A line
 * that is not JSON-RPC, or too long, is reported through `onerror` and skipped; nothing is ever
 * written back to the server but the client's own messages.
 *
 * @example
 * const client = new Client({ name: 'portcullis-mcp', version: '1.0.0' });
 * await client.connect(
 *   new StdioProcessTransport({ command: 'node', args: ['server.js'], log: (line) => console.error(line) }),
 * );
 */
export class StdioProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly options: StdioProcessTransportOptions;
  private child: ChildProcessWithoutNullStreams | undefined;
  private lines: LineTransport | undefined;
  private exited: Promise<void> = Promise.resolve();
  private drainTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private ended = false;

  constructor(options: StdioProcessTransportOptions) {
    this.options = options;
  }

  /** Starts the server; rejects when it cannot be started (no such command, no such folder, …). */
  async start(): Promise<void> {
    if (this.child !== undefined) throw new Error('The server process was already started');
    const { command, args = [], env, cwd } = this.options;
    // cross-spawn, as the SDK's own transport: on Windows a configured `npx` or `uvx` is a .cmd
    // shim that plain spawn cannot start.
    const child = spawn(command, args, {
      env: { ...getDefaultEnvironment(), ...(env ?? {}) },
      ...(cwd === undefined ? {} : { cwd }),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
      // Three pipes were asked for, so the three streams exist (cross-spawn's type is the general one).
    }) as ChildProcessWithoutNullStreams;
    this.child = child;
    // Pipe errors (EPIPE once the server is gone) are reported; unhandled, they would end the proxy.
    const report = (error: Error) => this.onerror?.(error);
    child.stdin.on('error', report);
    child.stdout.on('error', report);
    child.stderr.on('error', report);
    this.logStderr(child);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    } catch (error) {
      // Never started: there is no session to end, so no onclose, and nothing to stop.
      this.ended = true;
      this.child = undefined;
      child.stdin.destroy();
      child.stdout.destroy();
      child.stderr.destroy();
      throw error;
    }
    child.on('error', report);
    child.once('exit', () => this.exitedEarly(child));

    const lines = new LineTransport({
      input: child.stdout,
      output: child.stdin,
      invalid: 'report',
      maxMessageBytes: this.options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
    });
    lines.onmessage = (message) => this.onmessage?.(message);
    lines.onerror = report;
    // The server's stdout ended: it is gone (or no longer talking), so the session is over.
    lines.onclose = () => this.end();
    this.lines = lines;
    await lines.start();
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.lines === undefined) return Promise.reject(new Error('Not connected'));
    return this.lines.send(message);
  }

  /**
   * Closes stdin (the MCP way to ask a stdio server to exit), then sends SIGTERM if it has not
   * exited after a grace period, and SIGKILL after another: a server that ignores all of it must
   * not keep the proxy running. `onclose` follows (unless the session had already ended).
   */
  close(): Promise<void> {
    this.closing ??= this.terminate().then(() => this.end());
    return this.closing;
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.isRunning()) return;
    const grace = this.options.closeGraceMs ?? 2000;
    child.stdin.end();
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (await this.exitsWithin(grace)) return;
      child.kill(signal);
    }
  }

  private isRunning(): boolean {
    const child = this.child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  private exitsWithin(ms: number): Promise<boolean> {
    if (!this.isRunning()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      // Unref'd: a proxy that is otherwise done does not wait for it.
      timer.unref();
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** The server exited by itself: what it wrote last is still read, then the session ends. */
  private exitedEarly(child: ChildProcessWithoutNullStreams): void {
    if (this.ended || this.closing !== undefined) return;
    this.drainTimer = setTimeout(() => {
      // Still open: a process it started holds its pipes. They are no use now, and would keep
      // the proxy running.
      child.stdout.destroy();
      child.stderr.destroy();
      this.end();
    }, EXIT_DRAIN_MS);
    this.drainTimer.unref();
  }

  /** Ends the session once, whichever way it ended; a server still running is stopped. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.drainTimer);
    void this.lines?.close();
    // Its stdout ended but the process lives on: it is no use, and must not be left behind.
    this.closing ??= this.terminate();
    this.onclose?.();
  }

  private logStderr(child: ChildProcessWithoutNullStreams): void {
    let pending = '';
    const flush = (line: string) => {
      if (line.trim() !== '') this.options.log(line.replace(/\r$/, ''));
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) flush(line);
      if (pending.length > MAX_STDERR_LINE) {
        flush(pending);
        pending = '';
      }
    });
    child.stderr.on('end', () => flush(pending));
  }
}
