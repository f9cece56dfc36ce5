// Runs every benchmark, one process after another, and writes their tables to bench/RESULTS.md
// with the machine, Node version, date and load noted. `--quick` runs each briefly (for CI or a
// smoke check) and prints to stdout instead, so a quick run never overwrites measured figures;
// `--out <file>` writes anywhere (`-` is stdout).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { methodNotes } from './results-notes.ts';

const run = promisify(execFile);
const quick = process.argv.includes('--quick');
const outIndex = process.argv.indexOf('--out');
const out =
  outIndex >= 0
    ? (process.argv[outIndex + 1] ?? '-')
    : quick
      ? '-'
      : fileURLToPath(new URL('../RESULTS.md', import.meta.url));

/** In the order they appear: the comparisons with other projects first. */
const benches = [
  'peers.bench.ts',
  'detector-peers.bench.ts',
  'mcp-proxy-peers.bench.ts',
  'engine.bench.ts',
  'guards.bench.ts',
  'detectors.bench.ts',
  'mcp-proxy.bench.ts',
  'stores.bench.ts',
];

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
/**
 * A fixed piece of work timed in this process: JSON parsing and serialising, sorting and a regex
 * scan over the same generated document every run. Its time moves with the machine's speed at
 * that moment (a shared host, a slower CPU), not with Portcullis, so two runs' tables can be
 * compared through it. The median of seven repetitions, in ms.
 */
function calibrate(): number {
  const doc = JSON.stringify(
    Array.from({ length: 2000 }, (_, i) => ({
      id: i,
      name: `item-${(i * 7919) % 2000}`,
      tags: ['a', 'b', `t${i % 13}`],
    })),
  );
  const times: number[] = [];
  for (let repeat = 0; repeat < 7; repeat++) {
    const began = performance.now();
    for (let i = 0; i < 20; i++) {
      const items = JSON.parse(doc) as { name: string }[];
      items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      JSON.stringify(items).match(/item-1\d*7/g);
    }
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return times[3] as number;
}

const startedAt = new Date();
const startLoad = load();
const startCalibration = calibrate();
const sections: string[] = [];
let failed = 0;
for (const file of benches) {
  const before = load();
  const began = performance.now();
  process.stderr.write(`bench: ${file} (load ${before}) … `);
  let body: string;
  try {
    const { stdout } = await run(
      process.execPath,
      // Plain Node (its own type stripping) runs the code as users run the published JavaScript;
      // a transpiler's helpers (tsx keeps function names with a call per closure) would be timed too.
      [fileURLToPath(new URL(file, import.meta.url)), ...(quick ? ['--quick'] : [])],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
    );
    body = stdout;
  } catch (error) {
    failed += 1;
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    body = `${stdout}\n**Failed.**\n\n\`\`\`\n${stderr.trim().split('\n').slice(-20).join('\n')}\n\`\`\`\n`;
  }
  const seconds = ((performance.now() - began) / 1000).toFixed(0);
  process.stderr.write(`${seconds} s\n`);
  // Each bench prints its own `# title` and machine line; here they become sections.
  const text = body.trim().replace(/^# /, '## ');
  sections.push(
    `${text}\n\n<sub>\`src/${file}\` · ${seconds} s · 1-min / 5-min / 15-min load before: ${before}</sub>`,
  );
}

const cpu = cpus();
const document = `# Benchmark results

${quick ? '**Quick mode: short runs, figures are rough.**\n\n' : ''}| | |
|---|---|
| date | ${startedAt.toISOString()} |
| Node | ${process.version} (${process.platform} ${process.arch}) |
| CPU | ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory |
| load average (1 / 5 / 15 min) | ${startLoad} at the start, ${load()} at the end |
| machine speed (fixed work, lower is faster) | ${startCalibration.toFixed(1)} ms at the start, ${calibrate().toFixed(1)} ms at the end |
| command | \`pnpm bench\` (\`bench/src/results.ts${quick ? ' --quick' : ''}\`) |

${methodNotes}

${sections.join('\n\n')}
`;

if (out === '-') process.stdout.write(document);
else {
  writeFileSync(out, document);
  // The repository's formatter owns markdown layout too; a generated file must pass `lint`.
  await run('biome', ['format', '--write', out]).catch((error: Error) =>
    process.stderr.write(`bench: could not format ${out} with biome: ${error.message}\n`),
  );
  process.stderr.write(`bench: wrote ${out}\n`);
}
if (failed > 0) {
  process.stderr.write(`bench: ${failed} benchmark(s) failed\n`);
  process.exitCode = 1;
}
