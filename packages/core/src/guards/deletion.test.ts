import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
import { memoryStore } from '../state/memory-store.ts';
import { manualClock } from '../testing/index.ts';

const yaml = (extra = '') => `
version: 1
guards:
  deletion:
    tools: ["delete_*"]
    protect: [inbox, sent]
    deny: ["prod_*"]
    allow: ["temp_*"]
    maxBulk: 3
    maxPerDay: 5
${extra}`;
const del = (args: Record<string, unknown>, tool = 'delete_folder') => ({
  tool,
  args,
  source: 'direct' as const,
});

describe('deletion guard', () => {
  it('refuses protected and denied resources, in any argument shape [deletion.limits]', async () => {
    const e = createEngine({ policy: parsePolicy(yaml()) });
    expect((await e.evaluate(del({ name: 'inbox' }))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'deletion',
      code: 'protected_resource',
      reason: 'Deletion: "inbox" is protected',
    });
    expect((await e.evaluate(del({ ids: ['a', 'prod_db'] }))).decisions[0]).toMatchObject({
      code: 'denied_resource',
    });
    expect((await e.evaluate(del({ items: [{ name: 'sent' }] }))).decisions[0]).toMatchObject({
      code: 'protected_resource',
    });
    expect((await e.evaluate(del({ name: 'drafts' }))).effect).toBe('allow');
  });

  it('caps bulk deletions and the daily count [deletion.limits]', async () => {
    const e = createEngine({ policy: parsePolicy(yaml()) });
    expect((await e.evaluate(del({ ids: ['a', 'b', 'c', 'd'] }))).decisions[0]).toMatchObject({
      code: 'bulk_limit',
    });
    expect((await e.run(del({ ids: ['a', 'b', 'c'] }), () => 1)).outcome).toBe('executed');
    expect((await e.run(del({ ids: ['d', 'e'] }), () => 1)).outcome).toBe('executed');
    expect((await e.run(del({ id: 'f' }), () => 1)).verdict.decisions[0]).toMatchObject({
      code: 'daily_limit',
    });
  });

  it('treats destructive-annotated tools as deletions and asks for everything not allowed with askAlways', async () => {
    const e = createEngine({ policy: parsePolicy(yaml('    askAlways: true')) });
    const hinted = await e.evaluate({
      ...del({ path: 'report.pdf' }, 'archive_thing'),
      hints: { destructive: true },
    });
    expect(hinted.decisions[0]).toEqual({
      effect: 'ask',
      guard: 'deletion',
      reason: 'Deletion of "report.pdf" needs approval',
    });
    expect((await e.evaluate(del({ name: 'temp_1' }))).effect).toBe('allow');
    expect((await e.evaluate(del({}))).decisions[0]).toMatchObject({
      effect: 'ask',
      reason: 'Deletion of an unnamed resource needs approval',
    });
  });

  it('spaces deletions by the cooldown after one runs', async () => {
    const clock = manualClock();
    const e = createEngine({ now: clock.now, policy: parsePolicy(yaml('    cooldownSeconds: 10')) });
    expect((await e.run(del({ name: 'a' }), () => 1)).outcome).toBe('executed');
    clock.advance(4000);
    expect((await e.evaluate(del({ name: 'b' }))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'deletion',
      code: 'cooldown',
      reason: 'Deletion: wait 6 s more (cooldown of 10 s between deletions)',
    });
    clock.advance(6000);
    expect((await e.evaluate(del({ name: 'b' }))).effect).toBe('allow');
  });

  it('takes the cooldown at evaluation, so only one of concurrent deletions gets it [deletion.limits]', async () => {
    const clock = manualClock();
    const e = createEngine({
      now: clock.now,
      store: memoryStore({ now: clock.now }),
      policy: parsePolicy(yaml('    cooldownSeconds: 10')),
    });
    const verdicts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => e.evaluate(del({ name: `f${i}` }))),
    );
    expect(verdicts.map((v) => v.effect).sort()).toEqual(['allow', ...Array(9).fill('deny')]);
    const first = verdicts.find((v) => v.effect === 'allow');
    expect(verdicts.find((v) => v.effect === 'deny')?.decisions[0]).toEqual({
      effect: 'deny',
      guard: 'deletion',
      code: 'cooldown',
      reason:
        'Deletion: another deletion is still under way or ran less than 10 s ago (cooldown of 10 s between deletions)',
    });
    // A deletion that does not run gives the cooldown back.
    if (first) await e.settle(first, 'rejected');
    const second = await e.evaluate(del({ name: 'g' }));
    expect(second.effect).toBe('allow');
    expect((await e.evaluate(del({ name: 'h' }))).decisions[0]).toMatchObject({ code: 'cooldown' });
    // A deletion still under way blocks the next one for longer than the cooldown.
    clock.advance(30_000);
    expect((await e.evaluate(del({ name: 'h' }))).decisions[0]).toMatchObject({ code: 'cooldown' });
    // One that runs later than it was judged starts the cooldown again when it runs.
    await e.settle(second, 'executed');
    clock.advance(8000);
    expect((await e.evaluate(del({ name: 'h' }))).decisions[0]).toMatchObject({ code: 'cooldown' });
    clock.advance(2000);
    expect((await e.explain(del({ name: 'h' }))).effect).toBe('allow');
    expect((await e.evaluate(del({ name: 'h' }))).effect).toBe('allow');
  });

  it('frees the cooldown of a deletion never settled after five minutes, and not before [deletion.limits]', async () => {
    const clock = manualClock();
    const e = createEngine({
      now: clock.now,
      store: memoryStore({ now: clock.now }),
      policy: parsePolicy(yaml('    cooldownSeconds: 10')),
    });
    expect((await e.evaluate(del({ name: 'a' }))).effect).toBe('allow');
    clock.advance(299_999);
    expect((await e.evaluate(del({ name: 'b' }))).decisions[0]).toMatchObject({ code: 'cooldown' });
    clock.advance(1);
    expect((await e.evaluate(del({ name: 'b' }))).effect).toBe('allow');
  });

  it('counts every element of a list and every name of a comma-separated string [deletion.limits]', async () => {
    const e = createEngine({ policy: parsePolicy(yaml()) });
    const uuids = [1, 2, 3, 4, 5].map((uuid) => ({ uuid }));
    expect((await e.evaluate(del({ ids: uuids }))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'deletion',
      code: 'bulk_limit',
      reason: 'Deletion: 5 resources in one call, more than the 3 allowed',
    });
    expect((await e.evaluate(del({ ids: 'a, b,c,d,e' }))).decisions[0]).toMatchObject({
      reason: 'Deletion: 5 resources in one call, more than the 3 allowed',
    });
    expect((await e.evaluate(del({ ids: [{ size: 1 }, null, [], 'x'] }))).decisions[0]).toMatchObject({
      reason: 'Deletion: 4 resources in one call, more than the 3 allowed',
    });
    expect((await e.run(del({ ids: 'a,b,c' }), () => 1)).outcome).toBe('executed');
    expect(
      (await e.run(del({ ids: [{ size: 1 }, { size: 2 }, { size: 3 }] }), () => 1)).verdict.decisions[0],
    ).toMatchObject({ code: 'daily_limit' });
  });

  it('checks every string of an object against protect, and never allows what it cannot name [deletion.limits]', async () => {
    const e = createEngine({ policy: parsePolicy(yaml('    askAlways: true').replace('maxPerDay: 5', '')) });
    expect((await e.evaluate(del({ items: [{ name: 'x', path: 'inbox' }] }))).decisions[0]).toMatchObject({
      code: 'protected_resource',
      reason: 'Deletion: "inbox" is protected',
    });
    expect(
      (await e.evaluate(del({ items: [{ name: 'x', meta: { folder: 'sent' } }] }))).decisions[0],
    ).toMatchObject({ code: 'protected_resource' });
    expect((await e.evaluate(del({ ids: ['temp_x', { uuid: 'inbox' }] }))).decisions[0]).toMatchObject({
      code: 'protected_resource',
    });
    expect((await e.evaluate(del({ ids: ['temp_x', { size: 3 }] }))).decisions[0]).toEqual({
      effect: 'ask',
      guard: 'deletion',
      reason: 'Deletion of "temp_x", an unnamed resource needs approval',
    });
    expect((await e.evaluate(del({ ids: ['temp_x', null] }))).effect).toBe('ask');
    expect((await e.evaluate(del({ ids: ['temp_x', { uuid: 'temp_y' }] }))).effect).toBe('allow');
  });

  it.each([
    ['Inbox', 'protected_resource'],
    ['inbox/', 'protected_resource'],
    ['inbox ', 'protected_resource'],
    ['in\u200bbox', 'protected_resource'],
    ['mail/inbox', 'protected_resource'],
    ['users//admin', 'protected_resource'],
    ['Users\\Admin\\', 'protected_resource'],
    ['admin', 'protected_resource'],
    ['PROD_db', 'denied_resource'],
    ['public.prod_db', 'denied_resource'],
    ['Backup.tar', 'denied_resource'],
    [' prod_db/', 'denied_resource'],
  ])('compares %j loosely with protect and deny [deletion.limits]', async (name, code) => {
    const e = createEngine({
      policy: parsePolicy(
        yaml()
          .replace('[inbox, sent]', '[inbox, sent, users/admin]')
          .replace('"prod_*"', '"prod_*", "backup.*"'),
      ),
    });
    expect((await e.evaluate(del({ name }))).decisions[0]).toMatchObject({ effect: 'deny', code });
  });

  it('makes each run of separators and spaces one separator, and keeps spaces alone as they are', async () => {
    const e = createEngine({
      policy: parsePolicy(yaml().replace('[inbox, sent]', '[inbox, sent, users/admin]')),
    });
    const effect = async (name: string) => (await e.evaluate(del({ name }))).decisions[0];
    const space = ' '.repeat(50_000);
    expect(await effect('users . \\ admin')).toMatchObject({ code: 'protected_resource' });
    expect(await effect(`${'/'.repeat(100_000)}inbox`)).toMatchObject({ code: 'protected_resource' });
    expect(await effect(`inbox${'/. :'.repeat(25_000)}`)).toMatchObject({ code: 'protected_resource' });
    expect(await effect(`users${space}:${space}admin`)).toMatchObject({ code: 'protected_resource' });
    expect(await effect(`in${space}box`)).toMatchObject({ effect: 'allow' });
    expect(await effect(`users${space}admin`)).toMatchObject({ effect: 'allow' });
  });

  it('compares names with allow exactly, so it allows nothing it does not name', async () => {
    const e = createEngine({ policy: parsePolicy(yaml('    askAlways: true')) });
    expect((await e.evaluate(del({ name: 'temp_1' }))).effect).toBe('allow');
    expect((await e.evaluate(del({ name: 'TEMP_1' }))).effect).toBe('ask');
    expect((await e.evaluate(del({ name: 'x__temp_1' }))).effect).toBe('ask');
    expect((await e.evaluate(del({ name: 'mail/temp_1' }))).effect).toBe('ask');
  });

  it('rejects malformed configuration', () => {
    expect(() => parsePolicy('version: 1\nguards: { deletion: { maxBulk: 0 } }')).toThrow(
      'guards.deletion.maxBulk',
    );
  });
});
