import { describe, expect, it } from 'vitest';
import { PortcullisError } from './portcullis-error.ts';
import { StoreUnavailableError } from './store-unavailable-error.ts';

describe('PortcullisError', () => {
  it('is recognised across package copies by its marker, not by instanceof', () => {
    // An error thrown by another copy of the package: same marker, different class.
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('portcullis.error')]: true,
      code: 'guard_error',
    });
    expect(PortcullisError.isInstance(foreign)).toBe(true);
    expect(PortcullisError.isInstance(new Error('x'))).toBe(false);
    expect(PortcullisError.isInstance(null)).toBe(false);
  });

  it('wraps unknown throws at a boundary and keeps its own as they are', () => {
    const cause = new TypeError('bad');
    const wrapped = PortcullisError.from(cause, 'adapter_error');
    expect(wrapped).toMatchObject({ code: 'adapter_error', message: 'bad', cause });
    expect(PortcullisError.from(wrapped)).toBe(wrapped);
    expect(PortcullisError.from('text').message).toBe('text');
  });

  it('gives each subclass its code and data', () => {
    const error = new StoreUnavailableError('redis', new Error('ECONNREFUSED'));
    expect(error).toMatchObject({
      name: 'StoreUnavailableError',
      code: 'store_unavailable',
      message: 'State store "redis" is unavailable: ECONNREFUSED',
      data: { store: 'redis' },
    });
    expect(PortcullisError.isInstance(error)).toBe(true);
  });
});
