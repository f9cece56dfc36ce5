import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A refusal: status, JSON-RPC error code, message, extra headers. */
export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/** Writes a refusal as a JSON-RPC error body (clients show its message). */
export function refuse(res: ServerResponse, refusal: Refusal): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: null,
    error: { code: -32000, message: refusal.message },
  });
  res.writeHead(refusal.status, { 'content-type': 'application/json', ...(refusal.headers ?? {}) });
  res.end(body);
}

/** The Host values a loopback listener answers to by default. */
export function loopbackHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/**
 * DNS-rebinding defence: a page on an attacker's domain that resolves to 127.0.0.1 reaches this
 * port with its own Host and Origin. Only the configured hosts and origins get through.
 */
export function checkHostAndOrigin(
  req: IncomingMessage,
  allowedHosts: readonly string[],
  allowedOrigins: readonly string[],
): Refusal | undefined {
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !allowedHosts.includes(host)) {
    return { status: 403, message: `Host not allowed: ${host ?? '(none)'}` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin)) {
    return { status: 403, message: `Origin not allowed: ${origin}` };
  }
  return undefined;
}

/** Bearer authentication, compared in constant time. */
export function checkBearer(req: IncomingMessage, token: string): Refusal | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  const given = Buffer.from(match?.[1]?.trim() ?? '');
  const expected = Buffer.from(token);
  if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
  return {
    status: 401,
    message: match ? 'Invalid bearer token' : 'Missing bearer token (Authorization: Bearer <token>)',
    headers: { 'www-authenticate': 'Bearer realm="portcullis-mcp"' },
  };
}

/** Reads a request body of at most `max` bytes; undefined (and a 413 sent) when it is larger. */
export function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  max: number,
): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const tooLarge = () => {
      refuse(res, {
        status: 413,
        message: `Request body too large (limit ${max} bytes)`,
        headers: { connection: 'close' },
      });
      resolve(undefined);
    };
    const declared = Number(req.headers['content-length']);
    let over = Number.isFinite(declared) && declared > max;
    if (over) tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    // The rest of an oversized body is read and dropped, so the 413 reaches the client intact.
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        tooLarge();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', () => resolve(undefined));
  });
}
