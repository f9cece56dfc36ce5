import { describe, expect, it } from 'vitest';
import { ConfigValidationError } from './config-error.ts';
import { parseConfig } from './parse-config.ts';

const valid = `servers:
  everything: { command: node, args: [path/to/server-everything/dist/index.js] }
  docs: { url: "http://127.0.0.1:3001/mcp" }
policy:
  version: 1
  guards: { scope: { deny: ["everything__get-env"] } }
`;

function issuesOf(text: string) {
  try {
    parseConfig(text, { source: 'portcullis.yaml', baseDir: '/srv/proxy' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as ConfigValidationError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('parseConfig', () => {
  it('accepts the documented shape and applies defaults, paths resolved against the config folder', () => {
    const config = parseConfig(valid, { baseDir: '/srv/proxy' });
    expect(config.servers['everything']).toEqual({
      command: 'node',
      args: ['path/to/server-everything/dist/index.js'],
      cwd: '/srv/proxy',
      relay: { sampling: false, elicitation: false, roots: false },
    });
    expect(config.servers['docs']).toEqual({
      url: 'http://127.0.0.1:3001/mcp',
      relay: { sampling: false, elicitation: false, roots: false },
    });
    expect(config.state).toEqual({ type: 'sqlite', path: '/srv/proxy/.portcullis/state.db' });
    expect(config.pinning).toEqual({ enabled: true, lockfile: '/srv/proxy/portcullis.lock.json' });
    expect(config.http).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      auth: 'bearer',
      tokenEnv: 'PORTCULLIS_MCP_TOKEN',
    });
    expect(config.scan).toEqual({ action: 'warn' });
  });

  it('takes a policy path and makes it absolute', () => {
    const config = parseConfig('servers: { a: { command: x } }\npolicy: ./policy.yaml\n', {
      baseDir: '/srv/proxy',
    });
    expect(config.policy).toBe('/srv/proxy/policy.yaml');
  });

  it('names the path and line of every problem', () => {
    expect(
      issuesOf(
        'servers:\n  docs: { url: "not a url" }\n  bad: { command: node, extra: 1 }\npolicy: ./p.yaml\n',
      ),
    ).toBe(
      [
        'Invalid config (portcullis.yaml):',
        '  servers.docs.url (line 2): Invalid URL',
        '  servers.bad.extra (line 3): unknown key (not in the config schema)',
      ].join('\n'),
    );
  });

  it('reports problems inside an inline policy with their lines', () => {
    expect(
      issuesOf(
        'servers: { a: { command: x } }\npolicy:\n  version: 1\n  guards:\n    scope: { allow: [1] }\n',
      ),
    ).toBe(
      'Invalid config (portcullis.yaml):\n  policy.guards.scope.allow[0] (line 5): expected string, received number',
    );
  });

  it('refuses a config without servers, and namespace: false with several', () => {
    expect(issuesOf('policy: ./p.yaml\n')).toBe(
      'Invalid config (portcullis.yaml):\n  servers (line 1): expected at least one server',
    );
    expect(issuesOf(`${valid}namespace: false\n`)).toContain(
      'namespace (line 7): namespace: false needs exactly one server',
    );
  });

  it('takes a relay block per server, any relay left out staying off', () => {
    const config = parseConfig(
      'servers:\n  a: { command: x, relay: { sampling: true } }\n  b: { url: "http://127.0.0.1:1/mcp", relay: { roots: true } }\npolicy: ./p.yaml\n',
    );
    expect(config.servers['a']?.relay).toEqual({ sampling: true, elicitation: false, roots: false });
    expect(config.servers['b']?.relay).toEqual({ sampling: false, elicitation: false, roots: true });
  });

  it('names the path and line of a malformed relay block', () => {
    expect(
      issuesOf(
        'servers:\n  a: { command: x, relay: { sampling: "yes", sample: true } }\n  b: { command: y, relay: true }\npolicy: ./p.yaml\n',
      ),
    ).toBe(
      [
        'Invalid config (portcullis.yaml):',
        '  servers.a.relay.sampling (line 2): expected boolean, received string "yes"',
        '  servers.a.relay.sample (line 2): unknown key (not in the config schema)',
        '  servers.b.relay (line 3): expected object, received boolean',
      ].join('\n'),
    );
  });

  it('reports YAML syntax errors with their line', () => {
    expect(issuesOf('servers:\n  a: { command: x\npolicy: p\n')).toMatch(
      /^Invalid config \(portcullis.yaml\):\n {2}\(document\) \(line \d\): syntax error/,
    );
  });
});
