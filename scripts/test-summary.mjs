// Sums the JSON reports vitest writes in every workspace package and prints one closing line
// ("N passed, N failed, N skipped"), so a run can be judged at a glance.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'examples'];
const dirs = ['e2e', 'bench'];
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const name of readdirSync(root)) dirs.push(join(root, name));
}

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of dirs) {
  const file = join(dir, '.vitest-report.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  rows.push(`  ${dir.padEnd(32)} ${String(report.numPassedTests).padStart(5)} passed`);
}
console.log(`\nTests by package:\n${rows.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 || rows.length === 0 ? 1 : 0;
