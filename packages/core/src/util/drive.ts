import { type Awaitable, isPromiseLike } from './maybe-promise.ts';

/**
 * Runs a generator that yields values or promises, resuming synchronously whenever a yielded
 * value is not a promise; an error the generator does not handle goes to `recover` when given. Guards written this way stay synchronous on the memory store (no
 * promise, no deadline timer) and become asynchronous only on stores that answer with promises.
 *
 * @example
 * return drive(function* () {
 *   const hold = (yield env.store.reserve(request)) as ReserveResult;
 *   return hold.ok ? allow : deny;
 * }());
 */
export function drive<T>(
  generator: Generator<unknown, T, unknown>,
  recover?: (error: unknown) => T,
): Awaitable<T> {
  let step: IteratorResult<unknown, T>;
  try {
    step = generator.next();
    while (!step.done) {
      if (isPromiseLike(step.value)) return resumeAsync(generator, step.value, recover);
      step = generator.next(step.value);
    }
  } catch (error) {
    if (recover === undefined) throw error;
    return recover(error);
  }
  return step.value;
}

async function resumeAsync<T>(
  generator: Generator<unknown, T, unknown>,
  first: PromiseLike<unknown>,
  recover: ((error: unknown) => T) | undefined,
): Promise<T> {
  let pending: unknown = first;
  try {
    while (true) {
      let step: IteratorResult<unknown, T>;
      try {
        step = generator.next(await pending);
      } catch (error) {
        // A rejected store call is thrown into the generator, where the guard may handle it.
        step = generator.throw(error);
      }
      if (step.done) return step.value;
      pending = step.value;
    }
  } catch (error) {
    // What the generator did not handle: `recover` answers for it, or the promise rejects.
    if (recover === undefined) throw error;
    return recover(error);
  }
}
