import { describe, expect, it } from 'vitest';
import { classifyKey, keyWords } from './key-classifier.ts';

describe('keyWords', () => {
  it('splits snake, kebab, dotted and camel case keys', () => {
    expect(keyWords('X-Octopus-ApiKey')).toEqual(['x', 'octopus', 'api', 'key']);
    expect(keyWords('AWSSecretKey')).toEqual(['aws', 'secret', 'key']);
    expect(keyWords('sumologic.accessId')).toEqual(['sumologic', 'access', 'id']);
  });
});

describe('classifyKey', () => {
  it('names passwords', () => {
    expect(
      ['DB_PASSWORD', 'administrator_login_password', 'rootPasswd', 'pwd', 'ClearTextPassword'].map(
        classifyKey,
      ),
    ).toEqual(['password', 'password', 'password', 'password', 'password']);
  });

  it('names other secrets, including compound words', () => {
    expect(
      [
        'client_secret',
        'x-api-key',
        'genericToken',
        'AUTH_CLIENTSECRET',
        'Authorization',
        'credentials',
        'jiratoken',
      ].map(classifyKey),
    ).toEqual(['secret', 'secret', 'secret', 'secret', 'secret', 'secret', 'secret']);
  });

  it('skips keys about a secret rather than holding one', () => {
    expect(
      [
        'kms_key_id',
        'access_token_url',
        'LLM_SECRET_NAME',
        'secret_length',
        'key_vault_name',
        'keyVaultToStoreSecrets',
      ].map(classifyKey),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('skips public, CSRF, pagination and database keys and look-alike words', () => {
    expect(
      [
        'public_key',
        'csrf_token',
        'nextPageToken',
        'sort_key',
        'author',
        'keyword',
        'monkey',
        'Turkey Standard Time',
      ].map(classifyKey),
    ).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('names keys ending in pwd passwords and skips scoped package names', () => {
    expect(['ACRPWD', 'db_pwd'].map(classifyKey)).toEqual(['password', 'password']);
    expect(classifyKey('@acme/rule-1password')).toBeUndefined();
  });
});
