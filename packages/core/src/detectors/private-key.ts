import type { Finding } from './finding.ts';

// Header, then the body up to the matching footer or, for a key cut off mid-way, the end.
const PEM_BLOCK =
  /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----([\s\S]*?)(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$)/g;
// Encrypted PEM and PGP armor carry `Name: value` header lines before the base64 body.
const ARMOR_HEADER = /^[A-Za-z-]+: .*$/gm;
const BASE64_BODY = /[A-Za-z0-9+/=]/g;
const MIN_BODY = 64;
const SERVICE_ACCOUNT = /["']type["']\s*:\s*["']service_account["']/;

/**
 * Finds PEM and PGP private key blocks (`-----BEGIN … PRIVATE KEY-----`), also when the newlines
 * are JSON-escaped (`\n`) or the footer is missing because the text was cut. The body must hold
 * at least 64 base64 characters, so `-----BEGIN PRIVATE KEY-----\nanything\n-----END…` in docs is
 * ignored. Inside a Google service-account JSON the block is reported as
 * `GCP_SERVICE_ACCOUNT_KEY`.
 *
 * @example
 * findPrivateKeys(`-----BEGIN RSA PRIVATE KEY-----\n${'A'.repeat(10)}…`); // [] (body too short)
 */
export function findPrivateKeys(text: string): Finding[] {
  const found: Finding[] = [];
  const type = SERVICE_ACCOUNT.test(text) ? 'GCP_SERVICE_ACCOUNT_KEY' : 'PRIVATE_KEY';
  PEM_BLOCK.lastIndex = 0;
  for (let m = PEM_BLOCK.exec(text); m !== null; m = PEM_BLOCK.exec(text)) {
    const body = (m[1] ?? '').replace(/\\[nr]/g, '\n').replace(ARMOR_HEADER, '');
    const base64 = body.match(BASE64_BODY)?.length ?? 0;
    if (base64 >= MIN_BODY && /^[A-Za-z0-9+/=\s]*$/.test(body)) {
      found.push({ type, start: m.index, end: m.index + m[0].length, confidence: 0.99 });
    }
    if (m[0].length === 0) PEM_BLOCK.lastIndex++;
  }
  return found;
}
