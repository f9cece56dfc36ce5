import { type Awaitable, isPromiseLike } from './maybe-promise.ts';

/**
 * Runs a generator that yields values or promises, resuming synchronously whenever a yielded
 * value is not a promise. Guards written this way stay synchronous on the memory store (no
 * promise, no deadline timer) and become asynchronous only on stores that answer with promises.
 *
 * @example
 * return drive(function* () {
 *   const hold = (yield env.store.reserve(request)) as ReserveResult;
 *   return hold.ok ? allow : deny;
 * }());
 */
export function drive<T>(generator: Generator<unknown, T, unknown>): Awaitable<T> {
  let step = generator.next();
  while (!step.done) {
    if (isPromiseLike(step.value)) return resumeAsync(generator, step.value);
    step = generator.next(step.value);
  }
  return step.value;
}

async function resumeAsync<T>(
  generator: Generator<unknown, T, unknown>,
  first: PromiseLike<unknown>,
): Promise<T> {
  let pending: unknown = first;
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
}
