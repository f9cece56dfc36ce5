import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyPath } from './classify-path.ts';

interface TraversalRow {
  path: string;
  expect: 'block' | 'allow';
  category: string;
}

// packages/core/src/detectors → the directory that holds the clone, where shared/ sits beside main/.
const corpusUrl = new URL('../../../../../shared/corpora/traversal.jsonl', import.meta.url);
const rows: TraversalRow[] = readFileSync(corpusUrl, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as TraversalRow);

// A real directory, so symbolic-link resolution runs for every row as it would in use.
const root = realpathSync(mkdtempSync(join(tmpdir(), 'portcullis-traversal-')));

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function percent(value: number | undefined): string {
  return value === undefined ? '-' : `${(value * 100).toFixed(1)}%`;
}

describe('the traversal corpus', () => {
  it('is read from the shared corpora directory beside the clone', () => {
    expect(fileURLToPath(corpusUrl).endsWith('/shared/corpora/traversal.jsonl')).toBe(true);
    expect(rows.length).toBe(748);
  });

  it('blocks at least 99% of block rows and no allow row', () => {
    const judged = rows.map((row) => ({ row, blocked: !classifyPath(row.path, { roots: [root] }).safe }));
    const table = [...new Set(rows.map((row) => row.category))].sort().map((category) => {
      const inCategory = judged.filter(({ row }) => row.category === category);
      const block = inCategory.filter(({ row }) => row.expect === 'block');
      const allow = inCategory.filter(({ row }) => row.expect === 'allow');
      return {
        category,
        rows: inCategory.length,
        recall: percent(block.length ? block.filter((j) => j.blocked).length / block.length : undefined),
        fpr: percent(allow.length ? allow.filter((j) => j.blocked).length / allow.length : undefined),
      };
    });
    const block = judged.filter(({ row }) => row.expect === 'block');
    const allow = judged.filter(({ row }) => row.expect === 'allow');
    const recall = block.filter((j) => j.blocked).length / block.length;
    const falsePositives = allow.filter((j) => j.blocked).map(({ row }) => row.path);
    table.push({
      category: 'all',
      rows: judged.length,
      recall: percent(recall),
      fpr: percent(falsePositives.length / allow.length),
    });
    console.log(
      [
        'Traversal corpus',
        ...table.map(
          (r) =>
            `${r.category.padEnd(24)} ${String(r.rows).padStart(4)}  recall ${r.recall.padStart(6)}  FPR ${r.fpr.padStart(6)}`,
        ),
      ].join('\n'),
    );
    const missed = block.filter((j) => !j.blocked).map(({ row }) => row.path);
    expect(recall, `missed: ${JSON.stringify(missed)}`).toBeGreaterThanOrEqual(0.99);
    expect(falsePositives).toEqual([]);
  });
});
