// Reading the shared labelled corpora and scoring detectors on them the same way for every system.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PiiType } from '@portcullis/core';
import type { Found, PiiSystem, SecretSystem } from './detector-systems.ts';

/** A row of `pii.jsonl`: labelled entity spans (end exclusive). */
export interface PiiRow {
  text: string;
  entities: { type: PiiType; start: number; end: number }[];
}

/** A row of `secrets.jsonl`: the whole text holds one secret, or none. */
export interface SecretRow {
  text: string;
  expect: 'secret' | 'clean';
  rule: string;
}

/** The rows of a corpus in `shared/corpora`, which sits beside the repository's checkout. */
export function readCorpus<T>(file: string): T[] {
  return readFileSync(fileURLToPath(new URL(`../../../shared/corpora/${file}`, import.meta.url)), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** True and false positives and false negatives. */
export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Precision and recall; an empty denominator reads as 1 (nothing claimed, nothing missed). */
export const precision = ({ tp, fp }: Counts) => (tp + fp === 0 ? 1 : tp / (tp + fp));
export const recall = ({ tp, fn }: Counts) => (tp + fn === 0 ? 1 : tp / (tp + fn));

/** A PII system's counts over all rows, per type. */
export interface PiiScore {
  byType: Map<PiiType, Counts>;
  all: Counts;
  /** Only the entities of types the system can report (its recall on what it claims to cover). */
  covered: Counts;
}

const key = (found: Found) => `${found.type}\u0000${found.value}`;

/**
 * Scores by (type, matched text) per row. Some systems report only the matched strings, not
 * offsets, and de-duplicate them, so both the labels and the findings are reduced to distinct
 * (type, text) pairs per row; a finding is a true positive when the row has a label equal to it.
 */
export async function scorePii(system: PiiSystem, rows: readonly PiiRow[]): Promise<PiiScore> {
  const byType = new Map<PiiType, Counts>();
  const count = (type: PiiType) => {
    let counts = byType.get(type);
    if (!counts) {
      counts = { tp: 0, fp: 0, fn: 0 };
      byType.set(type, counts);
    }
    return counts;
  };
  for (const row of rows) {
    const labels = new Map<string, PiiType>();
    for (const e of row.entities)
      labels.set(key({ type: e.type, value: row.text.slice(e.start, e.end) }), e.type);
    const found = new Map<string, PiiType>();
    for (const f of await system.find(row.text)) found.set(key(f), f.type);
    for (const [k, type] of found) {
      if (labels.delete(k)) count(type).tp++;
      else count(type).fp++;
    }
    for (const type of labels.values()) count(type).fn++;
  }
  const sum = (types: (type: PiiType) => boolean) => {
    const total = { tp: 0, fp: 0, fn: 0 };
    for (const [type, c] of byType) {
      if (!types(type)) continue;
      total.tp += c.tp;
      total.fp += c.fp;
      total.fn += c.fn;
    }
    return total;
  };
  return { byType, all: sum(() => true), covered: sum((type) => system.types.includes(type)) };
}

/** Row-level counts: a secret row is found when flagged, a clean row flagged is a false positive. */
export async function scoreSecrets(system: SecretSystem, rows: readonly SecretRow[]): Promise<Counts> {
  const counts = { tp: 0, fp: 0, fn: 0 };
  for (const row of rows) {
    const flagged = await system.flags(row.text);
    if (row.expect === 'secret') {
      if (flagged) counts.tp++;
      else counts.fn++;
    } else if (flagged) counts.fp++;
  }
  return counts;
}
