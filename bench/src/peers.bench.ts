// The engine against its peers on the same decisions: first every engine's outcome on every input
// (any disagreement stops the run before timing), then p50 / p99 / ops/s per engine and the ratio
// to Portcullis, for the small policy and the 100-rule policy. Each engine is timed in a process
// of its own (peer-worker.ts), one after another.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { machineHeader } from './machine.ts';
import { describeCall, peerCases } from './peer-cases.ts';
import { agreement, contenders } from './peer-engines.ts';

const quick = process.argv.includes('--quick');
const run = promisify(execFile);

/** What peer-worker.ts prints: one contender's figures (milliseconds). */
interface Timing {
  name: string;
  p50: number;
  p99: number;
  mean: number;
  opsPerSecond: number;
  samples: number;
}

/** Times one contender in a process of its own. */
async function timeAlone(key: string, index: number): Promise<Timing> {
  const { stdout } = await run(
    process.execPath,
    [
      fileURLToPath(new URL('./peer-worker.ts', import.meta.url)),
      key,
      String(index),
      ...(quick ? ['--quick'] : []),
    ],
    { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' },
  );
  return JSON.parse(stdout) as Timing;
}

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
const us = (ms: number) => (ms * 1000).toFixed(2);
const times = (mine: number, theirs: number) => `${(mine / theirs).toFixed(1)}×`;
for (const peerCase of peerCases) {
  let base: Timing | undefined;
  for (const index of contenders(peerCase).keys()) {
    const timing = await timeAlone(peerCase.key, index);
    base ??= timing;
    console.log(
      `| ${peerCase.title} | ${timing.name} | ${us(timing.p50)} | ${us(timing.p99)} | ${us(timing.mean)} | ${Math.round(timing.opsPerSecond).toLocaleString('en-US')} | ${times(timing.p50, base.p50)} | ${times(timing.p99, base.p99)} | ${timing.samples} |`,
    );
  }
}
