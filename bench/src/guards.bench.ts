// Cost of each built-in guard alone on the ~1 KB realistic calls (evaluate + settle).
import { type CallContext, createEngine, type PolicyInput } from '@portcullis/core';
import { Bench } from 'tinybench';
import { machineHeader } from './machine.ts';
import { realisticCalls, realisticPolicy } from './policies.ts';
import { completedTasks } from './report.ts';

const quick = process.argv.includes('--quick');
const bench = new Bench({ time: quick ? 200 : 1000, warmup: true, warmupTime: quick ? 50 : 200 });
const guards = realisticPolicy.guards ?? {};
const variants: [string, PolicyInput][] = [
  ...Object.entries(guards).map(
    ([name, config]) => [name, { version: 1, guards: { [name]: config } }] as [string, PolicyInput],
  ),
  ['rules (10)', { version: 1, rules: realisticPolicy.rules ?? [] }],
  [
    'filesystem, followSymlinks: false',
    { version: 1, guards: { filesystem: { roots: ['.'], followSymlinks: false } } },
  ],
  [
    'network, allowDomains + denyDomains',
    {
      version: 1,
      guards: {
        network: {
          urlArgs: 'auto',
          allowDomains: ['*.example.com', 'api.stripe.com'],
          denyDomains: ['evil.example.com'],
        },
      },
    },
  ],
];
for (const [name, policy] of variants) {
  const engine = createEngine({ policy });
  let i = 0;
  bench.add(name, async () => {
    const verdict = await engine.evaluate(realisticCalls[i++ % realisticCalls.length] as CallContext);
    await engine.settle(verdict, verdict.effect === 'deny' ? 'blocked' : 'executed');
  });
}
await bench.run();
console.log(machineHeader('Each guard alone: evaluate + settle on ~1 KB arguments'));
console.log('\n| guard | p50 µs | p99 µs |\n|---|---:|---:|');
for (const { name, result } of completedTasks(bench)) {
  const { p50, p99 } = result.latency;
  console.log(
    `| ${name} | ${((p50 ?? Number.NaN) * 1000).toFixed(2)} | ${((p99 ?? Number.NaN) * 1000).toFixed(2)} |`,
  );
}
