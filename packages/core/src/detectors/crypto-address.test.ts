import { describe, expect, it } from 'vitest';
import { decodeBase58Check } from './base58check.ts';
import { decodeSegwitAddress } from './bech32.ts';
import { findCryptoAddresses } from './crypto-address.ts';

const spans = (text: string) => findCryptoAddresses(text).map((f) => text.slice(f.start, f.end));

describe('decodeBase58Check', () => {
  it('returns the version byte and payload of a valid address', () => {
    expect(decodeBase58Check('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ')?.length).toBe(21);
    expect(decodeBase58Check('3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy')?.[0]).toBe(5);
  });

  it('rejects a changed character and characters outside the alphabet', () => {
    expect(decodeBase58Check('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyY')).toBeUndefined();
    expect(decodeBase58Check('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1Boy0')).toBeUndefined();
  });
});

describe('decodeSegwitAddress', () => {
  it('decodes bech32 version 0 and bech32m version 1 addresses', () => {
    expect(decodeSegwitAddress('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')?.version).toBe(0);
    expect(
      decodeSegwitAddress('bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297')?.program.length,
    ).toBe(32);
  });

  it('rejects a bad checksum, mixed case and the wrong checksum constant for the version', () => {
    expect(decodeSegwitAddress('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdr')).toBeUndefined();
    expect(decodeSegwitAddress('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5MDQ')).toBeUndefined();
    // A version-1 program carrying a bech32 (not bech32m) checksum, from BIP 350's invalid list.
    expect(
      decodeSegwitAddress('bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd'),
    ).toBeUndefined();
  });
});

describe('findCryptoAddresses', () => {
  it('finds P2PKH, P2SH and segwit addresses in text', () => {
    expect(
      spans(
        'my wallet: 16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      ),
    ).toEqual([
      '16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ',
      '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    ]);
  });

  it('rejects an address with a character added and a hex hash', () => {
    expect(spans('16Yeky6GMjeNkAiNcBY7ZhrLoMSgg1BoyZ2')).toEqual([]);
    expect(spans('8f953371d3e85eddb89b05ed6b9e680791055315c73e1025ab5dba7bb2aee189')).toEqual([]);
  });
});
