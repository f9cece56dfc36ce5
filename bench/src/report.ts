import type { Bench } from 'tinybench';

type Completed = Extract<NonNullable<Bench['tasks'][number]['result']>, { state: 'completed' }>;

/**
 * The completed tasks of a run, with their results; a task that failed is printed as a failed
 * table row and makes the process exit non-zero.
 */
export function completedTasks(bench: Bench): { name: string; result: Completed }[] {
  const done: { name: string; result: Completed }[] = [];
  for (const task of bench.tasks) {
    const result = task.result;
    if (result?.state === 'completed') {
      done.push({ name: task.name, result });
      continue;
    }
    console.log(
      `| ${task.name} | failed: ${result && 'error' in result ? String(result.error) : 'no result'} |`,
    );
    process.exitCode = 1;
  }
  return done;
}
