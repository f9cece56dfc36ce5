type Item<T> = { value: T; taken: () => void; dropped: (error: Error) => void };
type End = { done: true; failed: boolean; error?: unknown };

/**
 * Runs `produce` (which iterates a stream and hands each value to `push`) and yields those values
 * as they come: `push` resolves once the consumer took the value, so nothing piles up. The
 * generator ends when `produce` settles, and rethrows its error. If the consumer stops early,
 * the pending `push` rejects, so `produce` stops iterating (closing its stream) and settles.
 */
export async function* relay<T>(
  produce: (push: (value: T) => Promise<void>) => Promise<unknown>,
): AsyncGenerator<T> {
  const queued: (Item<T> | End)[] = [];
  let wake: (() => void) | undefined;
  let stopped = false;
  const offer = (slot: Item<T> | End) => {
    queued.push(slot);
    wake?.();
    wake = undefined;
  };
  const push = (value: T) =>
    new Promise<void>((taken, dropped) => {
      if (stopped) dropped(new Error('The consumer stopped reading the stream'));
      else offer({ value, taken, dropped });
    });
  produce(push).then(
    () => offer({ done: true, failed: false }),
    (error: unknown) => offer({ done: true, failed: true, error }),
  );
  let current: Item<T> | undefined;
  try {
    while (true) {
      if (queued.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const slot = queued.shift() as Item<T> | End;
      if ('done' in slot) {
        if (slot.failed) throw slot.error;
        return;
      }
      current = slot;
      yield slot.value;
      current = undefined;
      slot.taken();
    }
  } finally {
    stopped = true;
    const stop = new Error('The consumer stopped reading the stream');
    current?.dropped(stop);
    for (const slot of queued) if (!('done' in slot)) slot.dropped(stop);
  }
}
