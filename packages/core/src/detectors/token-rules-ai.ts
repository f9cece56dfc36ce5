import type { TokenRule } from './token-rule.ts';

/**
 * API key formats of LLM and agent-tooling providers: OpenAI, Anthropic, Groq, xAI, Perplexity,
 * Hugging Face, Replicate, OpenRouter, LangSmith and Tavily — the keys an agent is most likely to
 * hold in its own environment.
 *
 * @example
 * AI_TOKEN_RULES.find((r) => r.type === 'ANTHROPIC_API_KEY')?.prefixes; // ['sk-ant-']
 */
export const AI_TOKEN_RULES: readonly TokenRule[] = [
  {
    // Every OpenAI secret key carries "T3BlbkFJ", base64 of "OpenAI", between two random halves.
    id: 'openai-api-key',
    type: 'OPENAI_API_KEY',
    infix: 'T3BlbkFJ',
    pattern:
      /(?<![\w-])sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}(?![\w-])/g,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    // `sk-ant-<kind><version>-`: `api03` and `admin01` today; any kind and a two- to four-digit
    // version (`api668`) so a new key generation is still found.
    id: 'anthropic-api-key',
    type: 'ANTHROPIC_API_KEY',
    prefixes: ['sk-ant-'],
    pattern: /sk-ant-[a-z]{3,6}\d{2,4}-[\w-]{80,120}(?![\w-])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'openrouter-api-key',
    type: 'OPENROUTER_API_KEY',
    prefixes: ['sk-or-v1-'],
    pattern: /sk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    id: 'groq-api-key',
    type: 'GROQ_API_KEY',
    prefixes: ['gsk_'],
    pattern: /gsk_[a-zA-Z0-9]{52}(?![A-Za-z0-9])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'xai-api-key',
    type: 'XAI_API_KEY',
    prefixes: ['xai-'],
    pattern: /xai-[a-zA-Z0-9]{80}(?![A-Za-z0-9])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'perplexity-api-key',
    type: 'PERPLEXITY_API_KEY',
    prefixes: ['pplx-'],
    pattern: /pplx-[a-zA-Z0-9]{48}(?![A-Za-z0-9])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'huggingface-access-token',
    type: 'HUGGINGFACE_TOKEN',
    prefixes: ['hf_', 'api_org_'],
    pattern: /(?:hf|api_org)_[a-zA-Z]{34}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    check: (secret) => /[a-z]/.test(secret) && /[A-Z]/.test(secret.slice(3)),
    confidence: 0.9,
  },
  {
    id: 'replicate-api-token',
    type: 'REPLICATE_API_TOKEN',
    prefixes: ['r8_'],
    pattern: /r8_[a-zA-Z0-9]{37}(?![A-Za-z0-9])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
  {
    id: 'langsmith-api-key',
    type: 'LANGSMITH_API_KEY',
    prefixes: ['lsv2_pt_', 'lsv2_sk_'],
    pattern: /lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![A-Za-z0-9])/y,
    minEntropy: 3,
    confidence: 0.95,
  },
  {
    id: 'tavily-api-key',
    type: 'TAVILY_API_KEY',
    prefixes: ['tvly-'],
    pattern: /tvly-(?:dev-|prod-)?[a-zA-Z0-9]{32}(?![A-Za-z0-9])/y,
    minEntropy: 4,
    confidence: 0.95,
  },
];
