// Values that stand for a secret rather than being one: template and shell references (also
// Ruby's `#{…}`, format fields `{}`/`{0}`, and an f-string expression `{get_pat(name)}`), masks,
// and the words documentation uses in place of a real value.
const REFERENCE =
  /^ENC\[|^\$[\w{(]|\$\{|#\{|\{\d{0,2}\}|\{\{|\}\}|\$\(|<%|%>|^%[\w.-]+%$|^@\w+@$|^\[[^\]]*\]$|^<[^>]*>$|^\{(?:[a-z_.-]+|[A-Z_.-]+)\}$|^\{[A-Za-z_$][\w$.]*[([][^{}]*[)\]]\}$/;
const MASK = /x{4,}|X{4,}|\*{3,}|#{3,}|\.{3,}|•{2,}|…/;
const PLACEHOLDER_WORD =
  /example|sample|placeholder|change_?me|change-me|changeit|your[_-]?(?:api|access|auth|secret|token|key|pass|client|own)|_here\b|here_|redacted|replace[_-]?(?:me|with)/i;
// Short words are only placeholders standing alone, or inside a value of letters alone
// (`somefakekey`): random tokens contain "FaKe" by chance, next to digits.
const SHORT_WORD =
  /(?<![A-Za-z])(?:dummy|fake|todo|fixme|lorem|insert)(?![a-z])|^[a-z]*(?:dummy|fake)[a-z]*$/i;

/**
 * Whether a candidate secret is evidently not a real one: a variable or template reference
 * (`${TOKEN}`, `{{ .Values.key }}`, `$(cat file)`, `%PASSWORD%`, `<token>`, `[PASSWORD]`,
 * `#{datastore['PASS']}`, `prefix_{0}`, `{get_token(name)}`), a mask
 * (`xxxx`, `****`, `…`), a documentation word (`EXAMPLE`, `changeme`, `your_api_key_here`,
 * `REDACTED`), an alphabet run (`abcdef`, `0123456789`), an encrypted SOPS value (`ENC[…]`), or a
 * short unit repeated
 * (`EXAMPLEEXAMPLE`, `12312312`).
 *
 * @example
 * isPlaceholder('AKIAIOSFODNN7EXAMPLE'); // true
 * isPlaceholder('${GITHUB_TOKEN}'); // true
 * isPlaceholder('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'); // false
 */
export function isPlaceholder(value: string): boolean {
  return (
    REFERENCE.test(value) ||
    MASK.test(value) ||
    PLACEHOLDER_WORD.test(value) ||
    SHORT_WORD.test(value) ||
    hasSequentialRun(value) ||
    isRepeatedUnit(value) ||
    (value.length >= 6 && new Set(value).size <= 3)
  );
}

/**
 * Six or more consecutive letters counting up in any case (`abcdef`, `KLMNOP`, `aBcDeF`), or ten
 * digits (`0123456789`), read one character apart or two (`aAbBcCdD`, `a1b2c3d4`):
 * the fillers documentation writes for tokens. Shorter digit runs occur in the numeric ids inside
 * real tokens (`xoxb-123456789012-…`).
 */
function hasSequentialRun(value: string): boolean {
  let one = 1;
  let two = 1;
  for (let i = 1; i < value.length; i++) {
    const code = alphanumeric(value.charCodeAt(i));
    one = code >= 0 && code - alphanumeric(value.charCodeAt(i - 1)) === 1 ? one + 1 : 1;
    if (one >= (code < 58 ? 10 : 6)) return true;
    // Two interleaved runs of three (`a1b2c3`) count as one of six; five (`b0c1d`) are too common
    // in random hex.
    two = i >= 2 && code >= 0 && code - alphanumeric(value.charCodeAt(i - 2)) === 1 ? two + 1 : 1;
    if (two >= 5) return true;
  }
  return false;
}

/** A digit's or letter's code with letters in lower case; -10 for anything else (never a step of 1). */
function alphanumeric(code: number): number {
  if (code >= 48 && code <= 57) return code;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 122 ? lower : -10;
}

/** The value is one unit of up to eight characters written over and over. */
function isRepeatedUnit(value: string): boolean {
  for (let unit = 1; unit <= 8 && unit * 2 < value.length; unit++) {
    let repeats = true;
    for (let i = unit; i < value.length && repeats; i++) {
      if (value[i] !== value[i % unit]) repeats = false;
    }
    if (repeats) return true;
  }
  return false;
}

// The words documentation writes where a password or token goes (`user:password@`,
// `--token token`), and masks of one repeated character.
const DOCUMENTATION_WORD =
  /^(?:(?:my)?pass(?:word)?|passwd|pwd|secret|token|key|change(?:it|me)|test|none|null|true|false|\*+|x+|\.+)$/i;

/**
 * Whether a value is the word that names a credential rather than one (`password`, `token`,
 * `changeme`, `***`): what command lines, URLs and code samples write in its place.
 *
 * @example
 * isDocumentationWord('password'); // true
 * isDocumentationWord('N0t-4-r3al!'); // false
 */
export function isDocumentationWord(value: string): boolean {
  return DOCUMENTATION_WORD.test(value);
}
