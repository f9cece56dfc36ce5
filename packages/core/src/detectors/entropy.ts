/**
 * Shannon entropy of a string in bits per character.
 *
 * Random API keys sit around 4–6 bits per character (hex at most 4, base64 at most 6); words,
 * identifiers and placeholders sit lower. Counting is per UTF-16 code unit, which is exact for the
 * ASCII alphabets secrets use.
 *
 * @example
 * shannonEntropy('aaaaaaaa'); // 0
 * shannonEntropy('Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB') > 4; // true
 */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
