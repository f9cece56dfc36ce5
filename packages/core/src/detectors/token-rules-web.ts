import type { TokenRule } from './token-rule.ts';

/**
 * Web-shaped secrets: JSON Web Tokens and webhook URLs whose path is the credential (Slack,
 * Microsoft Teams, Discord).
 *
 * @example
 * WEB_TOKEN_RULES.map((r) => r.type); // ['JWT', 'SLACK_WEBHOOK', 'MICROSOFT_TEAMS_WEBHOOK', 'DISCORD_WEBHOOK']
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
