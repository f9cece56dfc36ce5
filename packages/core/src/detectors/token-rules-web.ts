import { Buffer } from 'node:buffer';
import type { TokenRule } from './token-rule.ts';

// `-----BEGIN ` in base64, at the start of a value: how a PEM file looks once base64-encoded.
const PEM_IN_BASE64 = 'LS0tLS1CRUdJTi';

/** Whether base64 text decodes to the start of a PEM private key (`-----BEGIN … PRIVATE KEY-----`). */
function isBase64PrivateKey(secret: string): boolean {
  const head = Buffer.from(secret.slice(0, 80), 'base64').toString('latin1');
  return /^-----BEGIN [A-Z0-9 ]{0,20}PRIVATE KEY-----/.test(head);
}

function isBase64Jwt(secret: string): boolean {
  const decoded = Buffer.from(secret, 'base64').toString('latin1');
  return /^ey[\w-]{10,}={0,2}\.ey[\w-]{10,}={0,2}\.[\w-]*={0,2}$/.test(decoded);
}

/**
 * Web-shaped secrets: JSON Web Tokens (also encoded in base64 once more), webhook URLs whose path is the credential (Slack,
 * Microsoft Teams, Discord), and PEM private keys encoded in base64 as environment variables and
 * CI settings hold them.
 *
 * @example
 * WEB_TOKEN_RULES.map((r) => r.type); // ['JWT', 'JWT', 'PRIVATE_KEY', 'SLACK_WEBHOOK', 'MICROSOFT_TEAMS_WEBHOOK', 'DISCORD_WEBHOOK']
 */
export const WEB_TOKEN_RULES: readonly TokenRule[] = [
  {
    // Header and payload are base64url JSON, so both start "ey" (`{"` is "eyJ"); the signature may
    // be empty (alg "none") but the trailing dot stays.
    id: 'jwt',
    type: 'JWT',
    prefixes: ['ey'],
    pattern: /ey[\w-]{17,}={0,2}\.ey[\w/\\-]{17,}={0,2}\.(?:[\w/\\-]{8,}={0,2})?(?![\w-])/y,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    // A JWT encoded in base64 once more (a Kubernetes secret's data, a CI variable): "eyJ" becomes
    // "ZXlK", and the decoded text must be a JWT.
    id: 'jwt-base64',
    type: 'JWT',
    prefixes: ['ZXlK'],
    pattern: /ZXlK[A-Za-z0-9+/]{60,}={0,2}(?![\w+/=-])/y,
    check: isBase64Jwt,
    confidence: 0.9,
  },
  {
    // A base64 PEM key is long: a 256-bit EC key is about 300 characters, RSA keys far more.
    id: 'base64-private-key',
    type: 'PRIVATE_KEY',
    prefixes: [PEM_IN_BASE64],
    pattern: /LS0tLS1CRUdJTi[A-Za-z0-9+/]{150,}={0,2}(?![\w+/=-])/y,
    check: isBase64PrivateKey,
    confidence: 0.95,
  },
  {
    id: 'slack-webhook-url',
    type: 'SLACK_WEBHOOK',
    infix: 'hooks.slack.com',
    pattern: /(?:https?:)?(?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/g,
    confidence: 0.95,
  },
  {
    id: 'microsoft-teams-webhook',
    type: 'MICROSOFT_TEAMS_WEBHOOK',
    infix: 'webhook.office.com',
    pattern:
      /(?:https:)?\/\/[a-z0-9]+\.webhook\.office\.com\/webhookb2\/[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}@[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}\/IncomingWebhook\/[a-z0-9]{32}\/[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}/g,
    confidence: 0.95,
  },
  {
    // The legacy connector host, still in scripts.
    id: 'microsoft-teams-webhook-legacy',
    type: 'MICROSOFT_TEAMS_WEBHOOK',
    infix: 'outlook.office.com',
    pattern:
      /(?:https:)?\/\/outlook\.office\.com\/webhook\/[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}@[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}\/IncomingWebhook\/[a-z0-9]{32}\/[a-z0-9]{8}-(?:[a-z0-9]{4}-){3}[a-z0-9]{12}/g,
    confidence: 0.95,
  },
  {
    id: 'discord-webhook-url',
    type: 'DISCORD_WEBHOOK',
    infix: '/api/webhooks/',
    pattern:
      /(?:https:)?\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,68}/g,
    minEntropy: 3,
    confidence: 0.95,
  },
];
