/**
 * Whether the words just before `start` label what follows as a given kind of number: a label
 * (`phone`, `"telefon": "`, `SSN:`) ends within `reach` characters before it, with no digit in
 * between, so the label belongs to this number and not to an earlier one. An identifier that
 * names a count, id or time (`call_id`, `phoneCount`, `cell_duration`) is not a label, nor is one
 * followed by such a word (`call duration 12345678`). The name of the field the text is the value
 * of (`field`, a JSON key) labels the text's first number as if it were written before the text.
 *
 * Presidio raises weak matches the same way, by context words before them. Here the label is what
 * lets a shape that is otherwise any id (`0353173028`, `640038066`) be read as personal data.
 *
 * @example
 * isLabelled('Please call Peter at 7432436355', 21, PHONE_LABEL); // true
 * isLabelled('call_id: 7432436355', 9, PHONE_LABEL); // false
 * isLabelled('0612345678', 0, PHONE_LABEL, 64, 'mobile'); // true
 */
export function isLabelled(text: string, start: number, label: RegExp, reach = 64, field?: string): boolean {
  const from = Math.max(0, start - reach);
  const window = text.slice(from, start);
  const lastEnd = lastLabelEnd(window, label);
  if (lastEnd >= 0) return namesOnlyThis(window.slice(lastEnd));
  return field !== undefined && start <= reach && namesOnlyThis(window) && lastLabelEnd(field, label) >= 0;
}

/** Where the last label in a text that does not name something else ends, or -1. */
function lastLabelEnd(text: string, label: RegExp): number {
  let lastEnd = -1;
  label.lastIndex = 0;
  for (let m = label.exec(text); m !== null; m = label.exec(text)) {
    if (!namesSomethingElse(text, m.index, m.index + m[0].length)) lastEnd = m.index + m[0].length;
  }
  return lastEnd;
}

/**
 * Whether the text between a label and a number leaves the label to that number: no other number
 * there, a date or a time of day aside (`Callback requested 10/28/2024 09:30 — 960 99 20 30`,
 * `phone (after 5pm): …`), and no word naming another quantity.
 */
function namesOnlyThis(between: string): boolean {
  const digit = between.search(/\d/);
  if (digit >= 0 && /\d/.test(between.slice(digit).replace(DATE_OR_TIME, ''))) return false;
  return !OTHER_QUANTITY.test(between);
}

/**
 * A date with its year first or last (2024-10-28, 28.10.2024, 10/28/24), as regex source: its
 * two groups are the separators, so it goes first in a pattern. 0137-66-1875 (a Japanese phone
 * number) is not one.
 */
export const DATE = '(?:\\d{4}([./-])\\d{1,2}\\1\\d{1,2}|\\d{1,2}([./-])\\d{1,2}\\2(?:\\d{2}|\\d{4}))';

// A date (above) or a time of day (09:30, 9.30 pm, 5pm).
const DATE_OR_TIME = new RegExp(
  `(?<!\\d)(?:${DATE}|\\d{1,2}[:.]\\d\\d(?:[:.]\\d\\d)?(?: ?[ap]\\.?m\\.?)?|\\d{1,2} ?[ap]\\.?m\\.?)(?!\\d)`,
  'gi',
);

// The last part of an identifier (after `_`, `-` or a lower-to-upper case change) when it counts
// or times things rather than naming a number: `call_id`, `phoneCount`, `cell-duration-ms`.
const NOT_A_NUMBER_NAME = /(?:^|[_-])(?:ids?|count|duration|time|ms|seconds?|minutes?|length|size)$/i;
const NOT_A_NUMBER_CAMEL = /\p{Ll}(?:IDs?|Ids?|Count|Duration|Time|Ms|Seconds?|Minutes?|Length|Size)$/u;
// The same words on their own between a label and a number (`call duration 1234`, `phone id …`).
const OTHER_QUANTITY = /(?<!\p{L})(?:ids?|count|duration|time|length|size|seconds?|minutes?)(?!\p{L})/iu;
const WORD_CHAR = /[\p{L}\p{N}_-]/u;

/** Whether the identifier around a label word (`call_id`, `phoneCount`) names something else. */
function namesSomethingElse(text: string, start: number, end: number): boolean {
  let wordEnd = end;
  while (wordEnd < text.length && WORD_CHAR.test(text[wordEnd] as string)) wordEnd++;
  let wordStart = start;
  while (wordStart > 0 && WORD_CHAR.test(text[wordStart - 1] as string)) wordStart--;
  const word = text.slice(wordStart, wordEnd);
  return NOT_A_NUMBER_NAME.test(word) || NOT_A_NUMBER_CAMEL.test(word);
}

/**
 * Words that label a phone number, in the languages of most numbering plans' users: phone, tel,
 * mobile, cell, call, fax, SMS, WhatsApp, and their equivalents (telefon, téléphone, puhelin,
 * τηλέφωνο, телефон, joindre, ligar, llamar, chiamare, zadzwonić, anrufen, 電話, 电话, 手机, 携帯,
 * 전화). Words that only mean "number"
 * or "contact" are not labels: an order number or a contact id is written the same way.
 */
export const PHONE_LABEL =
  /(?:phone|(?<!\p{L})(?:tel(?!\p{L})|t[eé]l[eé][fp]|mobil|cell|call|fax(?!\p{L})|sms(?!\p{L})|puh(?!\p{L})|lig(?:ar|ue)|ll[aá]m|anruf|rufnummer)|whats ?app|puhelin|τηλ|телеф|joindre|chiam|dzwo|電話|电话|手机|携帯|전화)/giu;

/** Words that label a US Social Security number: `SSN`, `social security`. */
export const SSN_LABEL = /(?:(?<!\p{L})ssn(?!\p{L})|social security)/giu;
