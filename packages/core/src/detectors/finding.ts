/**
 * One detected secret or piece of personal data in a string.
 *
 * Offsets are UTF-16 code units (what `String.prototype.slice` takes), `end` exclusive, so
 * `text.slice(finding.start, finding.end)` is the detected value and a redactor can splice
 * without re-scanning.
 *
 * @example
 * const finding: Finding = { type: 'EMAIL_ADDRESS', start: 8, end: 25, confidence: 0.9 };
 * 'contact jane.doe@example.com'.slice(finding.start, finding.end); // 'jane.doe@example.com'
 */
export interface Finding {
  /** Upper-snake name of what was found, e.g. `AWS_ACCESS_KEY_ID` or `CREDIT_CARD`. */
  type: string;
  /** Offset of the first code unit of the value. */
  start: number;
  /** Offset just past the last code unit of the value. */
  end: number;
  /** 0–1: how sure the detector is; higher wins when two candidates overlap. */
  confidence?: number;
}
