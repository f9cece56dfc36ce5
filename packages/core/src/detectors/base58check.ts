import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const VALUE = new Map([...ALPHABET].map((ch, i) => [ch, i]));

/**
 * Decodes a Base58Check string (Bitcoin's address encoding) and verifies its 4-byte double
 * SHA-256 checksum. Returns the payload (version byte + data) or undefined when the string is not
 * Base58 or the checksum fails.
 *
 * @example
 * decodeBase58Check('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ')?.[0]; // 0 (P2PKH version byte)
 * decodeBase58Check('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY'); // undefined
 */
export function decodeBase58Check(encoded: string): Uint8Array | undefined {
  const bytes = decodeBase58(encoded);
  if (!bytes || bytes.length < 5) return undefined;
  const payload = bytes.subarray(0, bytes.length - 4);
  const check = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (check[i] !== bytes[payload.length + i]) return undefined;
  return payload;
}

function decodeBase58(encoded: string): Uint8Array | undefined {
  let value = 0n;
  for (const ch of encoded) {
    const digit = VALUE.get(ch);
    if (digit === undefined) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const body: number[] = [];
  for (; value > 0n; value >>= 8n) body.unshift(Number(value & 0xffn));
  // Each leading '1' stands for a leading zero byte, which the number itself cannot carry.
  let zeros = 0;
  while (encoded[zeros] === '1') zeros++;
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}
