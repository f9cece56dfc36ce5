import { describe, expect, it } from 'vitest';
import type { CallContext } from '../context.ts';
import type { GuardDecision } from '../decision.ts';
import type { Guard } from '../guard.ts';
import type { PolicyInput } from '../policy/policy-schema.ts';
import { testContext } from '../testing/index.ts';
import { createEngine } from './create-engine.ts';

const card = '4111 1111 1111 1111';
const redactPolicy: PolicyInput = { version: 1, guards: { sensitiveData: { action: 'redact' } } };

/** A custom guard that rewrites the arguments it was given. */
const rewriting = (rewrite: (args: Record<string, unknown>) => Record<string, unknown>): Guard => ({
  name: 'rewrite',
  evaluate: (ctx): GuardDecision => ({ effect: 'modify', reason: 'rewritten', args: rewrite(ctx.args) }),
});

const call = (args: Record<string, unknown>, tool = 'send'): CallContext => testContext({ tool, args });

/** Every string anywhere in a value, for "the tool never sees it" assertions. */
const text = (value: unknown): string => JSON.stringify(value);

describe('the final arguments are judged again after a custom rewrite', () => {
  it('redacts again what a custom guard put back by replacing an array [engine.recheck.redact]', async () => {
    const engine = createEngine({
      policy: redactPolicy,
      guards: [rewriting((args) => ({ ...args, items: [(args['items'] as unknown[])[0], 'changed'] }))],
    });
    const verdict = await engine.evaluate(call({ items: [`card ${card}`, 'b'] }));
    expect(verdict.effect).toBe('modify');
    expect(verdict.args).toEqual({ items: ['card [REDACTED:CREDIT_CARD]', 'changed'] });
    expect(verdict.decisions.map((d) => [d.guard, d.effect])).toEqual([
      ['sensitiveData', 'modify'],
      ['rewrite', 'modify'],
      ['sensitiveData', 'modify'],
    ]);
    expect(verdict.reason).toBe(
      'Redacted CREDIT_CARD at items[0]; rewritten; On the final arguments: Redacted CREDIT_CARD at items[0]',
    );
    const ran = await engine.run(call({ items: [`card ${card}`, 'b'] }), (args) => args);
    expect(ran.outcome).toBe('executed');
    expect(text(ran.outcome === 'executed' && ran.result)).not.toContain('4111');
  });

  it('redacts a renamed, trimmed or lower-cased field the first redaction no longer covers', async () => {
    const rewrites: [string, (args: Record<string, unknown>) => Record<string, unknown>][] = [
      ['rename', (args) => ({ query: args['q'] })],
      ['trim', (args) => ({ q: String(args['q']).trim() })],
      ['lower', (args) => ({ q: String(args['q']).toLowerCase() })],
    ];
    for (const [name, rewrite] of rewrites) {
      const engine = createEngine({ policy: redactPolicy, guards: [rewriting(rewrite)] });
      const verdict = await engine.evaluate(call({ q: `  ${card} Alice@Example.com  ` }));
      expect(verdict.effect, name).toBe('modify');
      expect(text(verdict.args), name).not.toMatch(/4111|alice@example\.com/i);
    }
  });

  it('redacts what a custom guard alone brought in, such as a decoded value', async () => {
    const engine = createEngine({
      policy: redactPolicy,
      guards: [rewriting((args) => ({ q: Buffer.from(String(args['q']), 'base64').toString('utf8') }))],
    });
    const verdict = await engine.evaluate(call({ q: Buffer.from(`card ${card}`).toString('base64') }));
    expect(verdict.args).toEqual({ q: 'card [REDACTED:CREDIT_CARD]' });
  });

  it('denies or asks when the sensitive-data guard would on the final arguments', async () => {
    for (const action of ['deny', 'ask'] as const) {
      const engine = createEngine({
        policy: { version: 1, guards: { sensitiveData: { action } } },
        guards: [rewriting(() => ({ note: `card ${card}` }))],
      });
      const verdict = await engine.evaluate(call({ note: 'hello' }));
      expect(verdict.effect, action).toBe(action);
      expect(verdict.reason, action).toBe(
        'On the final arguments: Sensitive data in the arguments: CREDIT_CARD at note',
      );
    }
  });

  it('denies a URL a custom guard rewrote to a private address, which the network guard allowed before', async () => {
    const engine = createEngine({
      policy: { version: 1, guards: { network: { resolveDns: false } } },
      guards: [rewriting(() => ({ url: 'http://169.254.169.254/latest/meta-data' }))],
    });
    const verdict = await engine.evaluate(call({ url: 'https://example.com/' }, 'fetch_url'));
    expect(verdict.effect).toBe('deny');
    expect(verdict.decisions.at(-1)).toMatchObject({ guard: 'network', effect: 'deny' });
  });

  it('denies an amount a custom guard raised past a rule that allowed the original', async () => {
    const engine = createEngine({
      policy: {
        version: 1,
        rules: [
          {
            name: 'cap',
            tools: ['refund'],
            when: { amount: { gt: 1000 } },
            effect: 'deny',
            reason: 'Too big',
          },
        ],
      },
      guards: [rewriting((args) => ({ ...args, amount: 5000 }))],
    });
    const verdict = await engine.evaluate(call({ amount: 10 }, 'refund'));
    expect(verdict.effect).toBe('deny');
    expect(verdict.reason).toBe('On the final arguments: Too big');
  });

  it('keeps an ask from the first pass when the final arguments pass', async () => {
    const asking: Guard = { name: 'asking', evaluate: () => ({ effect: 'ask', reason: 'big' }) };
    const engine = createEngine({
      policy: redactPolicy,
      guards: [asking, rewriting((args) => ({ ...args, items: [(args['items'] as unknown[])[0]] }))],
    });
    const verdict = await engine.evaluate(call({ items: [`card ${card}`, 'b'] }));
    expect(verdict.effect).toBe('ask');
    expect(verdict.reason).toBe('big');
    expect(verdict.args).toEqual({ items: ['card [REDACTED:CREDIT_CARD]'] });
  });

  it('does not judge again when only a built-in guard rewrote the arguments, or nothing did', async () => {
    const engine = createEngine({
      policy: redactPolicy,
      guards: [{ name: 'custom', evaluate: () => ({ effect: 'allow' }) }],
    });
    const redacted = await engine.evaluate(call({ q: `card ${card}` }));
    expect(redacted.decisions.map((d) => d.guard)).toEqual(['sensitiveData', 'custom']);
    const clean = await engine.evaluate(call({ q: 'hello' }));
    expect(clean.decisions.map((d) => d.guard)).toEqual(['sensitiveData', 'custom']);
  });

  it('does not judge again when a custom guard returns the arguments it was given', async () => {
    const engine = createEngine({ policy: redactPolicy, guards: [rewriting((args) => args)] });
    const verdict = await engine.evaluate(call({ q: 'hello' }));
    expect(verdict.decisions.map((d) => d.guard)).toEqual(['sensitiveData', 'rewrite']);
    expect(verdict.effect).toBe('modify');
  });

  it('shows the second look in explain, with the same effect and arguments as evaluate', async () => {
    const engine = createEngine({
      policy: redactPolicy,
      guards: [rewriting((args) => ({ ...args, items: [(args['items'] as unknown[])[0], 'changed'] }))],
    });
    const ctx = call({ items: [`card ${card}`, 'b'] });
    const explanation = await engine.explain(ctx);
    const verdict = await engine.evaluate(ctx);
    expect(explanation.args).toEqual(verdict.args);
    expect(explanation.effect).toBe(verdict.effect);
    expect(explanation.guards.map((g) => g.guard)).toEqual(['sensitiveData', 'rewrite', 'sensitiveData']);
  });
});
