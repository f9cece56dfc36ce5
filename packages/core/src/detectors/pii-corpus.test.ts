import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../test/corpus.ts';
import { detectPii, PII_TYPES, type PiiType } from './detect-pii.ts';

interface Entity {
  type: PiiType;
  start: number;
  end: number;
}

interface Row {
  text: string;
  entities: Entity[];
}

const rows = readCorpus<Row>('pii.jsonl');

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

/**
 * Scores by exact span match: a finding is a true positive only when a labelled entity has the
 * same type, start and end. Every other finding — including any on an `entities: []` row — is a
 * false positive; every unmatched entity is a false negative.
 */
function score(): Map<PiiType, Score> {
  const scores = new Map<PiiType, Score>(PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  for (const row of rows) {
    const findings = detectPii(row.text);
    const unmatched = [...row.entities];
    for (const finding of findings) {
      const s = scores.get(finding.type as PiiType) as Score;
      const i = unmatched.findIndex(
        (e) => e.type === finding.type && e.start === finding.start && e.end === finding.end,
      );
      if (i >= 0) {
        s.tp++;
        unmatched.splice(i, 1);
      } else {
        s.fp++;
      }
    }
    for (const missed of unmatched) (scores.get(missed.type) as Score).fn++;
  }
  return scores;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

describe('PII corpus', () => {
  it('reaches F1 ≥ 0.95 for every type with exact spans [detectors.corpora]', () => {
    const scores = score();
    const table = [...scores].map(([type, { tp, fp, fn }]) => {
      const precision = ratio(tp, tp + fp);
      const recall = ratio(tp, tp + fn);
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      return { type, tp, fp, fn, precision, recall, f1 };
    });
    console.log(
      [
        `PII corpus: ${rows.length} rows, exact span match`,
        '| type | TP | FP | FN | precision | recall | F1 |',
        '|---|---:|---:|---:|---:|---:|---:|',
        ...table.map(
          (r) =>
            `| ${r.type} | ${r.tp} | ${r.fp} | ${r.fn} | ${r.precision.toFixed(3)} | ${r.recall.toFixed(3)} | ${r.f1.toFixed(3)} |`,
        ),
      ].join('\n'),
    );
    expect(table.filter((r) => r.f1 < 0.95).map((r) => r.type)).toEqual([]);
  });
});
