import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGuardServer, hashApiKey } from '@portcullis/server';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../cli.ts';

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(['node', 'portcullis', ...args], {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    color: false,
  });
  return { code, out, err };
}

describe('portcullis keys new', () => {
  it('prints a key once and its entry for the keys file, which the guard server accepts', async () => {
    const result = await cli('keys', 'new', '--name', 'bank-agent', '--role', 'agent', '--role', 'operator');
    expect(result.code).toBe(0);
    const [key, entry, end] = result.out.split('\n');
    expect(key).toMatch(/^pcs_[\w-]{32}$/);
    expect(end).toBe('');
    expect(entry).toBe(
      `  - { name: "bank-agent", hash: "${hashApiKey(key ?? '')}", roles: [agent, operator] }`,
    );
    expect(result.err).toContain('secret');

    const dir = mkdtempSync(join(tmpdir(), 'portcullis-keys-'));
    const keysFile = `keys:\n${entry}\n`;
    writeFileSync(join(dir, 'policy.yaml'), 'version: 1\n');
    const server = await createGuardServer({
      policyPath: join(dir, 'policy.yaml'),
      dataDir: join(dir, 'data'),
      keys: (parse(keysFile) as { keys: never[] }).keys,
    });
    try {
      const { url } = await server.listen({ host: '127.0.0.1', port: 0 });
      const asked = await fetch(`${url}/v1/policy`, { headers: { authorization: `Bearer ${key}` } });
      expect(asked.status).toBe(200);
      const wrong = await fetch(`${url}/v1/policy`, { headers: { authorization: 'Bearer pcs_wrong' } });
      expect(wrong.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('refuses a role the server does not know, and a missing role, with exit code 2', async () => {
    const bad = await cli('keys', 'new', '--name', 'x', '--role', 'admin');
    expect(bad).toEqual({
      code: 2,
      out: '',
      err: expect.stringContaining('--role: expected agent or operator, got "admin"'),
    });
    const missing = await cli('keys', 'new', '--name', 'x');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("required option '--role <role>' not specified");
  });
});
