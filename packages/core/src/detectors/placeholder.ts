// Values that stand for a secret rather than being one: template and shell references, masks,
// and the words documentation uses in place of a real value.
const REFERENCE = /^ENC\[|^\$[\w{(]|\$\{|\{\{|\}\}|\$\(|<%|%>|^%[\w.-]+%$|^@\w+@$|^\[[^\]]*\]$|^<[^>]*>$/;
const MASK = /x{4,}|X{4,}|\*{3,}|#{3,}|\.{3,}|•{2,}|…/;
const PLACEHOLDER_WORD =
  /example|sample|placeholder|change_?me|change-me|changeit|your[_-]?(?:api|access|auth|secret|token|key|pass|client|own)|_here\b|here_|redacted|replace[_-]?(?:me|with)/i;
// Short words are only placeholders standing alone: random tokens contain "FaKe" by chance.
const SHORT_WORD = /(?<![A-Za-z])(?:dummy|fake|todo|fixme|lorem|insert)(?![a-z])/i;

/**
 * Whether a candidate secret is evidently not a real one: a variable or template reference
 * (`${TOKEN}`, `{{ .Values.key }}`, `$(cat file)`, `%PASSWORD%`, `<token>`, `[PASSWORD]`), a mask
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
 * Six or more consecutive letters counting up (`abcdef`, `KLMNOP`), or ten digits (`0123456789`).
 * Shorter digit runs occur in the numeric ids inside real tokens (`xoxb-123456789012-…`).
 */
function hasSequentialRun(value: string): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    const step = value.charCodeAt(i) - value.charCodeAt(i - 1);
    const ch = value[i] as string;
    run = step === 1 && /[A-Za-z0-9]/.test(ch) ? run + 1 : 1;
    if (run >= (/\d/.test(ch) ? 10 : 6)) return true;
  }
  return false;
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
