// The engine against its peers on the same decisions: first every engine's outcome on every input
// (any disagreement stops the run before timing), then p50 / p99 / ops/s per engine and the ratio
// to Portcullis, for the small policy and the 100-rule policy.
import type { CallContext } from '@portcullis/core';
import { Bench } from 'tinybench';
import { machineHeader } from './machine.ts';
import { describeCall, peerCases } from './peer-cases.ts';
import { agreement, contenders } from './peer-engines.ts';
import { completedTasks } from './report.ts';

const quick = process.argv.includes('--quick');
const time = quick ? 300 : 3000;

console.log(machineHeader('Engine vs peers: the same decisions'));
console.log('');
const { names, rows } = await agreement();
console.log(`Correctness first: each engine's outcome on every benchmark input (${rows.length} inputs).`);
console.log('');
console.log(`| policy | input | ${names.join(' | ')} | agree |`);
console.log(`|---|---|${names.map(() => '---').join('|')}|---|`);
for (const row of rows) {
  console.log(
    `| ${row.peerCase.title} | \`${describeCall(row.call)}\` | ${row.outcomes.join(' | ')} | ${row.agree ? 'yes' : '**NO**'} |`,
  );
}
const disagreements = rows.filter((row) => !row.agree);
if (disagreements.length > 0) {
  throw new Error(
    `${disagreements.length} input(s) decided differently; no timing means anything until every engine agrees`,
  );
}

console.log('');
console.log(
  'OPA is not measured: @open-policy-agent/opa-wasm evaluates a Rego policy compiled to .wasm by the `opa` binary, ' +
    'and neither the npm registry nor Debian packages reachable here ship that binary or any Rego-to-wasm compiler ' +
    '(@open-policy-agent/opa on npm is a client for a running OPA server).',
);
console.log('');
console.log(
  '| policy | engine | p50 µs | p99 µs | mean µs | ops/s | p50 × Portcullis | p99 × Portcullis | samples |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
const us = (ms: number | undefined) => ((ms ?? Number.NaN) * 1000).toFixed(2);
for (const peerCase of peerCases) {
  const bench = new Bench({ time, warmup: true, warmupTime: quick ? 100 : 500 });
  for (const contender of contenders(peerCase)) {
    let i = 0;
    const calls = peerCase.calls;
    bench.add(contender.name, () => contender.run(calls[i++ % calls.length] as CallContext));
  }
  await bench.run();
  const done = completedTasks(bench);
  const base = done[0]?.result.latency;
  for (const { name, result } of done) {
    const { latency, throughput } = result;
    const times = (mine: number | undefined, theirs: number | undefined) =>
      `${((mine ?? Number.NaN) / (theirs ?? Number.NaN)).toFixed(1)}×`;
    console.log(
      `| ${peerCase.title} | ${name} | ${us(latency.p50)} | ${us(latency.p99)} | ${us(latency.mean)} | ${Math.round(throughput.mean).toLocaleString('en-US')} | ${times(latency.p50, base?.p50)} | ${times(latency.p99, base?.p99)} | ${latency.samplesCount} |`,
    );
  }
}
