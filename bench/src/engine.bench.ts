// Engine micro-benchmark: p50 / p99 per evaluation and evaluations per second.
import { hash } from 'node:crypto';
import { type CallContext, createEngine, type PolicyEngine } from '@portcullis/core';
import { Bench } from 'tinybench';
import { machineHeader } from './machine.ts';
import {
  hundredCalls,
  hundredRulePolicy,
  realisticCalls,
  realisticPolicy,
  smallCalls,
  smallPolicy,
} from './policies.ts';
import { completedTasks } from './report.ts';

const quick = process.argv.includes('--quick');
const time = quick ? 300 : 3000;

function cycle(engine: PolicyEngine, calls: CallContext[]) {
  let i = 0;
  return () => engine.evaluate(calls[i++ % calls.length] as CallContext);
}

/** evaluate + settle: stateful guards take and then commit their reservations, as in real use. */
function cycleSettled(engine: PolicyEngine, calls: CallContext[]) {
  let i = 0;
  return async () => {
    const verdict = await engine.evaluate(calls[i++ % calls.length] as CallContext);
    await engine.settle(verdict, verdict.effect === 'deny' ? 'blocked' : 'executed');
  };
}

/** The same decisions as the small policy, hand-written: the floor no engine can beat. */
function handWritten(ctx: CallContext): string {
  const t = ctx.tool;
  const a = ctx.args;
  if (/^(drop|delete|truncate|exec|shell)_/.test(t)) return 'deny';
  if (t === 'refund') {
    const amount = Number(a['amount']);
    if (amount > 1000) return 'deny';
    if (amount > 200) return 'ask';
  }
  if (t === 'send_email' || t.startsWith('wire_') || t === 'close_account') return 'ask';
  if (
    /^(search|get|list|read|fetch|lookup|summarize|transfer)_/.test(t) ||
    t === 'refund' ||
    t === 'create_ticket'
  ) {
    return 'allow';
  }
  return 'deny';
}

/**
 * The least any engine must do for the realistic policy on ~1 KB arguments, judging nothing:
 * serialise and hash the arguments once (identical-call detection; `JSON.stringify`, which does
 * not even sort keys) and read every character of their strings once (secrets and PII). A lower
 * bound for the all-guards row, on this machine.
 */
function realisticFloor(ctx: CallContext): number {
  const digest = hash('sha256', JSON.stringify(ctx.args), 'hex');
  return digest.length + readEveryCharacter(ctx.args);
}

function readEveryCharacter(value: unknown): number {
  if (typeof value === 'string') {
    let seen = 0;
    for (let i = 0; i < value.length; i++) seen ^= value.charCodeAt(i);
    return seen;
  }
  if (value === null || typeof value !== 'object') return 0;
  let seen = 0;
  for (const [key, member] of Object.entries(value))
    seen ^= readEveryCharacter(key) ^ readEveryCharacter(member);
  return seen;
}

const bench = new Bench({ time, warmup: true, warmupTime: quick ? 100 : 500 });
const small = createEngine({ policy: smallPolicy });
const hundred = createEngine({ policy: hundredRulePolicy });
const realistic = createEngine({ policy: realisticPolicy });
let n = 0;
bench
  .add('hand-written if/else (floor)', () => handWritten(smallCalls[n++ % smallCalls.length] as CallContext))
  .add('evaluate: scope 20 globs + 10 rules', cycle(small, smallCalls))
  .add('evaluate: 100 rules', cycle(hundred, hundredCalls))
  .add('evaluate + settle: all deterministic guards, ~1 KB args', cycleSettled(realistic, realisticCalls))
  .add('lower bound for ~1 KB args: hash them, read every character (judges nothing)', () =>
    realisticFloor(realisticCalls[n++ % realisticCalls.length] as CallContext),
  );

await bench.run();

console.log(machineHeader('Engine evaluate()'));
console.log('');
console.log('| case | p50 µs | p99 µs | mean µs | evaluations/s | samples |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const { name, result } of completedTasks(bench)) {
  const { latency, throughput } = result;
  const us = (ms: number | undefined) => ((ms ?? Number.NaN) * 1000).toFixed(2);
  console.log(
    `| ${name} | ${us(latency.p50)} | ${us(latency.p99)} | ${us(latency.mean)} | ${Math.round(throughput.mean).toLocaleString('en-US')} | ${latency.samplesCount} |`,
  );
}
