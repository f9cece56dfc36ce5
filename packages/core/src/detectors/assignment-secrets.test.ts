import { describe, expect, it } from 'vitest';
import { findAssignmentSecrets, judgeAssignment } from './assignment-secrets.ts';
import { judgeGenericValue } from './generic-secret.ts';

const found = (text: string) => findAssignmentSecrets(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe('judgeGenericValue', () => {
  it('accepts random values for secret keys and reports how sure it is', () => {
    expect(judgeGenericValue('Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB', 'secret', 'genericToken', true)).toEqual({
      offset: 0,
      length: 32,
      confidence: 0.7,
    });
    expect(
      judgeGenericValue('dafa7817-e246-48f3-91a7-e87653d587b8', 'secret', 'api_token', true)?.length,
    ).toBe(36);
  });

  it('rejects identifiers, code references, paths, URLs, e-mail addresses and file names', () => {
    const rejected = [
      'X25519.secret_length',
      'var.db_password',
      'SalesResults-1.2',
      'NEXUS-GPT4-API-KEY',
      '/run/secrets/jfrog_secret',
      'https://github.com/login/oauth/access_token',
      'james.fake@ymail.com',
      's_rsa1024_priv.pem',
      '1234567890123',
      // Expressions, cut at the quote as unquoted values are: `secrets["pw"]`, `get_secret("x")`.
      'secrets[',
      'os.environ[',
      'config["secret_key"]',
      'get_secret(',
    ];
    expect(rejected.map((v) => judgeGenericValue(v, 'secret', 'token', true))).toEqual(
      rejected.map(() => undefined),
    );
  });

  it('accepts dotted random values, which code references are not', () => {
    expect(judgeGenericValue('Ik4iwC4V0m.OyT.U9hjQHtmRpWBGRj', 'password', 'passwd', false)?.length).toBe(30);
    for (const reference of ['config.db.password', 'aws.s3.bucket1Name', 'self.v2Client.auth3Token'])
      expect(judgeGenericValue(reference, 'secret', 'token', false)).toBeUndefined();
  });

  it('accepts human-chosen passwords but not placeholders or the key itself', () => {
    expect(judgeGenericValue('thisIsDog11', 'password', 'password', true)?.length).toBe(11);
    expect(judgeGenericValue('password', 'password', 'db_password', true)).toBeUndefined();
    expect(judgeGenericValue(`\${DB_PASSWORD}`, 'password', 'password', true)).toBeUndefined();
    expect(judgeGenericValue('PASSWORD', 'password', 'passwordVariable', false)).toBeUndefined();
  });

  it('rejects the name of a constant that holds a secret, not other upper-case values', () => {
    expect(judgeGenericValue('KEYFILE_PASSWORD', 'password', 'ENV_VAR_SSLPASSWORD', true)).toBeUndefined();
    expect(judgeGenericValue('MY_API_TOKEN', 'password', 'db_pass', true)).toBeUndefined();
    expect(judgeGenericValue('KX7_PL9_QZ2W', 'password', 'db_pass', true)?.length).toBe(12);
  });

  it('reports the credential after an HTTP auth scheme', () => {
    expect(
      judgeGenericValue('Bearer 5eb4223e-5008-46e5-be67-c7b8f2732305', 'secret', 'Authorization', false),
    ).toEqual({
      offset: 7,
      length: 36,
      confidence: 0.6,
    });
  });
});

describe('judgeAssignment', () => {
  it('prefers a provider keyword rule to the generic one', () => {
    expect(judgeAssignment('sumologic_access_id', 'suGyI5imvADdvU', true)).toEqual({
      type: 'SUMOLOGIC_KEY',
      start: 0,
      end: 14,
      confidence: 0.8,
    });
    expect(judgeAssignment('cloudflare', 'oj9Yoyq0zmOyWmPPob1aoY5YSNNuJ0fbZSOURBlX', true)?.type).toBe(
      'CLOUDFLARE_API_KEY',
    );
  });

  it('requires the provider keyword to start a word of the key', () => {
    expect(judgeAssignment('sumOfProperty', 'su9OL59biWiJu7', true)).toBeUndefined();
  });
});

describe('findAssignmentSecrets', () => {
  it('finds secrets in config, code and JSON, spanning the value only', () => {
    expect(found('API_TOKEN=HXe8DGg1iJd2AopzyxkFB7F2')).toEqual([
      ['GENERIC_SECRET', 'HXe8DGg1iJd2AopzyxkFB7F2'],
    ]);
    expect(found('JIRA_API_TOKEN=HXe8DGg1iJd2AopzyxkFB7F2')).toEqual([
      ['ATLASSIAN_API_TOKEN', 'HXe8DGg1iJd2AopzyxkFB7F2'],
    ]);
    expect(found('{"client_secret" : "6da89121079f83b2eb6acccf8219ea98"}')).toEqual([
      ['GENERIC_SECRET', '6da89121079f83b2eb6acccf8219ea98'],
    ]);
    expect(found('password = "rootpasswd"')).toEqual([['GENERIC_SECRET', 'rootpasswd']]);
  });

  it('types authorization headers by scheme', () => {
    expect(
      found('Authorization: Basic YXBpOmtleS1hN2MzNDJ3MzNhNWQxLTU2M2U3MjlwLTZhYjI3YzYzNzM0Ng=='),
    ).toEqual([['BASIC_AUTH', 'YXBpOmtleS1hN2MzNDJ3MzNhNWQxLTU2M2U3MjlwLTZhYjI3YzYzNzM0Ng==']]);
    expect(found('"Authorization": "Bearer cfcabd11c7ed9a41b1a3e063c32d5114"')).toEqual([
      ['AUTH_HEADER', 'cfcabd11c7ed9a41b1a3e063c32d5114'],
    ]);
  });

  it('catches all-digit provider ids that the generic rule would reject', () => {
    expect(found('asanaToken = "5903112529145715"')).toEqual([['GENERIC_SECRET', '5903112529145715']]);
  });

  it('finds registry credentials in .npmrc, whatever they look like', () => {
    const text =
      '//registry.example.com/:_password=Q29ycmVjdEhvcnNl\n' +
      '//acme.npm/releases:_password=CorrectHorseBatteryStaple\n' +
      '//registry.npmjs.org/:_auth=ZGVwbG95OlpxOHhMbTJQdjc3\n' +
      'npm config set //npm.pkg.github.com/:_authToken=Zq8xLm2Pv77Kd';
    expect(found(text)).toEqual([
      ['GENERIC_SECRET', 'Q29ycmVjdEhvcnNl'],
      ['GENERIC_SECRET', 'CorrectHorseBatteryStaple'],
      ['GENERIC_SECRET', 'ZGVwbG95OlpxOHhMbTJQdjc3'],
      ['GENERIC_SECRET', 'Zq8xLm2Pv77Kd'],
    ]);
  });

  it('skips .npmrc placeholders and an unscoped word', () => {
    expect(
      found(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an npm variable, as .npmrc writes it
        '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n//registry.npmjs.org/:_authToken={NPM_TOKEN}\n' +
          '//r.example.com/:_password=password\n_password=CorrectHorseBatteryStaple',
      ),
    ).toEqual([]);
  });

  it('skips code expressions, templates and constant names as values', () => {
    expect(
      found(
        'password = secrets["password"]\ntoken = os.environ["API_TOKEN"]\n' +
          `"uid=#{datastore['DBUID']};pwd=#{datastore['DBPASSWORD']}"\n` +
          'format_password = "prefix_{}".format(v)\nformat_password = "prefix_{0}".format(v)\n' +
          "ENV_VAR_SSLPASSWORD = 'KEYFILE_PASSWORD'",
      ),
    ).toEqual([]);
    expect(found('password = cfg[pw_key]')).toEqual([]);
    expect(found('password = "Zq8x[Lm2Pv77"\nDB_PASSWORD = \'KX7_PL9_QZ2W\'')).toEqual([
      ['GENERIC_SECRET', 'Zq8x[Lm2Pv77'],
      ['GENERIC_SECRET', 'KX7_PL9_QZ2W'],
    ]);
  });

  it('skips a label string that ends with the key and its colon', () => {
    expect(
      found('usernameLabel:"Username or email:",passwordLabel:"Password:",rememberMeLabel:"Remember me:"'),
    ).toEqual([]);
    expect(found("url = 'password=' + pw + '&user=' + name")).toEqual([]);
  });

  it('skips placeholders, empty values and metadata keys', () => {
    expect(
      found(
        'GITHUB_API_KEY=\nsumo_access_key = "<SUMOLOGIC ACCESS KEY>"\nclientId = "73082700-1f09-405b-80d0-3131bfd6272d"\n' +
          `password = "\${aws_db_instance.default.password}"\nkey_length = XSalsa20.key_length`,
      ),
    ).toEqual([]);
  });
});
