import { decodeBase58Check } from './base58check.ts';
import { decodeSegwitAddress } from './bech32.ts';
import type { Finding } from './finding.ts';

// Mainnet P2PKH (`1…`) and P2SH (`3…`) in Base58, and segwit `bc1…` in bech32/bech32m. The
// word-boundary check comes after the first character: V8 then skips non-candidates twice as fast.
const BASE58_CANDIDATE = /[13](?<!\w[13])[1-9A-HJ-NP-Za-km-z]{25,34}(?!\w)/g;
const BECH32_CANDIDATE = /(?<!\w)(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{6,87}(?!\w)/g;
const P2PKH = 0x00;
const P2SH = 0x05;

/**
 * Finds Bitcoin addresses whose checksum verifies: Base58Check P2PKH/P2SH (double SHA-256) and
 * bech32/bech32m segwit addresses. A 64-character hex hash or an address with one character
 * added fails the checksum and is not reported.
 *
 * @example
 * findCryptoAddresses('send to 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy');
 * // [{ type: 'CRYPTO', start: 8, end: 42, confidence: 0.95 }]
 */
export function findCryptoAddresses(text: string): Finding[] {
  const found: Finding[] = [];
  BASE58_CANDIDATE.lastIndex = 0;
  for (let m = BASE58_CANDIDATE.exec(text); m !== null; m = BASE58_CANDIDATE.exec(text)) {
    const payload = decodeBase58Check(m[0]);
    if (payload?.length === 21 && (payload[0] === P2PKH || payload[0] === P2SH)) {
      found.push({ type: 'CRYPTO', start: m.index, end: m.index + m[0].length, confidence: 0.95 });
    }
  }
  if (!text.includes('bc1') && !text.includes('BC1')) return found;
  BECH32_CANDIDATE.lastIndex = 0;
  for (let m = BECH32_CANDIDATE.exec(text); m !== null; m = BECH32_CANDIDATE.exec(text)) {
    if (decodeSegwitAddress(m[0])?.hrp === 'bc') {
      found.push({ type: 'CRYPTO', start: m.index, end: m.index + m[0].length, confidence: 0.95 });
    }
  }
  return found;
}
