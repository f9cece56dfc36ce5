const marker = Symbol.for('portcullis.error');

/** Options shared by every Portcullis error. */
export interface PortcullisErrorOptions {
  /** Machine-readable code, e.g. `policy_invalid`. */
  code: string;
  /** Human message. */
  message: string;
  /** The underlying error. */
  cause?: unknown;
  /** Structured details for programs. */
  data?: Record<string, unknown>;
}

/**
 * Base of every error Portcullis throws. `isInstance` works across copies of the package
 * (an adapter may bundle its own core), where `instanceof` would not.
 *
 * @example
 * try { parsePolicy(raw) } catch (e) { if (PortcullisError.isInstance(e)) console.error(e.code) }
 */
export class PortcullisError extends Error {
  /** The brand `isInstance` looks for: `Symbol.for('portcullis.error')`, the same in every copy. */
  readonly [marker] = true;
  /** Machine-readable code, e.g. `policy_invalid`. */
  readonly code: string;
  /** Structured details for programs, when the error has any. */
  readonly data: Record<string, unknown> | undefined;

  constructor({ code, message, cause, data }: PortcullisErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PortcullisError';
    this.code = code;
    this.data = data;
  }

  /** True for any Portcullis error, from any copy of the package. */
  static isInstance(error: unknown): error is PortcullisError {
    return typeof error === 'object' && error !== null && (error as { [marker]?: unknown })[marker] === true;
  }

  /** Wraps an unknown thrown value at a boundary; Portcullis errors pass through unchanged. */
  static from(error: unknown, code = 'internal_error'): PortcullisError {
    if (PortcullisError.isInstance(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new PortcullisError({ code, message, cause: error });
  }
}
