import { shannonEntropy } from './entropy.ts';
import { hasMixedCharacters, type TokenRule } from './token-rule.ts';

/**
 * Token formats of messaging, commerce and other SaaS APIs: Slack, Telegram, Discord, Twilio,
 * Telnyx, SendGrid, Brevo, Mailgun, Mailchimp, Stripe, Square, GoCardless, Shopify,
 * Amazon MWS, Facebook, Twitter, Notion, Teamwork and others.
 *
 * @example
 * SAAS_TOKEN_RULES.some((r) => r.type === 'STRIPE_KEY'); // true
 */
export const SAAS_TOKEN_RULES: readonly TokenRule[] = [
  {
    id: 'slack-bot-token',
    type: 'SLACK_TOKEN',
    prefixes: ['xoxb-'],
    pattern: /xoxb-(?:[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*|[0-9]{8,14}-[a-zA-Z0-9]{18,26})(?![\w-])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    id: 'slack-user-token',
    type: 'SLACK_TOKEN',
    prefixes: ['xoxp-', 'xoxe-'],
    pattern: /xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}(?![\w-])/y,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    id: 'slack-legacy-token',
    type: 'SLACK_TOKEN',
    prefixes: ['xoxo-', 'xoxs-'],
    pattern: /xox[os]-\d+-\d+-\d+-[a-fA-F\d]+(?![\w-])/y,
    minEntropy: 2,
    confidence: 0.9,
  },
  {
    id: 'slack-legacy-workspace-token',
    type: 'SLACK_TOKEN',
    prefixes: ['xoxa-', 'xoxr-'],
    pattern: /xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}(?![\w-])/y,
    minEntropy: 3,
    // Issued in lower case too: letters and digits, not a word (`xoxa-nyc`).
    check: (secret) => {
      const body = secret.replace(/^xox[ar]-(?:\d-)?/, '');
      return /\d/.test(body) && /[a-z]/i.test(body);
    },
    confidence: 0.85,
  },
  {
    id: 'slack-app-token',
    type: 'SLACK_TOKEN',
    prefixes: ['xapp-'],
    pattern: /xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+(?![\w-])/iy,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    id: 'slack-config-token',
    type: 'SLACK_TOKEN',
    prefixes: ['xoxe.xoxb-', 'xoxe.xoxp-', 'xoxe-'],
    pattern: /(?:xoxe\.xox[bp]-\d-[A-Z0-9]{163,166}|xoxe-\d-[A-Z0-9]{146})(?![\w-])/iy,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    // The bot id and a colon come before the secret half, which is what the token scan sees; the
    // secret half is "A" and 34 characters.
    id: 'telegram-bot-api-token',
    type: 'TELEGRAM_BOT_TOKEN',
    prefixes: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'].map((c) => `A${c}`),
    // The id may follow `bot` in an API URL: `api.telegram.org/bot123456:AA…/sendMessage`.
    pattern: /(?<=(?:(?<![\w:])|\/bot)\d{5,16}:)A[\w-]{34}(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.9,
  },
  {
    id: 'twitter-bearer-token',
    type: 'TWITTER_TOKEN',
    prefixes: ['AA'],
    pattern: /A{22}[a-zA-Z0-9%]{80,100}(?![a-zA-Z0-9%])/y,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    // Discord bot tokens start with the bot's numeric id in base64, so with MT…OT.
    id: 'discord-bot-token',
    type: 'DISCORD_TOKEN',
    prefixes: ['MT', 'Mj', 'Mz', 'ND', 'NT', 'Nj', 'Nz', 'OD', 'OT'],
    pattern: /[MNO][A-Za-z\d]{23,25}\.[\w-]{6}\.[\w-]{27,38}(?![\w-])/y,
    minEntropy: 4,
    check: hasMixedCharacters,
    confidence: 0.85,
  },
  {
    id: 'twilio-api-key',
    type: 'TWILIO_API_KEY',
    prefixes: ['SK'],
    pattern: /SK[0-9a-fA-F]{32}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    check: (secret) => /\d/.test(secret) && /[a-fA-F]/.test(secret.slice(2)),
    confidence: 0.85,
  },
  {
    // Telnyx API v2 keys: `KEY`, the key id (a UUID in upper-case hex without dashes), `_`, and
    // the 22-character secret.
    id: 'telnyx-api-key',
    type: 'TELNYX_API_KEY',
    prefixes: ['KEY'],
    pattern: /KEY[0-9A-F]{32}_[\w-]{22}(?![\w-])/y,
    minEntropy: 3.5,
    confidence: 0.9,
  },
  {
    id: 'sendgrid-api-token',
    type: 'SENDGRID_API_KEY',
    prefixes: ['SG.'],
    pattern: /SG\.[a-zA-Z0-9=_.-]{66}(?![\w=.-])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    id: 'sendinblue-api-token',
    type: 'SENDINBLUE_API_KEY',
    prefixes: ['xkeysib-', 'xsmtpsib-'],
    pattern: /(?:xkeysib|xsmtpsib)-[a-f0-9]{64}-[a-zA-Z0-9]{16}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    // Mailgun private API keys in their bare form; the keyword rule covers the `pubkey-` and
    // signing-key forms next to a `mailgun` key.
    id: 'mailgun-private-api-key',
    type: 'MAILGUN_API_KEY',
    prefixes: ['key-'],
    pattern: /(?<![\w-])key-[a-f0-9]{32}(?![\w-])/y,
    minEntropy: 3,
    check: (secret) => /\d/.test(secret) && /[a-f]/.test(secret.slice(4)),
    confidence: 0.85,
  },
  {
    id: 'mailchimp-api-key',
    type: 'MAILCHIMP_API_KEY',
    infix: '-us',
    pattern: /(?<![A-Za-z0-9])[a-f0-9]{32}-us\d{1,2}(?![A-Za-z0-9])/g,
    minEntropy: 3,
    confidence: 0.85,
  },
  {
    id: 'stripe-access-token',
    type: 'STRIPE_KEY',
    prefixes: ['sk_test_', 'sk_live_', 'sk_prod_', 'rk_test_', 'rk_live_', 'rk_prod_', 'whsec_'],
    pattern: /(?:[sr]k_(?:test|live|prod)_[a-zA-Z0-9]{10,247}|whsec_[a-zA-Z0-9]{32,})(?![A-Za-z0-9])/y,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    id: 'square-access-token',
    type: 'SQUARE_TOKEN',
    prefixes: ['EAAA', 'sq0atp-', 'sq0csp-'],
    pattern: /(?:(?:EAAA|sq0atp-)[\w-]{22,60}|sq0csp-[\w-]{43})(?![\w-])/y,
    minEntropy: 2,
    confidence: 0.9,
  },
  {
    // GoCardless access tokens: `live_` or `sandbox_` and 40 base64url characters. Identifiers
    // such as `live_server_url_for_production_environment` lack the digits and the entropy.
    id: 'gocardless-access-token',
    type: 'GOCARDLESS_TOKEN',
    prefixes: ['live_', 'sandbox_'],
    pattern: /(?:live|sandbox)_[\w=-]{40}(?![\w=-])/y,
    minEntropy: 4.3,
    check: (secret) => {
      const body = secret.slice(secret.indexOf('_') + 1);
      return hasMixedCharacters(body) && (body.match(/\d/g) ?? []).length >= 2;
    },
    confidence: 0.85,
  },
  {
    id: 'shopify-token',
    type: 'SHOPIFY_TOKEN',
    prefixes: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    pattern: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9])/y,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    // Amazon Marketplace Web Service auth tokens: `amzn.mws.` and a UUID.
    id: 'amazon-mws-auth-token',
    type: 'AMAZON_MWS_AUTH_TOKEN',
    prefixes: ['amzn.mws.'],
    pattern: /amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/y,
    check: (secret) => shannonEntropy(secret.slice(9).replaceAll('-', '')) >= 2.8,
    confidence: 0.95,
  },
  {
    id: 'easypost-api-token',
    type: 'EASYPOST_API_KEY',
    prefixes: ['EZAK', 'EZTK'],
    pattern: /EZ[AT]K[a-zA-Z0-9]{54}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    id: 'duffel-api-token',
    type: 'DUFFEL_TOKEN',
    prefixes: ['duffel_test_', 'duffel_live_'],
    pattern: /duffel_(?:test|live)_[a-zA-Z0-9_=-]{43}(?![\w=-])/y,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    id: 'flutterwave-key',
    type: 'FLUTTERWAVE_KEY',
    prefixes: ['FLWSECK_TEST-', 'FLWSECK-', 'FLWPUBK_TEST-', 'FLWPUBK-'],
    pattern:
      /(?:FLWSECK(?:_TEST)?-(?:[a-hA-H0-9]{32}-X|[a-hA-H0-9]{12})|FLWPUBK(?:_TEST)?-[a-hA-H0-9]{32}-X)(?![\w-])/y,
    minEntropy: 2,
    confidence: 0.9,
  },
  {
    id: 'shippo-api-token',
    type: 'SHIPPO_TOKEN',
    prefixes: ['shippo_live_', 'shippo_test_'],
    pattern: /shippo_(?:live|test)_[a-fA-F0-9]{40}(?![A-Za-z0-9])/y,
    minEntropy: 2,
    confidence: 0.95,
  },
  {
    id: 'facebook-page-access-token',
    type: 'FACEBOOK_TOKEN',
    prefixes: ['EAAM', 'EAAC'],
    pattern: /EAA[MC][a-zA-Z0-9]{100,}(?![A-Za-z0-9])/y,
    minEntropy: 4,
    confidence: 0.9,
  },
  {
    id: 'notion-api-token',
    type: 'NOTION_TOKEN',
    prefixes: ['ntn_', 'secret_'],
    pattern: /(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9])/y,
    minEntropy: 4,
    confidence: 0.9,
  },
  {
    id: 'typeform-api-token',
    type: 'TYPEFORM_TOKEN',
    prefixes: ['tfp_'],
    pattern: /tfp_[a-zA-Z0-9_.=-]{59}(?![\w.=-])/y,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    id: 'airtable-personal-access-token',
    type: 'AIRTABLE_TOKEN',
    prefixes: ['pat'],
    pattern: /pat[a-zA-Z0-9]{14}\.[a-f0-9]{64}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.9,
  },
  {
    id: 'frameio-api-token',
    type: 'FRAMEIO_TOKEN',
    prefixes: ['fio-u-'],
    pattern: /fio-u-[a-zA-Z0-9_=-]{64}(?![\w=-])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    id: 'adobe-client-secret',
    type: 'ADOBE_CLIENT_SECRET',
    prefixes: ['p8e-'],
    pattern: /p8e-[a-zA-Z0-9]{32}(?![A-Za-z0-9])/y,
    minEntropy: 2,
    confidence: 0.9,
  },
  {
    id: 'adafruit-io-key',
    type: 'ADAFRUIT_IO_KEY',
    prefixes: ['aio_'],
    pattern: /aio_[A-Za-z0-9]{28}(?![\w-])/y,
    minEntropy: 4,
    check: (secret) => hasMixedCharacters(secret.slice(4)),
    confidence: 0.9,
  },
  {
    // Teamwork (Projects, Desk, CRM, Spaces) API tokens: `tkn.v1_` and base64.
    id: 'teamwork-api-token',
    type: 'TEAMWORK_TOKEN',
    prefixes: ['tkn.v1_'],
    pattern: /tkn\.v1_[A-Za-z0-9+/]{40,200}={0,2}(?![\w+/=-])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    // Shutterstock OAuth access tokens: `v2/` and exactly 388 base62 characters. A base64 blob
    // that long would almost surely contain `+` or `/`, and paths (`/api/v2/users`) are short
    // words, so the shape alone is distinctive; the provider is inferred from the shape, hence
    // the generic type.
    id: 'shutterstock-oauth-token',
    type: 'GENERIC_SECRET',
    prefixes: ['v2/'],
    pattern: /v2\/[A-Za-z0-9]{388}(?![A-Za-z0-9+/=])/y,
    minEntropy: 5,
    check: (secret) => hasMixedCharacters(secret.slice(3)),
    confidence: 0.8,
  },
];
