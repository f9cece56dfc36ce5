import { shannonEntropy } from './entropy.ts';
import { hasMixedCharacters, type TokenRule } from './token-rule.ts';

/**
 * Token formats of cloud and infrastructure providers: AWS, Google, Azure, Alibaba,
 * DigitalOcean, Cloudflare, Heroku, Fly.io, HashiCorp, Databricks, 1Password and MongoDB Atlas.
 *
 * @example
 * CLOUD_TOKEN_RULES.find((r) => r.id === 'aws-access-token')?.type; // 'AWS_ACCESS_KEY_ID'
 */
export const CLOUD_TOKEN_RULES: readonly TokenRule[] = [
  {
    id: 'aws-access-token',
    type: 'AWS_ACCESS_KEY_ID',
    prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    pattern: /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    id: 'aws-amazon-bedrock-api-key-long-lived',
    type: 'AWS_BEDROCK_API_KEY',
    prefixes: ['ABSK'],
    pattern: /ABSK[A-Za-z0-9+/]{109,269}={0,2}(?![A-Za-z0-9+/=])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    // The fixed part is base64 of "bedrock.amazonaws.com"; the presigned URL follows it.
    id: 'aws-amazon-bedrock-api-key-short-lived',
    type: 'AWS_BEDROCK_API_KEY',
    prefixes: ['bedrock-api-key-'],
    pattern: /bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%&.-]*/y,
    confidence: 0.95,
  },
  {
    id: 'gcp-api-key',
    type: 'GOOGLE_API_KEY',
    prefixes: ['AIza'],
    pattern: /AIza[\w-]{35}(?![\w-])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'google-oauth-client-secret',
    type: 'GOOGLE_OAUTH_CLIENT_SECRET',
    prefixes: ['GOCSPX-'],
    pattern: /GOCSPX-[\w-]{28}(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.95,
  },
  {
    id: 'google-oauth-access-token',
    type: 'GOOGLE_OAUTH_TOKEN',
    prefixes: ['ya29.'],
    pattern: /ya29\.[\w-]{30,}(?![\w-])/y,
    minEntropy: 4,
    confidence: 0.9,
  },
  {
    id: 'azure-ad-client-secret',
    type: 'AZURE_CLIENT_SECRET',
    infix: 'Q~',
    pattern: /(?<![\w~.-])[a-zA-Z0-9_~.]{3}\dQ~[a-zA-Z0-9_~.-]{31,34}(?![\w~.-])/g,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    id: 'alibaba-access-key-id',
    type: 'ALIBABA_ACCESS_KEY_ID',
    prefixes: ['LTAI'],
    pattern: /LTAI[a-zA-Z0-9]{20}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    id: 'digitalocean-token',
    type: 'DIGITALOCEAN_TOKEN',
    prefixes: ['doo_v1_', 'dop_v1_', 'dor_v1_'],
    pattern: /do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    id: 'cloudflare-origin-ca-key',
    type: 'CLOUDFLARE_API_KEY',
    prefixes: ['v1.0-'],
    pattern: /v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![A-Za-z0-9])/y,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    id: 'heroku-api-key-v2',
    type: 'HEROKU_API_KEY',
    prefixes: ['HRKU-AA'],
    pattern: /HRKU-AA[0-9a-zA-Z_-]{58}(?![\w-])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'flyio-access-token',
    type: 'FLYIO_TOKEN',
    prefixes: ['fo1_', 'fm1a_', 'fm1r_', 'fm2_'],
    pattern: /(?:fo1_[\w-]{43}(?![\w-])|fm1[ar]_[a-zA-Z0-9+/]{100,}={0,3}|fm2_[a-zA-Z0-9+/]{100,}={0,3})/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'vault-service-token',
    type: 'VAULT_TOKEN',
    prefixes: ['hvs.'],
    pattern: /hvs\.[\w-]{90,120}(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.95,
  },
  {
    id: 'vault-batch-token',
    type: 'VAULT_TOKEN',
    prefixes: ['hvb.'],
    pattern: /hvb\.[\w-]{138,300}(?![\w-])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    // Legacy `s.` tokens are 24 random alphanumerics; requiring all three character classes
    // keeps member accesses such as `s.makeKubeConfigController` out.
    id: 'vault-legacy-service-token',
    type: 'VAULT_TOKEN',
    prefixes: ['s.'],
    pattern: /s\.[a-zA-Z0-9]{24}(?![\w-])/y,
    minEntropy: 3.5,
    check: (secret) => hasMixedCharacters(secret.slice(2)),
    confidence: 0.8,
  },
  {
    // Tailscale auth and API keys: `tskey-<kind>-<id>-<secret>`.
    id: 'tailscale-key',
    type: 'TAILSCALE_KEY',
    prefixes: ['tskey-'],
    pattern: /tskey-[a-z0-9]+-[A-Za-z0-9]{6,}(?:-[A-Za-z0-9_]{16,})?(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.9,
  },
  {
    // AWS AppSync API keys.
    id: 'aws-appsync-api-key',
    type: 'AWS_APPSYNC_API_KEY',
    prefixes: ['da2-'],
    pattern: /(?<![\w-])da2-[a-z0-9]{26}(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.85,
  },
  {
    // Google OAuth refresh tokens.
    id: 'google-oauth-refresh-token',
    type: 'GOOGLE_OAUTH_TOKEN',
    prefixes: ['1//0'],
    pattern: /(?<![\w/])1\/\/0[\w-]{40,}(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.9,
  },
  {
    id: 'hashicorp-tf-api-token',
    type: 'TERRAFORM_CLOUD_TOKEN',
    infix: '.atlasv1.',
    pattern: /(?<![A-Za-z0-9])[a-zA-Z0-9]{14}\.atlasv1\.[a-zA-Z0-9_=-]{60,70}(?![\w=-])/g,
    minEntropy: 3.5,
    confidence: 0.95,
  },
  {
    id: 'databricks-api-token',
    type: 'DATABRICKS_TOKEN',
    prefixes: ['dapi'],
    pattern: /dapi[a-f0-9]{32}(?:-\d)?(?![\w-])/y,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    id: '1password-service-account-token',
    type: 'ONEPASSWORD_SECRET',
    prefixes: ['ops_eyJ'],
    pattern: /ops_eyJ[a-zA-Z0-9+/]{250,}={0,3}/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: '1password-secret-key',
    type: 'ONEPASSWORD_SECRET',
    prefixes: ['A3-'],
    pattern:
      /A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9])/y,
    minEntropy: 3.8,
    confidence: 0.9,
  },
  {
    id: 'openshift-user-token',
    type: 'OPENSHIFT_TOKEN',
    prefixes: ['sha256~'],
    pattern: /sha256~[\w-]{43}(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.9,
  },
  {
    // MongoDB Atlas service account client secrets. The client id beside it (`mdb_sa_id_` and 24
    // hex digits) is not a secret.
    id: 'mongodb-atlas-service-account-secret',
    type: 'MONGODB_ATLAS_SECRET',
    prefixes: ['mdb_sa_sk_'],
    pattern: /mdb_sa_sk_[\w-]{40}(?![\w-])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'age-secret-key',
    type: 'AGE_SECRET_KEY',
    prefixes: ['AGE-SECRET-KEY-1'],
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])/y,
    // The fixed prefix alone would pass an entropy test; the key material must be random.
    check: (secret) => shannonEntropy(secret.slice(16)) >= 3,
    confidence: 0.95,
  },
];
