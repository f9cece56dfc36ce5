import { describe, expect, it } from 'vitest';
import { findCliCredentials } from './cli-credentials.ts';
import { findCredentialPairs } from './credential-pairs.ts';
import { detectSecrets } from './detect-secrets.ts';
import { findSasSignatures } from './sas-signature.ts';

const spans = (text: string) => findCliCredentials(text).map((f) => text.slice(f.start, f.end));

describe('findCliCredentials', () => {
  it.each([
    ['mysql --user=app --password=N0t-4-r3al! --host=db', 'N0t-4-r3al!'],
    [
      'huggingface-cli login --token hf_QmXv81kTz0pLr5YbWc3dNe7AsGu2HfJq',
      'hf_QmXv81kTz0pLr5YbWc3dNe7AsGu2HfJq',
    ],
    ['dotnet nuget push x.nupkg --api-key  "q7Lm2Xv9Rt4Kp8Wn3Zb6"', 'q7Lm2Xv9Rt4Kp8Wn3Zb6'],
    ['Connect-VIServer -Server vc -User admin -Password Vm9w4re!x', 'Vm9w4re!x'],
    ['openssl enc -aes-256-cbc -pass pass:Zr8#kLq2vN -in a', 'Zr8#kLq2vN'],
    ['docker login registry.example.com -u deploy -p Ljc+1lq0U0+c3jHlMHxS', 'Ljc+1lq0U0+c3jHlMHxS'],
    ['mvn verify -Dsonar.login=5524bf449ca45fcace546983', '5524bf449ca45fcace546983'],
    ['ngrok config add-authtoken 2WIRSIHOQyHSVklZnoz2k6bTYdH_0E7z', '2WIRSIHOQyHSVklZnoz2k6bTYdH_0E7z'],
    ['machine api.example.com\n  login deploy\n  password 7cc938e45e63e901', '7cc938e45e63e901'],
    ['curl --tlspassword Zq8xLm2Pv77 https://x.test', 'Zq8xLm2Pv77'],
    ['curl --proxy-tlspassword=Zq8xLm2Pv77 https://x.test', 'Zq8xLm2Pv77'],
    ['wget --http-password=Zq8xLm2Pv77 https://x.test', 'Zq8xLm2Pv77'],
    ['wget --ftp-password=Zq8xLm2Pv77 ftp://x.test/a', 'Zq8xLm2Pv77'],
    ['wget --proxy-password "Zq8xLm2Pv77" https://x.test', 'Zq8xLm2Pv77'],
    ['vault login hvs.CAESIJlWh2kC7nGvXz9Qm4Lp8Rt', 'hvs.CAESIJlWh2kC7nGvXz9Qm4Lp8Rt'],
    [
      'vault operator unseal 98m+o2ylRhVbOi+3o5ub6PbP343ocFUVORgSYeypMDjh',
      '98m+o2ylRhVbOi+3o5ub6PbP343ocFUVORgSYeypMDjh',
    ],
  ])('finds the credential in %j', (text, secret) => {
    expect(spans(text)).toEqual([secret]);
  });

  it.each([
    'vault login --token-file /run/secrets/token',
    'vault login -method=userpass username=deploy',
    'vault operator unseal $UNSEAL_KEY',
    'psql --password-file=~/.pgpass',
    'gh auth login --token $GITHUB_TOKEN',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, as the agent writes it
    'deploy --api-key ${API_KEY} --secret %SECRET%',
    'mysql --password=<password> --token=your_token_here',
    'docker run -p 8080:80 nginx',
    'curl --token -v https://example.com',
    'openssl enc -pass env:PASSPHRASE -in a',
    'tool --password=secret --token=changeme',
    'curl --tlspassword https://localhost',
    'wget --user=admin --ask-password https://localhost',
    'wget --user=admin --password= https://localhost',
    'wget --http-password=$HTTP_PASSWORD --ftp-password=<password> https://x.test',
  ])('finds nothing in %j', (text) => {
    expect(spans(text)).toEqual([]);
  });

  it('is part of detectSecrets', () => {
    const text = 'mysql --password=N0t-4-r3al! -h db';
    expect(detectSecrets(text).map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([
      ['GENERIC_SECRET', 'N0t-4-r3al!'],
    ]);
  });
});

describe('findSasSignatures', () => {
  it('finds the signature of a SAS URL or token, not of other query strings', () => {
    const url =
      'https://acct.blob.core.windows.net/c/r.csv?sp=rcwl&st=2025-03-10T06:58:25Z&se=2025-03-10T14:58:25Z&spr=https&sv=2022-11-02&sr=c&sig=WSdF9YeZhvrbs%2B%2B1f8ZdDBzEe7fBJ%2BenuaXQ%3D';
    expect(findSasSignatures(url).map((f) => url.slice(f.start, f.end))).toEqual([
      'WSdF9YeZhvrbs%2B%2B1f8ZdDBzEe7fBJ%2BenuaXQ%3D',
    ]);
    expect(findSasSignatures('https://x.test/?page=2&sig=WSdF9YeZhvrbs2B2B1f8ZdDBzEe7fBJ2Benua')).toEqual([]);
  });
});

describe('findCredentialPairs', () => {
  it.each([
    [
      'sender.Credentials = new NetworkCredential("ops@example.com", "vzihlaquknriqlht");',
      'vzihlaquknriqlht',
    ],
    ["requests.get(url, auth=HTTPBasicAuth('deploy', 'Zq8#xLm2Pv'))", 'Zq8#xLm2Pv'],
    ['requests.get(url, auth = ("deploy", "Zq8#xLm2Pv"))', 'Zq8#xLm2Pv'],
    ['new PasswordAuthentication("app", "N0t-4-r3al!".toCharArray())', 'N0t-4-r3al!'],
  ])('finds the password in %j', (text, password) => {
    expect(findCredentialPairs(text).map((f) => text.slice(f.start, f.end))).toEqual([password]);
  });

  it('skips placeholders, variables and one-argument calls', () => {
    const texts = [
      'auth=("user", "password")',
      'HTTPBasicAuth(user, pwd)',
      'NetworkCredential("u", "<password>")',
      'BasicAuth("token")',
    ];
    expect(texts.flatMap(findCredentialPairs)).toEqual([]);
  });
});
