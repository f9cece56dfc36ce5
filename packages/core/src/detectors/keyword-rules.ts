import type { SecretType } from './secret-types.ts';

/**
 * A provider secret recognized by the key it is assigned to (`cloudflare_api_key = "…"`) and the
 * value's format, for providers whose keys have no distinctive prefix. Patterns follow gitleaks'
 * "semi-generic" rules (MIT).
 *
 * @example
 * const rule: KeywordRule = { keywords: ['okta'], value: /^00[\w=-]{40}$/, type: 'OKTA_TOKEN', minEntropy: 4 };
 */
export interface KeywordRule {
  /** Lower-case words, or word sequences joined by one `_`, one of which must start a word of the key. */
  readonly keywords: readonly string[];
  /** The whole value must match (anchored; add the `i` flag where case does not matter). */
  readonly value: RegExp;
  readonly type: SecretType;
  /** Minimum Shannon entropy of the value; 2 when unset. */
  readonly minEntropy?: number;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Keyword-anchored provider rules. Providers without a dedicated type report `GENERIC_SECRET`:
 * these rules exist to catch values the generic rule would reject (all digits, short ids).
 *
 * @example
 * KEYWORD_RULES.find((r) => r.keywords.includes('cloudflare'))?.type; // 'CLOUDFLARE_API_KEY'
 */
export const KEYWORD_RULES: readonly KeywordRule[] = [
  { keywords: ['aws'], value: /^[A-Za-z0-9/+]{40}$/, type: 'AWS_SECRET_ACCESS_KEY', minEntropy: 4 },
  {
    keywords: ['accountkey'],
    value: /^[A-Za-z0-9+/]{86}==$/,
    type: 'AZURE_STORAGE_ACCOUNT_KEY',
    minEntropy: 4,
  },
  {
    keywords: ['sharedaccesskey'],
    value: /^[A-Za-z0-9+/]{43}=$/,
    type: 'AZURE_SHARED_ACCESS_KEY',
    minEntropy: 4,
  },
  {
    keywords: ['cloudflare'],
    value: /^(?:[a-z0-9_-]{40}|[a-f0-9]{37})$/i,
    type: 'CLOUDFLARE_API_KEY',
    minEntropy: 2,
  },
  { keywords: ['heroku'], value: new RegExp(`^${UUID}$`, 'i'), type: 'HEROKU_API_KEY' },
  // Kubernetes bootstrap tokens: a 6-character id, a dot, a 16-character secret.
  { keywords: ['bootstrap'], value: /^[a-z0-9]{6}\.[a-z0-9]{16}$/, type: 'KUBERNETES_SECRET', minEntropy: 3 },
  { keywords: ['okta'], value: /^00[\w=-]{40}$/, type: 'OKTA_TOKEN', minEntropy: 4 },
  {
    keywords: ['sumo'],
    value: /^(?:su[a-zA-Z0-9]{12}|[a-zA-Z0-9]{64})$/,
    type: 'SUMOLOGIC_KEY',
    minEntropy: 3,
  },
  { keywords: ['sourcegraph'], value: /^[a-f0-9]{40}$/i, type: 'SOURCEGRAPH_TOKEN', minEntropy: 3 },
  {
    keywords: ['datadog', 'dd_api', 'dd_app'],
    value: /^(?:[a-z0-9]{40}|[a-f0-9]{32})$/i,
    type: 'DATADOG_API_KEY',
    minEntropy: 3,
  },
  { keywords: ['facebook'], value: /^[a-f0-9]{32}$/i, type: 'FACEBOOK_TOKEN', minEntropy: 3 },
  {
    keywords: ['mailgun'],
    value: /^(?:key-[a-f0-9]{32}|pubkey-[a-f0-9]{32}|[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8})$/i,
    type: 'MAILGUN_API_KEY',
  },
  { keywords: ['mailchimp'], value: /^[a-f0-9]{32}-us\d{1,2}$/i, type: 'MAILCHIMP_API_KEY' },
  {
    keywords: ['atlassian', 'confluence', 'jira'],
    value: /^[a-z0-9]{20}[a-f0-9]{4}$/i,
    type: 'ATLASSIAN_API_TOKEN',
    minEntropy: 3.5,
  },
  { keywords: ['cohere', 'co_api_key'], value: /^[a-zA-Z0-9]{40}$/, type: 'COHERE_API_KEY', minEntropy: 4 },
  {
    keywords: ['twitter'],
    value: /^(?:[a-z0-9]{25}|[a-z0-9]{45}|[a-z0-9]{50}|\d{15,25}-[a-z0-9]{20,40})$/i,
    type: 'TWITTER_TOKEN',
  },
  { keywords: ['telegr'], value: /^\d{5,16}:A[\w-]{34}$/, type: 'TELEGRAM_BOT_TOKEN' },
  { keywords: ['discord'], value: /^(?:[a-f0-9]{64}|\d{18}|[a-z0-9=_-]{32})$/i, type: 'DISCORD_TOKEN' },
  { keywords: ['meraki'], value: /^[0-9a-f]{40}$/i, type: 'GENERIC_SECRET', minEntropy: 3 },
  { keywords: ['asana'], value: /^(?:\d{16}|[a-z0-9]{32})$/i, type: 'GENERIC_SECRET' },
  { keywords: ['adafruit'], value: /^[a-z0-9_-]{32}$/i, type: 'GENERIC_SECRET' },
  {
    keywords: ['adobe', 'algolia', 'bittrex', 'codecov', 'droneci', 'flickr', 'linear', 'finicity'],
    value: /^[a-z0-9]{32}$/i,
    type: 'GENERIC_SECRET',
  },
  { keywords: ['airtable'], value: /^[a-z0-9]{17}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['alibaba'], value: /^[a-z0-9]{30}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['beamer'], value: /^b_[a-z0-9=_-]{44}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['bitbucket'], value: /^(?:[a-z0-9]{32}|[a-z0-9=_-]{64})$/i, type: 'GENERIC_SECRET' },
  {
    keywords: ['coinbase', 'freshbooks', 'confluent'],
    value: /^(?:[a-z0-9_-]{64}|[a-z0-9]{16})$/i,
    type: 'GENERIC_SECRET',
  },
  { keywords: ['contentful'], value: /^[a-z0-9=_-]{43}$/i, type: 'GENERIC_SECRET' },
  {
    keywords: ['dropbox'],
    value: /^(?:[a-z0-9]{15}|sl\.[a-z0-9=_-]{135}|[a-z0-9]{11}AAAAAAAAAA[a-z0-9=_-]{43})$/i,
    type: 'GENERIC_SECRET',
  },
  {
    keywords: ['etsy', 'looker', 'plaid'],
    value: /^(?:[a-z0-9]{24}|[a-z0-9]{20}|[a-z0-9]{30})$/i,
    type: 'GENERIC_SECRET',
    minEntropy: 3,
  },
  { keywords: ['fastly', 'nytimes', 'newyorktimes'], value: /^[a-z0-9=_-]{32}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['finnhub', 'finicity'], value: /^[a-z0-9]{20}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['gitter', 'launchdarkly', 'zendesk'], value: /^[a-z0-9_=-]{40}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['gocardless'], value: /^live_[a-z0-9_=-]{40}$/i, type: 'GENERIC_SECRET' },
  {
    keywords: ['hubspot', 'kucoin', 'messagebird', 'message_bird', 'sendbird', 'snyk', 'squarespace'],
    value: new RegExp(`^${UUID}$`, 'i'),
    type: 'GENERIC_SECRET',
  },
  { keywords: ['intercom'], value: /^[a-z0-9=_-]{60}$/i, type: 'GENERIC_SECRET' },
  {
    keywords: ['jfrog', 'artifactory', 'bintray', 'xray'],
    value: /^(?:[a-z0-9]{73}|[a-z0-9]{64})$/i,
    type: 'ARTIFACTORY_TOKEN',
  },
  { keywords: ['kraken'], value: /^[a-z0-9/=_+-]{80,90}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['kucoin'], value: /^[a-f0-9]{24}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['linkedin', 'linked_in'], value: /^(?:[a-z0-9]{14}|[a-z0-9]{16})$/i, type: 'GENERIC_SECRET' },
  { keywords: ['lob'], value: /^(?:live|test)_(?:pub_[a-f0-9]{31}|[a-f0-9]{35})$/i, type: 'GENERIC_SECRET' },
  { keywords: ['mapbox'], value: /^[ps]k\.[a-z0-9]{60}\.[a-z0-9]{22}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['mattermost'], value: /^[a-z0-9]{26}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['messagebird', 'message_bird'], value: /^[a-z0-9]{25}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['netlify'], value: /^[a-z0-9=_-]{40,46}$/i, type: 'GENERIC_SECRET' },
  {
    keywords: ['newrelic', 'new_relic'],
    value: /^(?:[a-z0-9]{64}|NRAK-[a-z0-9]{27})$/i,
    type: 'NEW_RELIC_KEY',
  },
  {
    keywords: ['plaid'],
    value: new RegExp(`^access-(?:sandbox|development|production)-${UUID}$`, 'i'),
    type: 'GENERIC_SECRET',
  },
  { keywords: ['privateai', 'private_ai'], value: /^[a-z0-9]{32}$/i, type: 'GENERIC_SECRET', minEntropy: 3 },
  { keywords: ['rapidapi'], value: /^[a-z0-9_-]{50}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['sendbird'], value: /^[a-f0-9]{40}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['sentry'], value: /^[a-f0-9]{64}$/i, type: 'SENTRY_TOKEN', minEntropy: 3 },
  {
    keywords: ['bundle_enterprise_contribsys_com', 'bundle_gems_contribsys_com'],
    value: /^[a-f0-9]{8}:[a-f0-9]{8}$/i,
    type: 'GENERIC_SECRET',
  },
  { keywords: ['sonar'], value: /^(?:squ_|sqp_|sqa_)?[a-z0-9=_-]{40}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['travis'], value: /^[a-z0-9]{22}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['trello'], value: /^[a-z0-9]{32}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['twitch'], value: /^[a-z0-9]{30}$/i, type: 'GENERIC_SECRET' },
  { keywords: ['typeform'], value: /^tfp_[a-z0-9_.=-]{59}$/i, type: 'GENERIC_SECRET' },
  {
    keywords: ['yandex'],
    value: /^(?:t1\.[\w-]+={0,2}\.[\w-]{86}={0,2}|AQVN[\w-]{35,38}|YC[\w-]{38})$/,
    type: 'GENERIC_SECRET',
  },
];
