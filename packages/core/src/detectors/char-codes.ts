/** Whether a UTF-16 code unit is an ASCII digit, `0`–`9`. For scans that read `charCodeAt`. */
export function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Whether a UTF-16 code unit is an ASCII hex digit, `0`–`9`, `A`–`F` or `a`–`f`. */
export function isAsciiHex(code: number): boolean {
  return isAsciiDigit(code) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

/** Whether a UTF-16 code unit is an ASCII capital letter, `A`–`Z`. */
export function isAsciiUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** Whether a UTF-16 code unit is an ASCII letter or digit. */
export function isAsciiAlphanumeric(code: number): boolean {
  return isAsciiDigit(code) || isAsciiUpper(code) || (code >= 97 && code <= 122);
}
