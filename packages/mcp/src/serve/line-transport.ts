import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Options of {@link LineTransport}. */
export interface LineTransportOptions {
  /** Where messages come from (default `process.stdin`). */
  input?: Readable;
  /** Where messages go (default `process.stdout`). */
  output?: Writable;
  /** Longest message accepted, bytes; a longer line is answered with an error and skipped. */
  maxMessageBytes?: number;
}

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * The stdio server transport of the proxy: newline-delimited JSON-RPC, like the SDK's, but a
 * client that sends garbage or an oversized message gets a JSON-RPC error back and the session
 * goes on (the SDK's transport reports it out of band, and closes on an oversized buffer).
 *
 * @example
 * await proxy.connect(new LineTransport({ maxMessageBytes: 4 * 1024 * 1024 }));
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly input: Readable;
  private readonly output: Writable;
  private readonly max: number;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Dropping the rest of an oversized line, up to its newline. */
  private skipping = false;
  private closed = false;

  constructor(options: LineTransportOptions = {}) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.max = options.maxMessageBytes ?? 4 * 1024 * 1024;
  }

  async start(): Promise<void> {
    this.input.on('data', this.onData);
    this.input.on('error', this.onInputError);
    this.input.on('end', this.onEnd);
  }

  private readonly onInputError = (error: Error) => this.onerror?.(error);
  private readonly onEnd = () => void this.close();

  private readonly onData = (chunk: Buffer) => {
    let rest = chunk;
    while (rest.length > 0) {
      const newline = rest.indexOf(0x0a);
      const part = newline === -1 ? rest : rest.subarray(0, newline);
      if (!this.skipping) {
        this.size += part.length;
        if (this.size > this.max) {
          this.chunks = [];
          this.size = 0;
          this.skipping = true;
          this.reply(null, INVALID_REQUEST, `Message too large (over ${this.max} bytes); it was discarded`);
        } else this.chunks.push(part);
      }
      if (newline === -1) return;
      if (!this.skipping) this.line(Buffer.concat(this.chunks).toString('utf8'));
      this.chunks = [];
      this.size = 0;
      this.skipping = false;
      rest = rest.subarray(newline + 1);
    }
  };

  private line(text: string): void {
    const trimmed = text.replace(/\r$/, '');
    if (trimmed.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch {
      this.reply(null, PARSE_ERROR, 'Parse error: not valid JSON');
      return;
    }
    if (!isJsonRpc(json)) {
      this.reply(idOf(json), INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 message');
      return;
    }
    try {
      this.onmessage?.(json);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }

  private reply(id: string | number | null, code: number, message: string): void {
    const response = { jsonrpc: '2.0', id, error: { code, message } };
    this.write(`${JSON.stringify(response)}\n`).catch(() => {});
  }

  private write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('Transport closed'));
      if (this.output.write(text)) resolve();
      else this.output.once('drain', resolve);
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return this.write(`${JSON.stringify(message)}\n`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.off('data', this.onData);
    this.input.off('error', this.onInputError);
    this.input.off('end', this.onEnd);
    this.chunks = [];
    this.onclose?.();
  }
}

/**
 * The envelope only: a request or notification (a method), or a response (an id with a result or
 * an error). Each handler validates its own params against the method's schema, so a full schema
 * parse here would only do that work twice on every message.
 */
function isJsonRpc(json: unknown): json is JSONRPCMessage {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return false;
  const message = json as Record<string, unknown>;
  if (message['jsonrpc'] !== '2.0') return false;
  const id = message['id'];
  const validId = typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  if (typeof message['method'] === 'string') {
    const params = message['params'];
    const validParams = params === undefined || (params !== null && typeof params === 'object');
    return validParams && (id === undefined || validId);
  }
  return validId && ('result' in message || 'error' in message);
}

function idOf(json: unknown): string | number | null {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const id = (json as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
