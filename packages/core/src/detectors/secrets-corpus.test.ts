import { describe, expect, it } from 'vitest';
import { readCorpus } from '../../test/corpus.ts';
import { detectSecrets } from './detect-secrets.ts';
import { SECRET_TYPES } from './secret-types.ts';

interface Row {
  text: string;
  expect: 'secret' | 'clean';
  rule: string;
}

const rows = readCorpus<Row>('secrets.jsonl');

describe('secrets corpus', () => {
  it('detects ≥ 90% of secret rows and flags ≤ 5% of clean rows [detectors.corpora]', () => {
    // Rows carry no spans, so a secret row counts as detected when any finding overlaps it, and
    // any finding on a clean row is a false positive.
    const missed = rows.filter((r) => r.expect === 'secret' && detectSecrets(r.text).length === 0);
    const flagged = rows.filter((r) => r.expect === 'clean' && detectSecrets(r.text).length > 0);
    const secrets = rows.filter((r) => r.expect === 'secret').length;
    const clean = rows.length - secrets;
    const recall = (secrets - missed.length) / secrets;
    const fpr = flagged.length / clean;
    console.log(
      [
        `Secrets corpus: ${rows.length} rows`,
        '| metric | value |',
        '|---|---:|',
        `| recall (secret rows detected) | ${(recall * 100).toFixed(1)}% (${secrets - missed.length}/${secrets}) |`,
        `| false-positive rate (clean rows flagged) | ${(fpr * 100).toFixed(1)}% (${flagged.length}/${clean}) |`,
        ...missed.map((r) => `missed ${r.rule}: ${JSON.stringify(r.text.slice(0, 100))}`),
        ...flagged.map((r) => `flagged ${r.rule}: ${JSON.stringify(r.text.slice(0, 100))}`),
      ].join('\n'),
    );
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(fpr).toBeLessThanOrEqual(0.05);
  });

  it('reports only known types, with non-empty spans inside the text', () => {
    const bad = rows.flatMap((row) =>
      detectSecrets(row.text).filter(
        (f) =>
          !(SECRET_TYPES as readonly string[]).includes(f.type) ||
          f.start < 0 ||
          f.end > row.text.length ||
          f.end <= f.start,
      ),
    );
    expect(bad).toEqual([]);
  });
});
