// Detector throughput: MB/s of ~1 KB JSON tool-call arguments through detectSecrets, detectPii
// and both, as the sensitiveData guard runs them on every string of every call.
import { detectPii, detectSecrets } from '@portcullis/core';
import { Bench } from 'tinybench';
import { machineHeader } from './machine.ts';
import { completedTasks } from './report.ts';

const quick = process.argv.includes('--quick');
const time = quick ? 500 : 3000;

const WORDS = (
  'the quick report please send team about quarterly results meeting schedule project update customer ' +
  'order shipping invoice payment refund status pending approved review document summary analysis data ' +
  'table query search page next file folder name title description notes comment ticket issue bug ' +
  'feature release version deploy build test run check user account balance transfer address city'
).split(' ');

// Occasional sensitive values, as an agent's arguments carry them now and then.
const EXTRAS = [
  'contact jane.doe@example.com for details',
  'card 4111 1111 1111 1111 exp 04/27',
  'use key AKIAZ7Q2XPL4MNB6VWRT for the upload',
  'token ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d expires soon',
  'call +1 415 555 0132 after lunch',
  'server 10.0.0.12 port 8080',
  'password: "Tr0ub4dor&3x!"',
  'iban DE89 3704 0044 0532 0130 00',
];

/** Deterministic pseudo-random numbers, so every run measures the same strings. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** ~1 KB of JSON arguments: mostly prose, ids, dates and paths, sometimes a sensitive value. */
function makeArguments(count: number): string[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const sentence = () => {
    const words = Array.from({ length: 6 + Math.floor(next() * 12) }, () => pick(WORDS)).join(' ');
    return `${words[0]?.toUpperCase()}${words.slice(1)}.`;
  };
  return Array.from({ length: count }, () => {
    const fields: string[] = [];
    for (let length = 0; length < 950; length += (fields.at(-1)?.length ?? 0) + 2) {
      const key = pick([
        'query',
        'body',
        'subject',
        'path',
        'user_id',
        'limit',
        'created_at',
        'note',
        'tags',
      ]);
      let value: string;
      if (key === 'user_id' || key === 'limit') value = String(Math.floor(next() * 100000));
      else if (key === 'created_at')
        value = `"2024-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}T10:2${Math.floor(next() * 9)}:00Z"`;
      else if (key === 'path') value = `"/home/user/projects/${pick(WORDS)}/${pick(WORDS)}.md"`;
      else if (key === 'tags') value = `["${pick(WORDS)}", "${pick(WORDS)}"]`;
      else value = JSON.stringify(`${sentence()} ${sentence()}${next() < 0.15 ? ` ${pick(EXTRAS)}` : ''}`);
      fields.push(`"${key}": ${value}`);
    }
    return `{${fields.join(', ')}}`;
  });
}

const batch = makeArguments(200);
const bytes = batch.reduce((n, s) => n + Buffer.byteLength(s), 0);
let sink = 0;
const run = (detect: (text: string) => unknown[]) => () => {
  for (const text of batch) sink += detect(text).length;
};

const bench = new Bench({ time, warmup: true, warmupTime: quick ? 200 : 1000 });
bench
  .add('detectSecrets', run(detectSecrets))
  .add('detectPii', run(detectPii))
  .add(
    'detectSecrets + detectPii',
    run((text) => [...detectSecrets(text), ...detectPii(text)]),
  );

await bench.run();

console.log(machineHeader('Secret and PII detectors'));
console.log(
  `${batch.length} strings, mean ${Math.round(bytes / batch.length)} bytes, ${bytes} bytes per batch`,
);
console.log('');
console.log(
  '| detector | MB/s (median) | MB/s (mean) | p50 ms/batch | p99 ms/batch | µs/string (median) | samples |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const { name, result } of completedTasks(bench)) {
  const { latency } = result;
  const p50 = latency.p50 ?? Number.NaN;
  const mbPerSecond = (ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
  console.log(
    `| ${name} | ${mbPerSecond(p50)} | ${mbPerSecond(latency.mean)} | ${p50.toFixed(3)} | ${latency.p99?.toFixed(3)} | ${((p50 * 1000) / batch.length).toFixed(2)} | ${latency.samplesCount} |`,
  );
}
if (sink < 0) console.log(sink);
