// Reading the shared labelled corpora and scoring a block/allow classifier on them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** packages/core/test → the directory that holds the clone, where shared/ sits beside main/. */
export function corpusUrl(file: string): URL {
  return new URL(`../../../../shared/corpora/${file}`, import.meta.url);
}

/** The rows of a JSON Lines corpus file. */
export function readCorpus<T>(file: string): T[] {
  return readFileSync(fileURLToPath(corpusUrl(file)), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** A judged row of a block/allow corpus. */
export interface Judged<R> {
  row: R & { expect: 'block' | 'allow'; category: string };
  blocked: boolean;
}

const percent = (value: number | undefined) => (value === undefined ? '-' : `${(value * 100).toFixed(1)}%`);

/**
 * Recall on block rows and false-positive rate on allow rows, per category and overall, as a
 * printable table; `missed` and `falsePositives` list the rows for the assertion messages.
 */
export function scoreBlocking<R>(title: string, judged: Judged<R>[], label: (row: R) => string) {
  const rate = (rows: Judged<R>[]) =>
    rows.length ? rows.filter((j) => j.blocked).length / rows.length : undefined;
  const lines = [...new Set(judged.map((j) => j.row.category))].sort().map((category) => {
    const inCategory = judged.filter((j) => j.row.category === category);
    return line(
      category,
      inCategory.length,
      rate(inCategory.filter((j) => j.row.expect === 'block')),
      rate(inCategory.filter((j) => j.row.expect === 'allow')),
    );
  });
  const block = judged.filter((j) => j.row.expect === 'block');
  const allow = judged.filter((j) => j.row.expect === 'allow');
  const recall = rate(block) ?? 1;
  lines.push(line('all', judged.length, recall, rate(allow)));
  return {
    recall,
    table: [title, ...lines].join('\n'),
    missed: block.filter((j) => !j.blocked).map((j) => label(j.row)),
    falsePositives: allow.filter((j) => j.blocked).map((j) => label(j.row)),
  };
}

function line(category: string, rows: number, recall: number | undefined, fpr: number | undefined): string {
  return `${category.padEnd(24)} ${String(rows).padStart(4)}  recall ${percent(recall).padStart(6)}  FPR ${percent(fpr).padStart(6)}`;
}
