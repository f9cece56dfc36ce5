// Detectors against their peers on the same rows of shared/corpora: precision and recall of
// Portcullis detectPii / detectSecrets, @openai/guardrails' pii and secret-keys checks and
// LangChain piiMiddleware's built-in detectors, then MB/s of each over the whole corpus.
import { PII_TYPES } from '@portcullis/core';
import { Bench } from 'tinybench';
import {
  type Counts,
  type PiiRow,
  type PiiScore,
  precision,
  readCorpus,
  recall,
  type SecretRow,
  scorePii,
  scoreSecrets,
} from './detector-scoring.ts';
import { piiSystems, secretSystems } from './detector-systems.ts';
import { machineHeader } from './machine.ts';
import { completedTasks } from './report.ts';

const quick = process.argv.includes('--quick');
const piiRows = readCorpus<PiiRow>('pii.jsonl');
const secretRows = readCorpus<SecretRow>('secrets.jsonl');
const bytesOf = (rows: readonly { text: string }[]) =>
  rows.reduce((n, r) => n + Buffer.byteLength(r.text), 0);
const piiBytes = bytesOf(piiRows);
const secretBytes = bytesOf(secretRows);

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const pr = (c: Counts | undefined) => (c ? `${pct(precision(c))} / ${pct(recall(c))}` : '–');

console.log(machineHeader('Detectors vs peers on shared/corpora'));
console.log('');
console.log(
  `PII: ${piiRows.length} rows of pii.jsonl (${piiBytes} bytes, ${piiRows.reduce((n, r) => n + r.entities.length, 0)} labelled entities). ` +
    'A finding counts when its type and matched text equal a label of its row (distinct pairs per row).',
);
console.log('');
console.log(
  '| system | precision | recall (all 7 types) | recall (types it detects) | TP | FP | FN | types it detects |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---|');
const piiScores: PiiScore[] = [];
for (const system of piiSystems) {
  const score = await scorePii(system, piiRows);
  piiScores.push(score);
  const { all, covered } = score;
  const types = system.types.length === PII_TYPES.length ? 'all 7' : system.types.join(', ');
  console.log(
    `| ${system.name} | ${pct(precision(all))} | ${pct(recall(all))} | ${pct(recall(covered))} | ${all.tp} | ${all.fp} | ${all.fn} | ${types} |`,
  );
}
console.log('');
console.log(`| type (precision / recall) | ${piiSystems.map((s) => s.name).join(' | ')} |`);
console.log(`|---|${piiSystems.map(() => '---:').join('|')}|`);
for (const type of PII_TYPES) {
  const cells = piiSystems.map((system, i) =>
    system.types.includes(type) ? pr(piiScores[i]?.byType.get(type)) : 'not detected',
  );
  console.log(`| ${type} | ${cells.join(' | ')} |`);
}

console.log('');
const secretCount = secretRows.filter((r) => r.expect === 'secret').length;
console.log(
  `Secrets: ${secretRows.length} rows of secrets.jsonl (${secretBytes} bytes; ${secretCount} secret, ${secretRows.length - secretCount} clean), judged per row. ` +
    'LangChain has no secret detector (piiMiddleware knows email, credit_card, ip, mac_address and url).',
);
console.log('');
console.log('| system | precision | recall | clean rows flagged | TP | FP | FN |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const system of secretSystems) {
  const c = await scoreSecrets(system, secretRows);
  console.log(
    `| ${system.name} | ${pct(precision(c))} | ${pct(recall(c))} | ${pct(c.fp / (secretRows.length - secretCount))} | ${c.tp} | ${c.fp} | ${c.fn} |`,
  );
}

// Throughput: one task is one pass over every row of a corpus. A system with a synchronous API is
// timed synchronously, so no await it does not need is charged to it.
const bench = new Bench({ time: quick ? 300 : 2000, warmup: true, warmupTime: quick ? 100 : 500 });
let sink = 0;
function pass<R>(
  rows: readonly { text: string }[],
  scan: (text: string) => R | Promise<R>,
  weigh: (r: R) => number,
) {
  if (!(scan(rows[0]?.text ?? '') instanceof Promise)) {
    return () => {
      for (const row of rows) sink += weigh(scan(row.text) as R);
    };
  }
  return async () => {
    for (const row of rows) sink += weigh(await scan(row.text));
  };
}
for (const system of piiSystems) {
  bench.add(
    `pii.jsonl · ${system.name}`,
    pass(piiRows, system.find, (found) => found.length),
  );
}
for (const system of secretSystems) {
  bench.add(`secrets.jsonl · ${system.name}`, pass(secretRows, system.flags, Number));
}
await bench.run();

console.log('');
console.log('| corpus · system | MB/s (p50) | p50 ms/pass | p99 ms/pass | samples |');
console.log('|---|---:|---:|---:|---:|');
for (const { name, result } of completedTasks(bench)) {
  const { p50, p99, samplesCount } = result.latency;
  const bytes = name.startsWith('pii') ? piiBytes : secretBytes;
  const ms = p50 ?? Number.NaN;
  console.log(
    `| ${name} | ${(bytes / 1e6 / (ms / 1000)).toFixed(2)} | ${ms.toFixed(3)} | ${(p99 ?? Number.NaN).toFixed(3)} | ${samplesCount} |`,
  );
}
if (sink < 0) console.log(sink);
