// The PII and secret detectors compared on the shared corpora, each behind one small adapter that
// returns what the system itself reports. Everything here is deterministic and offline: the
// guardrails checks used are its regex/entropy ones, never the LLM-based ones.
import { PIIEntity, pii, secretKeysCheck } from '@openai/guardrails';
import { detectPii, detectSecrets, PII_TYPES, type PiiType } from '@portcullis/core';
import { detectCreditCard, detectEmail, detectIP } from 'langchain';

/** One piece of personal data as a system reports it: the type and the matched text. */
export interface Found {
  type: PiiType;
  value: string;
}

/** A PII detector under comparison. */
export interface PiiSystem {
  /** Row label. */
  name: string;
  /** The corpus types it can report at all. */
  types: readonly PiiType[];
  /** Every finding in `text`. */
  find(text: string): Found[] | Promise<Found[]>;
}

/** A secret detector under comparison: does it flag `text`? */
export interface SecretSystem {
  /** Row label. */
  name: string;
  /** Whether it reports a secret anywhere in `text`. */
  flags(text: string): boolean | Promise<boolean>;
}

const portcullisPii: PiiSystem = {
  name: 'Portcullis detectPii',
  types: PII_TYPES,
  find: (text) =>
    detectPii(text).map((f) => ({ type: f.type as PiiType, value: text.slice(f.start, f.end) })),
};

// Only the corpus's seven types, so the other 30-odd it knows (DATE_TIME, URL, ...) cannot count
// against it. `block: true` reports without masking; encoded-PII decoding is off (no corpus row is
// encoded).
const guardrailsPiiConfig = {
  entities: PII_TYPES.map((type) => PIIEntity[type]),
  block: true,
  detect_encoded_pii: false,
};

const guardrailsPii: PiiSystem = {
  name: '@openai/guardrails pii',
  types: PII_TYPES,
  async find(text) {
    const result = await pii({}, text, guardrailsPiiConfig);
    const detected = (result.info['detected_entities'] ?? {}) as Record<string, string[]>;
    return Object.entries(detected).flatMap(([type, values]) =>
      values.map((value) => ({ type: type as PiiType, value })),
    );
  },
};

// piiMiddleware's built-in detectors that name a corpus type; mac_address and url have none.
const langchainDetectors = [
  ['EMAIL_ADDRESS', detectEmail],
  ['CREDIT_CARD', detectCreditCard],
  ['IP_ADDRESS', detectIP],
] as const;

const langchainPii: PiiSystem = {
  name: 'LangChain piiMiddleware detectors',
  types: langchainDetectors.map(([type]) => type),
  find: (text) =>
    langchainDetectors.flatMap(([type, detect]) => detect(text).map((m) => ({ type, value: m.text }))),
};

/** The PII systems, Portcullis first. */
export const piiSystems: PiiSystem[] = [portcullisPii, guardrailsPii, langchainPii];

const guardrailsSecrets = (threshold: 'strict' | 'balanced' | 'permissive'): SecretSystem => ({
  name: `@openai/guardrails secret keys (${threshold}${threshold === 'balanced' ? ', default' : ''})`,
  async flags(text) {
    return (await secretKeysCheck({}, text, { threshold })).tripwireTriggered;
  },
});

/** The secret systems, Portcullis first. LangChain ships no secret detector to compare. */
export const secretSystems: SecretSystem[] = [
  { name: 'Portcullis detectSecrets', flags: (text) => detectSecrets(text).length > 0 },
  guardrailsSecrets('balanced'),
  guardrailsSecrets('strict'),
  guardrailsSecrets('permissive'),
];
