// Cyrillic and Greek letters drawn like Latin ones, so "gаmbling" with a Cyrillic "а" is read as
// "gambling". Both sides of a comparison are folded, so a name written in those scripts still
// matches itself.
const LOOKALIKES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ο: 'o',
  ρ: 'p',
  ι: 'i',
  ν: 'v',
  κ: 'k',
  α: 'a',
};
const LOOKALIKE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');
const MARKS = /[\p{Mn}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * A name as a strict list compares it: NFKC, case-folded, without accents or invisible characters
 * (a soft hyphen or zero-width space inside "gambling"), with look-alike letters folded, so a
 * blocked category or a protected resource cannot be written around.
 *
 * @example
 * foldName('GAMBLİNG\u00ad'); // 'gambling'
 */
export function foldName(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(LOOKALIKE, (c) => LOOKALIKES[c] ?? c);
}
