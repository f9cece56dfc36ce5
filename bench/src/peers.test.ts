// The comparisons are only worth timing if the peers are asked the same questions: these check the
// translations and adapters, never a timing.
import { describe, expect, it } from 'vitest';
import { type PiiRow, scorePii, scoreSecrets } from './detector-scoring.ts';
import { piiSystems, secretSystems } from './detector-systems.ts';
import { describeCall, peerCases } from './peer-cases.ts';
import { agreement } from './peer-engines.ts';
import { deriveFacts, toolPrefix } from './peer-facts.ts';

describe('engine peers', () => {
  it('decide every benchmark input exactly as Portcullis does', async () => {
    const { names, rows } = await agreement();
    expect(names).toEqual([
      'Portcullis createEngine',
      '@microsoft/agent-governance-sdk PolicyEngine',
      '@cedar-policy/cedar-wasm',
    ]);
    expect(rows).toHaveLength(peerCases.reduce((n, c) => n + c.calls.length, 0));
    const disagreeing = rows
      .filter((row) => !row.agree)
      .map((row) => `${describeCall(row.call)}: ${row.outcomes.join(' / ')}`);
    expect(disagreeing).toEqual([]);
  });

  it('reach allow, deny and ask under both policies', async () => {
    const { rows } = await agreement();
    for (const peerCase of peerCases) {
      const outcomes = new Set(rows.filter((row) => row.peerCase === peerCase).map((row) => row.outcomes[0]));
      expect([...outcomes].sort()).toEqual(['allow', 'ask', 'deny']);
    }
  });

  it('match tool globs through the name’s underscore-terminated prefixes', () => {
    expect(toolPrefix('group_4_write', 1)).toBe('group_');
    expect(toolPrefix('group_4_write', 2)).toBe('group_4_');
    expect(toolPrefix('group_4_', 2)).toBe('group_4_');
    expect(toolPrefix('refund', 1)).toBe('');
    expect(toolPrefix('search_docs', 2)).toBe('');
  });

  it('derive the facts the peers cannot compute the way Portcullis reads the arguments', () => {
    const facts = deriveFacts({
      tool: 'x',
      args: { to: 'a@example.com.evil.io', query: { text: 'Reset my PassWord' }, items: [{ price: 5 }, {}] },
      source: 'direct',
    });
    expect(facts).toEqual({
      externalRecipient: true,
      sensitiveQuery: true,
      queryLower: 'text\nreset my password',
      maxItemPrice: 5,
    });
  });
});

describe('detector peers', () => {
  it('each PII adapter reports what its system finds, typed as in the corpus', async () => {
    const text = 'mail jane.doe@example.com now';
    for (const system of piiSystems) {
      expect(await system.find(text)).toEqual([{ type: 'EMAIL_ADDRESS', value: 'jane.doe@example.com' }]);
    }
  });

  it('each secret adapter flags an access key and passes plain prose', async () => {
    for (const system of secretSystems) {
      expect(await system.flags('aws_access_key_id = AKIAZ7Q2XPL4MNB6VWRT')).toBe(true);
      expect(await system.flags('see you at lunch')).toBe(false);
    }
  });

  it('scores PII by distinct (type, text) pairs per row', async () => {
    const rows: PiiRow[] = [
      {
        text: 'a@b.io and a@b.io, 4111 1111 1111 1111',
        entities: [
          { type: 'EMAIL_ADDRESS', start: 0, end: 6 },
          { type: 'EMAIL_ADDRESS', start: 11, end: 17 },
          { type: 'CREDIT_CARD', start: 19, end: 38 },
        ],
      },
      { text: 'call 10.0.0.1', entities: [] },
    ];
    const score = await scorePii(
      {
        name: 'fake',
        types: ['EMAIL_ADDRESS', 'IP_ADDRESS'],
        find: (text) =>
          text.startsWith('call')
            ? [{ type: 'IP_ADDRESS', value: '10.0.0.1' }]
            : [{ type: 'EMAIL_ADDRESS', value: 'a@b.io' }],
      },
      rows,
    );
    expect(score.all).toEqual({ tp: 1, fp: 1, fn: 1 });
    expect(score.covered).toEqual({ tp: 1, fp: 1, fn: 0 });
  });

  it('scores secrets per row', async () => {
    const counts = await scoreSecrets({ name: 'fake', flags: (text) => text.includes('key') }, [
      { text: 'key one', expect: 'secret', rule: 'r' },
      { text: 'none', expect: 'secret', rule: 'r' },
      { text: 'key two', expect: 'clean', rule: 'r' },
      { text: 'clean', expect: 'clean', rule: 'r' },
    ]);
    expect(counts).toEqual({ tp: 1, fp: 1, fn: 1 });
  });
});
