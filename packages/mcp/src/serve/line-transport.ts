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
   * (a server facing its client; the default), under the request's id when the ends of an
   * oversized line show it; `report` calls `onerror` (a client facing a server, which would take
   * anything written to it for a message of its own), and an oversized response whose id shows
   * is passed on as an error response, so the request it answered fails at once.
   */
  invalid?: 'answer' | 'report';
}

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;
const EMPTY = Buffer.alloc(0);
// How much of each end of an oversized line is kept: enough for `{"jsonrpc":"2.0","id":…,"method":`.
const EDGE_BYTES = 512;

function firstBytes(parts: readonly Buffer[]): Buffer {
  const taken: Buffer[] = [];
  let length = 0;
  for (const part of parts) {
    if (length >= EDGE_BYTES) break;
    taken.push(part.subarray(0, EDGE_BYTES - length));
    length += taken.at(-1)?.length ?? 0;
  }
  return Buffer.concat(taken);
}

function lastBytes(kept: Buffer, part: Buffer): Buffer {
  if (part.length >= EDGE_BYTES) return Buffer.from(part.subarray(part.length - EDGE_BYTES));
  const joined = Buffer.concat([kept, part]);
  return joined.length > EDGE_BYTES ? joined.subarray(joined.length - EDGE_BYTES) : joined;
}

// The id of a message too large to parse, read from its ends: `{"jsonrpc":"2.0","id":7,"method":…`
// (most SDKs) or `{"method":…,"jsonrpc":"2.0","id":7}` (the TypeScript SDK). An `"id"` just before
// the final `}` belongs to the outermost object, as does one right after `{"jsonrpc":"2.0",`.
const ID = String.raw`(-?\d{1,16}|"(?:[^"\\]|\\.){0,200}")`;
const ID_FIRST = new RegExp(
  String.raw`^\s*\{\s*"jsonrpc"\s*:\s*"2\.0"\s*,\s*"id"\s*:\s*${ID}\s*,\s*"(\w+)"\s*:`,
);
const FIRST_MEMBER = /^\s*\{\s*"(\w+)"\s*:/;
const ID_LAST = new RegExp(String.raw`,\s*"id"\s*:\s*${ID}\s*\}\s*$`);

/** The id of an oversized message whose kind (first member after the id, or first of all) is one of `kinds`. */
function idAtEdges(head: string, tail: string, kinds: readonly string[]): string | number | null {
  const first = ID_FIRST.exec(head);
  if (first)
    return kinds.includes(first[2] as string) ? (JSON.parse(first[1] as string) as string | number) : null;
  const lead = FIRST_MEMBER.exec(head)?.[1];
  const last = ID_LAST.exec(tail);
  if (!last || lead === undefined || !kinds.includes(lead)) return null;
  return JSON.parse(last[1] as string) as string | number;
}

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
  /** The first and the last bytes of the oversized line being dropped, to find its id in. */
  private head: Buffer = EMPTY;
  private tail: Buffer = EMPTY;
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
      if (this.skipping) this.tail = lastBytes(this.tail, part);
      else {
        this.size += part.length;
        if (this.size > this.max) {
          // Only the ends of the line are kept, for its id; the rest is dropped as it comes.
          const parts = [...this.chunks, part];
          this.head = firstBytes(parts);
          this.tail = parts.reduce(lastBytes, EMPTY);
          this.chunks = [];
          this.skipping = true;
        } else this.chunks.push(part);
      }
      if (newline === -1) return;
      if (this.skipping) this.oversized();
      else {
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

  /**
   * An oversized line ended. Its id, when its ends show one, lets the other side's request fail
   * now instead of at its timeout: a client gets the error as the answer to its request; the
   * proxy's own request to a server gets an error response in place of the dropped result.
   */
  private oversized(): void {
    const head = this.head.toString('utf8');
    const tail = this.tail.toString('utf8');
    this.head = EMPTY;
    this.tail = EMPTY;
    if (this.answerInvalid) {
      const id = idAtEdges(head, tail, ['method']);
      this.invalid(id, INVALID_REQUEST, `Message too large (over ${this.max} bytes); it was discarded`);
      return;
    }
    this.onerror?.(new Error(`Message too large (over ${this.max} bytes); it was discarded`));
    const id = idAtEdges(head, tail, ['result', 'error']);
    if (id === null) return;
    const message = `The response was too large (over ${this.max} bytes) and was discarded`;
    try {
      this.onmessage?.({ jsonrpc: '2.0', id, error: { code: INTERNAL_ERROR, message } });
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }

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
