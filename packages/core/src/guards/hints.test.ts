import { describe, expect, it } from 'vitest';
import type { ToolHints } from '../context.ts';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

const engineWith = (config = '{}') =>
  createEngine({ policy: parsePolicy(`version: 1\nguards:\n  hints: ${config}\n`) });
const call = (tool: string, hints?: ToolHints) => ({ tool, args: {}, source: 'mcp' as const, hints });

describe('hints guard', () => {
  it('asks before destructive tools by default and ignores tools without annotations [hints.destructive.ask]', async () => {
    const engine = engineWith();
    expect((await engine.evaluate(call('wipe', { destructive: true }))).decisions[0]).toEqual({
      effect: 'ask',
      guard: 'hints',
      reason: 'Tool "wipe" is annotated destructive; approval required',
    });
    expect((await engine.evaluate(call('read', { readOnly: true }))).effect).toBe('allow');
    expect((await engine.evaluate(call('plain'))).decisions).toEqual([]);
  });

  it('applies the strictest configured hint and exempts allowed tools', async () => {
    const engine = engineWith('{ destructive: deny, openWorld: ask, allow: ["trusted_*"] }');
    expect((await engine.evaluate(call('web', { openWorld: true }))).effect).toBe('ask');
    expect(
      (await engine.evaluate(call('web', { openWorld: true, destructive: true }))).decisions[0],
    ).toMatchObject({
      effect: 'deny',
      code: 'tool_hint',
    });
    expect((await engine.evaluate(call('trusted_wipe', { destructive: true }))).decisions).toEqual([]);
  });

  it('rejects malformed configuration', () => {
    expect(() => engineWith('{ destructive: sometimes }')).toThrow('guards.hints.destructive');
  });
});
