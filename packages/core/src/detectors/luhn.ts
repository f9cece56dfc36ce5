/**
 * The Luhn (mod 10) check digit test used by payment card numbers.
 *
 * Only ASCII digits are accepted; strip separators first. It catches every single-digit typo and
 * most transpositions, so a random 16-digit run passes only one time in ten.
 *
 * @example
 * isLuhnValid('4111111111111111'); // true
 * isLuhnValid('4111111111111112'); // false
 */
export function isLuhnValid(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
