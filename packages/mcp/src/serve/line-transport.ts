import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/** Options of {@link LineTransport}. */
export interface LineTransportOptions {
  /** Where messages come from (default `process.stdin`). */
  input?: Readable;
  /** Where messages go (default `process.stdout`). */
  output?: Writable;
  /** Longest message accepted, bytes; a longer line is skipped (and answered or reported, see `invalid`). */
  maxMessageBytes?: number;
  /**
   * What happens to a line that is not JSON-RPC or too long: `answer` writes a JSON-RPC error back
   * (a server facing its client; the default), `report` only calls `onerror` (a client facing a
   * server, which would take anything written to it for a message of its own).
   */
  invalid?: 'answer' | 'report';
}

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

/**
 * The stdio server transport of the proxy: newline-delimited JSON-RPC, like the SDK's, but a
 * client that sends garbage or an oversized message gets a JSON-RPC error back and the session
 * goes on (the SDK's transport reports it out of band, and closes on an oversized buffer). The
 * proxy also reads its stdio servers with it (`invalid: 'report'`): only the envelope is checked
 * here, since the receiving protocol validates each message against its method's schema anyway.
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
  private readonly answerInvalid: boolean;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Dropping the rest of an oversized line, up to its newline. */
  private skipping = false;
  private closed = false;

  constructor(options: LineTransportOptions = {}) {
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.max = options.maxMessageBytes ?? 4 * 1024 * 1024;
    this.answerInvalid = options.invalid !== 'report';
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
          this.invalid(null, INVALID_REQUEST, `Message too large (over ${this.max} bytes); it was discarded`);
        } else this.chunks.push(part);
      }
      if (newline === -1) return;
      if (!this.skipping) {
        // A line that came in one chunk (the usual case) is decoded without copying it first.
        const whole = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
        this.line(whole.toString('utf8'));
      }
      this.chunks = [];
      this.size = 0;
      this.skipping = false;
      rest = rest.subarray(newline + 1);
    }
  };

  private line(text: string): void {
    let json: unknown;
    try {
      // JSON allows whitespace around the value, so a CRLF line ending needs no stripping.
      json = JSON.parse(text);
    } catch {
      if (text.trim() !== '') this.invalid(null, PARSE_ERROR, 'Parse error: not valid JSON');
      return;
    }
    if (!isJsonRpc(json)) {
      this.invalid(idOf(json), INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 message');
      return;
    }
    try {
      this.onmessage?.(json);
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }

  /** A line that is not a message: answered (server side), or reported only (client side). */
  private invalid(id: string | number | null, code: number, message: string): void {
    if (!this.answerInvalid) {
      this.onerror?.(new Error(message));
      return;
    }
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
