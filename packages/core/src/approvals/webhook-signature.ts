import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-portcullis-signature';

/**
 * Signs a webhook body with HMAC-SHA256 over `<timestamp>.<body>`, so a receiver can check it
 * came from the holder of the secret and is recent.
 *
 * @example
 * fetch(url, { method: 'POST', body, headers: { [SIGNATURE_HEADER]: signPayload(body, secret) } })
 */
export function signPayload(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * Checks a signature header against the body: the MAC must match (constant-time) and the
 * timestamp must be within `toleranceSeconds` (default 300) of now, so a replayed answer fails.
 *
 * @example
 * if (!verifySignature(body, request.headers.get(SIGNATURE_HEADER), secret)) return new Response(null, { status: 401 });
 */
export function verifySignature(
  body: string,
  header: string | null | undefined,
  secret: string,
  options: {
    /** How far the signature's timestamp may be from now, seconds (default 300). */
    toleranceSeconds?: number;
    /** Now, in unix seconds (default the system clock). */
    now?: number;
  } = {},
): boolean {
  if (!header) return false;
  const parts = Object.fromEntries(
    header.split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const timestamp = Number(parts['t']);
  const given = parts['v1'];
  if (!Number.isInteger(timestamp) || typeof given !== 'string' || !/^[0-9a-f]{64}$/.test(given))
    return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
