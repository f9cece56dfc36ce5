import { describe, expect, it } from 'vitest';
import { exposedNames } from './tool-names.ts';

describe('exposedNames', () => {
  it('prefixes the server and keeps valid names as they are', () => {
    const names = exposedNames([{ server: 'fs', name: 'read_file' }], true);
    expect([...names.values()]).toEqual(['fs__read_file']);
  });

  it('replaces characters outside [A-Za-z0-9_-] and cuts long names to 64 with a stable hash', () => {
    const long = 'x'.repeat(80);
    const names = exposedNames(
      [
        { server: 'a', name: 'say hello.v2' },
        { server: 'a', name: long },
      ],
      true,
    );
    expect(names.get('a\0say hello.v2')).toBe('a__say_hello_v2');
    const cut = names.get(`a\0${long}`) as string;
    expect(cut).toHaveLength(64);
    expect(cut).toMatch(/^a__x{52}_[0-9a-f]{8}$/);
  });

  it('resolves collisions the same way whatever the order: the unchanged name wins', () => {
    const sources = [
      { server: 'a', name: 'b__c' },
      { server: 'a__b', name: 'c' },
      { server: 'a', name: 'b  c' },
    ];
    const forward = exposedNames(sources, true);
    const backward = exposedNames([...sources].reverse(), true);
    expect(forward).toEqual(backward);
    expect(forward.get('a\0b__c')).toBe('a__b__c');
    expect(forward.get('a__b\0c')).toMatch(/^a__b__c_[0-9a-f]{8}$/);
    expect(forward.get('a\0b  c')).toMatch(/^a__b__c_[0-9a-f]{8}$/);
    expect(new Set(forward.values()).size).toBe(3);
  });
});
