import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusUrl, readCorpus, scoreBlocking } from '../../test/corpus.ts';
import { classifyPath } from './classify-path.ts';

interface TraversalRow {
  path: string;
  expect: 'block' | 'allow';
  category: string;
}

const rows = readCorpus<TraversalRow>('traversal.jsonl');

// A real directory, so symbolic-link resolution runs for every row as it would in use.
const root = realpathSync(mkdtempSync(join(tmpdir(), 'portcullis-traversal-')));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the traversal corpus', () => {
  it('is read from the shared corpora directory beside the clone', () => {
    expect(fileURLToPath(corpusUrl('traversal.jsonl')).endsWith('/shared/corpora/traversal.jsonl')).toBe(
      true,
    );
    expect(rows.length).toBe(748);
  });

  it('blocks at least 99% of block rows and no allow row [detectors.corpora] [filesystem.traversal]', () => {
    const judged = rows.map((row) => ({ row, blocked: !classifyPath(row.path, { roots: [root] }).safe }));
    const score = scoreBlocking('Traversal corpus', judged, (row) => row.path);
    console.log(score.table);
    expect(score.recall, `missed: ${JSON.stringify(score.missed)}`).toBeGreaterThanOrEqual(0.99);
    expect(score.falsePositives).toEqual([]);
  });
});
