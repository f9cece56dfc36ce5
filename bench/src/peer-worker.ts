// One engine on one peer case, timed alone in a fresh process: `peer-worker.ts <small|hundred> <index> [--quick]`.
// Prints the latency figures as JSON. Each contender gets its own process so no engine runs on
// code the JIT shaped for another (and because Node 22's V8 has aborted when a Promise-returning
// task and cedar-wasm's synchronous one shared a process).
import type { CallContext } from '@portcullis/core';
import { Bench } from 'tinybench';
import { peerCases } from './peer-cases.ts';
import { contenders } from './peer-engines.ts';
import { completedTasks } from './report.ts';

const [key, indexText] = process.argv.slice(2) as [string, string];
const quick = process.argv.includes('--quick');
const peerCase = peerCases.find((c) => c.key === key);
const contender = peerCase && contenders(peerCase)[Number(indexText)];
if (!peerCase || !contender) throw new Error(`no contender ${key} ${indexText}`);

const bench = new Bench({ time: quick ? 300 : 3000, warmup: true, warmupTime: quick ? 100 : 500 });
const calls = peerCase.calls;
let i = 0;
bench.add(contender.name, () => contender.run(calls[i++ % calls.length] as CallContext));
await bench.run();
const done = completedTasks(bench)[0];
if (!done) throw new Error(`${contender.name} did not complete`);
const { latency, throughput } = done.result;
process.stdout.write(
  JSON.stringify({
    name: contender.name,
    p50: latency.p50,
    p99: latency.p99,
    mean: latency.mean,
    opsPerSecond: throughput.mean,
    samples: latency.samplesCount,
  }),
);
