/** Calls per second with `concurrency` calls in flight, over `total` calls. */
export async function throughput(
  call: () => Promise<void>,
  concurrency: number,
  total: number,
): Promise<number> {
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started += 1;
        await call();
      }
    }),
  );
  return (total / (performance.now() - begin)) * 1000;
}
