import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine/create-engine.ts';
import { parsePolicy } from '../policy/parse-policy.ts';

const engineWith = (config = '{}') =>
  createEngine({ policy: parsePolicy(`version: 1\nguards:\n  code: ${config}\n`) });
const exec = (language: unknown, code: unknown) => ({
  tool: 'run_code',
  args: { language, code },
  source: 'direct' as const,
});

describe('code guard', () => {
  it('allows harmless code and decides per capability [code.capabilities]', async () => {
    const engine = engineWith();
    expect((await engine.evaluate(exec('python', 'print(sum([1, 2, 3]))'))).effect).toBe('allow');
    expect((await engine.evaluate(exec('python', 'import os\nos.system("id")'))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'code',
      code: 'code_processSpawn',
      reason: 'Code: spawns processes: uses os.system',
    });
    expect((await engine.evaluate(exec('js', "await fetch('https://example.com')"))).decisions[0]).toEqual({
      effect: 'ask',
      guard: 'code',
      reason: 'Code: uses the network: calls fetch',
    });
    expect(
      (await engine.evaluate(exec('typescript', 'const k: string = process.env.KEY ?? ""'))).decisions[0],
    ).toMatchObject({
      code: 'code_credentials',
    });
  });

  it('denies code it cannot read, or asks when configured [code.capabilities]', async () => {
    const engine = engineWith();
    expect((await engine.evaluate(exec('ruby', 'puts 1'))).decisions[0]).toMatchObject({
      code: 'unreadable_code',
      reason: 'Code: cannot analyse "ruby"',
    });
    expect((await engine.evaluate(exec('javascript', 'function ('))).decisions[0]).toMatchObject({
      code: 'unreadable_code',
    });
    expect((await engine.evaluate(exec(undefined, 'x = 1'))).decisions[0]).toMatchObject({
      reason: 'Code: the call names no language',
    });
    const asking = engineWith('{ unreadable: ask, defaultLanguage: python }');
    expect((await asking.evaluate(exec(undefined, 'x = 1'))).effect).toBe('allow');
    expect((await asking.evaluate(exec('cobol', 'x'))).effect).toBe('ask');
  });

  it('judges code by how the runtime reads it, whatever language is named [code.capabilities]', async () => {
    const engine = engineWith();
    expect(
      (await engine.evaluate(exec('python', "require('child_process').execSync('id')"))).decisions[0],
    ).toEqual({
      effect: 'deny',
      guard: 'code',
      code: 'code_processSpawn',
      reason: 'Code: spawns processes: imports child_process (read as JavaScript)',
    });
    const script =
      "globalThis.await = 1, globalThis.g = 1;\nawait /2; require('child_process').execSync('id'); 1 /g";
    expect((await engine.evaluate(exec('js', script))).effect).toBe('deny');
    expect((await engine.evaluate(exec('python', "x = r'\\'' ; import subprocess #'"))).effect).toBe('deny');
    expect((await engine.evaluate(exec('js', "if (process.env.NODE_ENV === 'production') f()"))).effect).toBe(
      'allow',
    );
  });

  it('judges a SQL tool by what its query does, per class [code.capabilities]', async () => {
    const engine = createEngine({
      policy: parsePolicy(
        [
          'version: 1',
          'guards:',
          '  code:',
          '    tools: [run_sql]',
          '    codeArg: query',
          '    defaultLanguage: sql',
          '    classes: { dataLoss: ask, network: deny }',
        ].join('\n'),
      ),
    });
    const sql = (query: string) => ({ tool: 'run_sql', args: { query }, source: 'direct' as const });
    expect((await engine.evaluate(sql('SELECT id, total FROM orders WHERE id = 7'))).effect).toBe('allow');
    expect((await engine.evaluate(sql('DELETE FROM orders'))).decisions[0]).toEqual({
      effect: 'ask',
      guard: 'code',
      reason: 'Code: destroys data: SQL DELETE FROM orders without WHERE changes every row',
    });
    expect((await engine.evaluate(sql("COPY t FROM PROGRAM 'id'"))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'code_processSpawn',
    });
    expect((await engine.evaluate(sql("SELECT dblink('host=x', 'select 1')"))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'code_network',
    });
    expect((await engine.evaluate(sql("SELECT 'unterminated"))).decisions[0]).toMatchObject({
      effect: 'deny',
      code: 'unreadable_code',
    });
    // The default denies data loss; a language argument naming a dialect reads the query as SQL.
    const byDefault = engineWith();
    expect((await byDefault.evaluate(exec('postgresql', 'DROP TABLE users'))).decisions[0]).toEqual({
      effect: 'deny',
      guard: 'code',
      code: 'code_dataLoss',
      reason: 'Code: destroys data: SQL DROP TABLE users',
    });
  });

  it('rejects malformed configuration', () => {
    expect(() => engineWith('{ defaultLanguage: perl }')).toThrow('guards.code.defaultLanguage');
    expect(() => engineWith('{ classes: { dataLoss: maybe } }')).toThrow('guards.code.classes.dataLoss');
  });
});
