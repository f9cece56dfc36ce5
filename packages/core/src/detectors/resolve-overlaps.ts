import type { Finding } from './finding.ts';

/**
 * Picks non-overlapping findings from overlapping candidates and sorts them by position.
 *
 * Candidates are taken most confident first, then longest, then leftmost; a candidate that
 * overlaps one already taken is dropped. Detectors emit every plausible reading (a digit run that
 * is both a phone number and part of an IBAN) and let this decide, so no detector needs to know
 * about the others.
 *
 * @example
 * resolveOverlaps([
 *   { type: 'PHONE_NUMBER', start: 5, end: 15, confidence: 0.4 },
 *   { type: 'IBAN_CODE', start: 0, end: 22, confidence: 0.95 },
 * ]); // [{ type: 'IBAN_CODE', start: 0, end: 22, confidence: 0.95 }]
 */
export function resolveOverlaps(candidates: readonly Finding[]): Finding[] {
  if (candidates.length < 2) return [...candidates];
  const ranked = [...candidates].sort(
    (a, b) =>
      (b.confidence ?? 0) - (a.confidence ?? 0) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // Taken findings never overlap, so kept in position order one binary search finds the only two
  // that could overlap a candidate: thousands of findings (a document full of addresses) cost
  // n log n comparisons, not n².
  const taken: Finding[] = [];
  for (const candidate of ranked) {
    let low = 0;
    let high = taken.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((taken[mid] as Finding).start < candidate.start) low = mid + 1;
      else high = mid;
    }
    const before = taken[low - 1];
    const after = taken[low];
    if ((before && before.end > candidate.start) || (after && after.start < candidate.end)) continue;
    taken.splice(low, 0, candidate);
  }
  return taken;
}
