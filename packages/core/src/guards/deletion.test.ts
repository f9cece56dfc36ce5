import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';
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

  it('spaces deletions by the cooldown, starting when one runs', async () => {
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

  it('rejects malformed configuration', () => {
    expect(() => parsePolicy('version: 1\nguards: { deletion: { maxBulk: 0 } }')).toThrow(
      'guards.deletion.maxBulk',
    );
  });
});
