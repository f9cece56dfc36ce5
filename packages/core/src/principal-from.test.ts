import { describe, expect, it } from 'vitest';
import { principalFrom } from './principal-from.ts';

describe('principalFrom', () => {
  it('takes identity fields from the context over the fallback, and the session when none is named', () => {
    expect(
      principalFrom(
        { userId: 'u-42', roles: ['teller'], tenantId: 7, amount: 5 },
        { agentId: 'bank', userId: 'fallback' },
        'thread-1',
      ),
    ).toEqual({ agentId: 'bank', userId: 'u-42', roles: ['teller'], sessionId: 'thread-1' });
  });

  it('ignores inherited properties, non-string ids and mixed role arrays', () => {
    const context = Object.create({ userId: 'from-prototype' }) as Record<string, unknown>;
    context['roles'] = ['admin', 1];
    context['sessionId'] = 's-1';
    expect(principalFrom(context)).toEqual({ sessionId: 's-1' });
  });

  it('is undefined when nothing is known', () => {
    expect(principalFrom(undefined)).toBeUndefined();
    expect(principalFrom('u-42')).toBeUndefined();
  });
});
