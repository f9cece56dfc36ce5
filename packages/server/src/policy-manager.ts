import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import {
  canonicalHash,
  type InProcessEngine,
  type Policy,
  parsePolicy,
  type StateStore,
} from '@portcullis/core';

/** Where a policy version came from. */
export type PolicySource = 'initial' | 'file' | 'api' | 'rollback';

/** One policy the server has run, named by the hash of its validated content. */
export interface PolicyVersionRecord {
  /** The content hash of the validated policy. */
  version: string;
  /** The policy's `name`, when it has one. */
  name?: string;
  /** Where it came from. */
  source: PolicySource;
  /** When the server first ran it, ISO 8601. */
  createdAt: string;
  /** The document as it was given (YAML or JSON), for rollback. */
  text: string;
}

/** The policy in force and the engine built from it. */
export interface ActivePolicy {
  version: string;
  policy: Policy;
  engine: InProcessEngine;
  source: PolicySource;
  activatedAt: string;
}

const VERSIONS_KEY = 'server:policy:versions';
const MAX_VERSIONS = 50;

/**
 * The content hash that names a policy version: equal documents (after defaults) share it.
 *
 * @example
 * policyVersionOf(parsePolicy(yamlText)) === server.policyVersion
 */
export function policyVersionOf(policy: Policy): string {
  return canonicalHash(policy).slice(0, 12);
}

/**
 * Holds the policy in force and swaps it atomically: a new document is validated and its engine
 * built before anything changes, so a bad policy is refused with its errors and the old one stays.
 * Calls in flight finish (and settle) on the engine that judged them.
 */
export class PolicyManager {
  #active: ActivePolicy;
  readonly #store: StateStore;
  readonly #build: (policy: Policy, version: string) => InProcessEngine;
  readonly #onSwap: (active: ActivePolicy) => void;
  readonly #path: string | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(input: {
    active: ActivePolicy;
    store: StateStore;
    build: (policy: Policy, version: string) => InProcessEngine;
    onSwap: (active: ActivePolicy) => void;
    path: string | undefined;
  }) {
    this.#active = input.active;
    this.#store = input.store;
    this.#build = input.build;
    this.#onSwap = input.onSwap;
    this.#path = input.path;
  }

  /** Validates the first policy (throws `PolicyValidationError` when it is bad) and records it. */
  static async create(input: {
    text: string;
    path?: string | undefined;
    store: StateStore;
    build: (policy: Policy, version: string) => InProcessEngine;
    onSwap: (active: ActivePolicy) => void;
  }): Promise<PolicyManager> {
    const policy = parsePolicy(input.text, input.path ? { source: input.path } : {});
    const version = policyVersionOf(policy);
    const active: ActivePolicy = {
      version,
      policy,
      engine: input.build(policy, version),
      source: 'initial',
      activatedAt: new Date().toISOString(),
    };
    const manager = new PolicyManager({ ...input, active, path: input.path });
    await manager.#remember(active, input.text);
    return manager;
  }

  get active(): ActivePolicy {
    return this.#active;
  }

  /** The file the policy was loaded from, if any. */
  get path(): string | undefined {
    return this.#path;
  }

  /** Every version this server (or a previous run on the same store) has used, newest first. */
  async versions(): Promise<PolicyVersionRecord[]> {
    return ((await this.#store.getValue<PolicyVersionRecord[]>(VERSIONS_KEY)) ?? []).slice();
  }

  /**
   * Validates `text` and makes it the policy in force. Throws `PolicyValidationError` and changes
   * nothing when it is invalid. Writes the file back when the server watches one, so the file
   * stays the truth and the watcher sees no change.
   */
  apply(text: string, source: Exclude<PolicySource, 'initial'>): Promise<ActivePolicy> {
    // One change at a time: two concurrent PUTs must not interleave their file writes.
    const next = this.#queue.then(() => this.#apply(text, source));
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Restores a recorded version; throws when it is unknown. */
  async rollback(version: string): Promise<ActivePolicy | undefined> {
    const record = (await this.versions()).find((v) => v.version === version);
    if (!record) return undefined;
    return this.apply(record.text, 'rollback');
  }

  /**
   * Polls the policy file and applies it when its content changes and has stayed the same for one
   * more interval; a bad edit is reported once, not applied. Content is compared, not stat fields:
   * two quick edits of equal size within one mtime tick would look unchanged to a stat poll.
   */
  watch(options: { intervalMs: number; onError: (error: unknown) => void }): () => void {
    const path = this.#path;
    if (!path) return () => {};
    let last: string | undefined;
    try {
      last = readFileSync(path, 'utf8');
    } catch (error) {
      options.onError(error);
    }
    let settling: string | undefined;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      readFile(path, 'utf8')
        .then((text) => {
          if (text === last) return;
          // An editor's write may be read half done (truncated, then written): act only on text
          // that reads the same on two polls in a row.
          if (text !== settling) {
            settling = text;
            return;
          }
          last = text;
          return this.apply(text, 'file');
        })
        .catch(options.onError)
        .finally(() => {
          busy = false;
        });
    }, options.intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  async #apply(text: string, source: Exclude<PolicySource, 'initial'>): Promise<ActivePolicy> {
    const policy = parsePolicy(text, this.#path ? { source: this.#path } : {});
    const version = policyVersionOf(policy);
    if (version === this.#active.version) return this.#active;
    const active: ActivePolicy = {
      version,
      policy,
      engine: this.#build(policy, version),
      source,
      activatedAt: new Date().toISOString(),
    };
    if (this.#path && source !== 'file') {
      const temporary = `${this.#path}.${process.pid}.tmp`;
      await writeFile(temporary, text, 'utf8');
      await rename(temporary, this.#path);
    }
    this.#active = active;
    await this.#remember(active, text);
    this.#onSwap(active);
    return active;
  }

  async #remember(active: ActivePolicy, text: string): Promise<void> {
    const versions = (await this.versions()).filter((v) => v.version !== active.version);
    const record: PolicyVersionRecord = {
      version: active.version,
      ...(active.policy.name === undefined ? {} : { name: active.policy.name }),
      source: active.source,
      createdAt: active.activatedAt,
      text,
    };
    await this.#store.setValue(VERSIONS_KEY, [record, ...versions].slice(0, MAX_VERSIONS));
  }
}
