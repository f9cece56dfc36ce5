const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
const BECH32 = 1;
const BECH32M = 0x2bc830a3;

/**
 * A decoded segwit address: its witness version and program, so callers can tell P2WPKH (20
 * bytes) from P2WSH and taproot (32 bytes).
 *
 * @example
 * const address: SegwitAddress = { hrp: 'bc', version: 0, program: new Uint8Array(20) };
 */
export interface SegwitAddress {
  /** Human-readable part, `bc` (mainnet) or `tb` (testnet). */
  hrp: string;
  /** 0 for P2WPKH/P2WSH, 1 for taproot, up to 16. */
  version: number;
  /** The witness program, 2–40 bytes (20 or 32 for version 0). */
  program: Uint8Array;
}

/**
 * Decodes and verifies a segwit address (BIP 173 bech32 for version 0, BIP 350 bech32m for
 * version 1 and later), including the six-character checksum and the program length rules.
 *
 * @example
 * decodeSegwitAddress('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')?.version; // 0
 * decodeSegwitAddress('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr'); // undefined (checksum)
 */
export function decodeSegwitAddress(address: string): SegwitAddress | undefined {
  if (address.length > 90 || (address !== address.toLowerCase() && address !== address.toUpperCase())) {
    return undefined;
  }
  const lower = address.toLowerCase();
  const split = lower.lastIndexOf('1');
  const hrp = lower.slice(0, split);
  if ((hrp !== 'bc' && hrp !== 'tb') || lower.length - split - 1 < 7) return undefined;
  const data: number[] = [];
  for (const ch of lower.slice(split + 1)) {
    const value = CHARSET.indexOf(ch);
    if (value < 0) return undefined;
    data.push(value);
  }
  const version = data[0] ?? -1;
  const constant = polymod([...expandHrp(hrp), ...data]);
  if (version > 16 || constant !== (version === 0 ? BECH32 : BECH32M)) return undefined;
  const program = convertBits(data.slice(1, -6), 5, 8);
  if (!program || program.length < 2 || program.length > 40) return undefined;
  if (version === 0 && program.length !== 20 && program.length !== 32) return undefined;
  return { hrp, version, program: Uint8Array.from(program) };
}

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const value of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= GENERATOR[i] as number;
  }
  return chk >>> 0;
}

function expandHrp(hrp: string): number[] {
  const codes = [...hrp].map((ch) => ch.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}

/** Regroups 5-bit words into bytes; leftover bits must be zero padding of under 5 bits. */
function convertBits(data: readonly number[], from: number, to: number): number[] | undefined {
  const maxAcc = (1 << (from + to - 1)) - 1;
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  for (const value of data) {
    acc = ((acc << from) | value) & maxAcc;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >> bits) & ((1 << to) - 1));
    }
  }
  if (bits >= from || (acc << (to - bits)) & ((1 << to) - 1)) return undefined;
  return out;
}
