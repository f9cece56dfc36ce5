/** A digit group at the end of a number as written: an optional separator, then digits or `(digits)`. */
const LAST_GROUP = /[ ./-]?(?:\(\d+\)|\d+)$/;

/**
 * The number without its last digit group, or `''` when nothing would be left: for re-reading a
 * match that took a group belonging to what follows it (`… 24 hours`, a card's `12/25` expiry).
 * `lastGroup` says what a group and its separator look like, anchored at the end.
 *
 * @example
 * withoutLastGroup('+44 20 7946 0958 24'); // '+44 20 7946 0958'
 * withoutLastGroup('4111'); // ''
 */
export function withoutLastGroup(span: string, lastGroup: RegExp = LAST_GROUP): string {
  const cut = span.search(lastGroup);
  return cut > 0 ? span.slice(0, cut) : '';
}
