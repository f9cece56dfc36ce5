import { PortcullisError } from './portcullis-error.ts';

/**
 * A state store could not be reached or failed. Guards that need state turn it into a deny with
 * code `store_unavailable`: without the count, the limit cannot be proven.
 *
 * @example
 * // in a custom StateStore, when the backend cannot be reached:
 * throw new StoreUnavailableError('my-store', error);
 */
export class StoreUnavailableError extends PortcullisError {
  constructor(store: string, cause?: unknown) {
    super({
      code: 'store_unavailable',
      message: `State store "${store}" is unavailable${cause instanceof Error ? `: ${cause.message}` : ''}`,
      cause,
      data: { store },
    });
    this.name = 'StoreUnavailableError';
  }
}
