import { describe, expect, it } from 'vitest';
import { findCurlCredentials } from './curl-credentials.ts';
import { detectSecrets } from './detect-secrets.ts';
import type { Finding } from './finding.ts';
import { findGatedPatterns } from './gated-patterns.ts';
import { findKubernetesSecrets } from './kubernetes-secret.ts';
import { findPrivateKeys } from './private-key.ts';
import { findUrlCredentials } from './url-credentials.ts';
import { findXmlSecrets } from './xml-secrets.ts';

const shown = (text: string, findings: Finding[]) =>
  findings.map((f) => [f.type, text.slice(f.start, f.end)]);
const BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDAC4AWkdwKYSd8Ks14IReLcYgADhoXk56ZzXI=';

describe('findPrivateKeys', () => {
  it('spans the whole PEM block', () => {
    const text = `key:\n-----BEGIN RSA PRIVATE KEY-----\n${BODY}\n-----END RSA PRIVATE KEY-----\n`;
    expect(shown(text, findPrivateKeys(text))).toEqual([
      ['PRIVATE_KEY', `-----BEGIN RSA PRIVATE KEY-----\n${BODY}\n-----END RSA PRIVATE KEY-----`],
    ]);
  });

  it('reads JSON-escaped newlines and names a service-account key', () => {
    const text = `{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\n${BODY}\\n-----END PRIVATE KEY-----\\n"}`;
    expect(findPrivateKeys(text).map((f) => f.type)).toEqual(['GCP_SERVICE_ACCOUNT_KEY']);
  });

  it('reports a key whose footer was cut off', () => {
    expect(findPrivateKeys(`-----BEGIN OPENSSH PRIVATE KEY-----\n${BODY}`).length).toBe(1);
  });

  it('ignores empty and placeholder bodies and public keys', () => {
    expect(findPrivateKeys('-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----')).toEqual([]);
    expect(findPrivateKeys('-----BEGIN OPENSSH PRIVATE KEY----------END OPENSSH PRIVATE KEY-----')).toEqual(
      [],
    );
    expect(findPrivateKeys(`-----BEGIN PUBLIC KEY-----\n${BODY}\n-----END PUBLIC KEY-----`)).toEqual([]);
  });
});

describe('findCurlCredentials', () => {
  it('finds the password of --user, also across continued lines and in quoted pieces', () => {
    const text =
      'curl https://api.dropbox.com/oauth2/token \\\n  --user c28wlsosanujy2z:qgsnai0xokrw4j1 --data x';
    expect(shown(text, findCurlCredentials(text))).toEqual([['BASIC_AUTH', 'qgsnai0xokrw4j1']]);
    const quoted = `curl -X POST --user "{acd3c08b-74e8}":"{ZqL5kVrX1n8tA2}" https://x.test`;
    expect(shown(quoted, findCurlCredentials(quoted))).toEqual([['BASIC_AUTH', '{ZqL5kVrX1n8tA2}']]);
  });

  it('finds the password of --proxy-user and -U', () => {
    const text =
      'curl -k \\\n  --proxy-user admin:YXNkZmZm_Zq8xLm2 \\\n  --proxy https://localhost:8080 https://x';
    expect(shown(text, findCurlCredentials(text))).toEqual([['BASIC_AUTH', 'YXNkZmZm_Zq8xLm2']]);
    const short = 'curl -U ops:Zq8xLm2Pv77 https://x.test';
    expect(shown(short, findCurlCredentials(short))).toEqual([['BASIC_AUTH', 'Zq8xLm2Pv77']]);
  });

  it('reports the user when the password is empty, as with API keys', () => {
    const text = 'curl -u "d2LkV78zLx!t:" https://localhost:9200';
    expect(shown(text, findCurlCredentials(text))).toEqual([['BASIC_AUTH', 'd2LkV78zLx!t']]);
  });

  it('does not report a plain user name whose password is empty', () => {
    const skipped = [
      'curl -u admin: https://localhost',
      'curl --user admin:      https://localhost',
      'curl --proxy-user deploy-user01: https://x.test',
    ];
    expect(skipped.flatMap(findCurlCredentials)).toEqual([]);
  });

  it('finds header credentials', () => {
    const text = `curl -H "Token: 3fea6af1349166ea" -H 'Authorization: Basic djJlNEpYa0NJUHZ5a2FW' x`;
    expect(shown(text, findCurlCredentials(text))).toEqual([
      ['AUTH_HEADER', '3fea6af1349166ea'],
      ['BASIC_AUTH', 'djJlNEpYa0NJUHZ5a2FW'],
    ]);
  });

  it('skips placeholders, variables and a user without a password', () => {
    const skipped = [
      "curl -i -u 'test:test'",
      'curl -u <user:password> https://test.com',
      'curl --user neo4j:[PASSWORD] http://x',
      `curl -u "\${_username}:\${_password}"`,
      'curl --user "$(cat ./login.txt):$(cat ./password.txt)"',
      'curl -u "myusername" http://localhost',
      'curl -H "Authorization: Bearer $API_KEY" x',
      'curl -H "Authorization: Bearer <Openverse API token>" x',
    ];
    expect(skipped.flatMap(findCurlCredentials)).toEqual([]);
  });
});

describe('findUrlCredentials', () => {
  it('finds the password of URL userinfo', () => {
    const text = 'DATABASE_URL=postgres://app:Xk9vQ2mLp7@db.internal:5432/app';
    expect(shown(text, findUrlCredentials(text))).toEqual([['BASIC_AUTH', 'Xk9vQ2mLp7']]);
  });

  it('skips documentation passwords and a password equal to the user', () => {
    expect(findUrlCredentials(`mysql://user:password@localhost/db postgres://admin:admin@x \${URL}`)).toEqual(
      [],
    );
  });

  it('skips a template expression as the password', () => {
    expect(findUrlCredentials('f"https://user123:{_github_pat(github_secret_name)}@github.com/"')).toEqual(
      [],
    );
    expect(findUrlCredentials(`"https://ci:#{ENV['CI_TOKEN']}@gems.example.com"`)).toEqual([]);
  });

  it('never takes the port or path after the host for a password', () => {
    const placeholder =
      'https://USERNAME:PASSWORD@sub.example.com:8080/path/to/page.html?query=value&sort=desc#section';
    expect(detectSecrets(placeholder)).toEqual([]);
    const real = 'https://deploy:Xk9vQ2mLp7@sub.example.com:8080/path/to/page.html?query=value';
    expect(shown(real, detectSecrets(real))).toEqual([['BASIC_AUTH', 'Xk9vQ2mLp7']]);
  });
});

describe('findKubernetesSecrets', () => {
  it('finds data values of a Secret manifest', () => {
    const text = 'apiVersion: v1\nkind: Secret\ndata:\n\tpassword: UyFCXCpkJHpEc2I9\n\tusername: YWRtaW4=\n';
    expect(shown(text, findKubernetesSecrets(text))).toEqual([
      ['KUBERNETES_SECRET', 'UyFCXCpkJHpEc2I9'],
      ['KUBERNETES_SECRET', 'YWRtaW4='],
    ]);
  });

  it('ignores templates, empty values, other kinds and data in another document', () => {
    expect(findKubernetesSecrets("kind: Secret\ndata:\n  htpasswd: ''\n  pw: {{ .Values.pw }}\n")).toEqual(
      [],
    );
    expect(findKubernetesSecrets('kind: ExternalSecret\ndata:\n  key: c2VjcmV0L215c2VjcmV0\n')).toEqual([]);
    expect(
      findKubernetesSecrets('kind: Secret\n---\nkind: ConfigMap\ndata:\n  key: c2VjcmV0L215c2VjcmV0\n'),
    ).toEqual([]);
  });
});

describe('findXmlSecrets', () => {
  it('finds NuGet cleartext passwords and secret-named elements', () => {
    const text =
      '<add key="ClearTextPassword" value="TestSource-Password" />\n<clientToken>\n  Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB\n</clientToken>';
    expect(shown(text, findXmlSecrets(text))).toEqual([
      ['GENERIC_SECRET', 'TestSource-Password'],
      ['GENERIC_SECRET', 'Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB'],
    ]);
  });

  it('finds random values of elements whose name or key attribute names a secret', () => {
    const text =
      '<string name="hockeyapp_key">ac4fbb5fa9ae7de11f4c8150394ac543</string>\n' +
      '<string name="api_token" translatable="false">\n  Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB\n</string>\n' +
      "<entry key='db.password'>q7Lm2Xv9Rt4Kp8Wn3Zb6</entry>";
    expect(shown(text, findXmlSecrets(text))).toEqual([
      ['GENERIC_SECRET', 'ac4fbb5fa9ae7de11f4c8150394ac543'],
      ['GENERIC_SECRET', 'Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB'],
      ['GENERIC_SECRET', 'q7Lm2Xv9Rt4Kp8Wn3Zb6'],
    ]);
  });

  it('skips interface text and names that are not secrets in resource strings', () => {
    const text =
      '<string name="forgot_password">Forgot?</string><string name="error_invalid_password">Invalid</string>' +
      '<string name="app_name">ac4fbb5fa9ae7de11f4c8150394ac543</string>' +
      '<string name="api_key_hint">EnterYourKey</string><string name="api_key">%API_KEY%</string>';
    expect(findXmlSecrets(text)).toEqual([]);
  });

  it('skips NuGet placeholders and elements that do not name a secret', () => {
    expect(
      findXmlSecrets(
        '<add key="ClearTextPassword" value="%TestSourcePassword%" /><title>Zf3D0LXCM3EIMbgJpUNnk</title>',
      ),
    ).toEqual([]);
  });
});

describe('findGatedPatterns', () => {
  it('finds a Facebook app token only when Facebook is mentioned', () => {
    const text = 'facebook 1477036645700765|wRPf2v3mt2JfMqCLK8n7oltrEmc';
    expect(shown(text, findGatedPatterns(text))).toEqual([
      ['FACEBOOK_TOKEN', '1477036645700765|wRPf2v3mt2JfMqCLK8n7oltrEmc'],
    ]);
    expect(findGatedPatterns('app 1477036645700765|wRPf2v3mt2JfMqCLK8n7oltrEmc')).toEqual([]);
  });

  it('finds a Braintree access token whole, in production and sandbox', () => {
    const production = 'BT=access_token$production$x7k2m9q4w8e1r5t3$6f1c9e2ab84d07f35c9e1a2b4d6f8a0c';
    const sandbox = 'access_token$sandbox$ab12cd34ef56gh78$9d3b7e0f2a6c41d8b5e93f07c2a1d64e';
    expect(shown(production, findGatedPatterns(production))).toEqual([
      ['BRAINTREE_ACCESS_TOKEN', production.slice(3)],
    ]);
    expect(shown(sandbox, findGatedPatterns(sandbox))).toEqual([['BRAINTREE_ACCESS_TOKEN', sandbox]]);
    // The secret part must be 32 hex digits.
    expect(findGatedPatterns('access_token$production$x7k2m9q4w8e1r5t3$zz1c9e2ab84d07f35c9e1a2b')).toEqual(
      [],
    );
  });

  it('takes the keyword in any case and the bar URL-encoded', () => {
    const upper = 'FACEBOOK_ACCESS_TOKEN=1477036645700765|wRPf2v3mt2JfMqCLK8n7oltrEmc';
    expect(shown(upper, findGatedPatterns(upper))).toEqual([
      ['FACEBOOK_TOKEN', '1477036645700765|wRPf2v3mt2JfMqCLK8n7oltrEmc'],
    ]);
    const encoded = 'Facebook: 1477036645700765%7CwRPf2v3mt2JfMqCLK8n7oltrEmc';
    expect(shown(encoded, findGatedPatterns(encoded))).toEqual([
      ['FACEBOOK_TOKEN', '1477036645700765%7CwRPf2v3mt2JfMqCLK8n7oltrEmc'],
    ]);
  });
});
