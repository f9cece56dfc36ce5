import pc from 'picocolors';

/** Where the CLI writes, and whether it may colour: tests capture both streams. */
export interface CliIo {
  /** Writes normal output (default: stdout). */
  out: (text: string) => void;
  /** Writes errors and diagnostics (default: stderr). */
  err: (text: string) => void;
  /** Colour output (default: when stdout is a terminal and NO_COLOR is unset). */
  color: boolean;
}

export const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  color: pc.isColorSupported && process.stdout.isTTY === true,
};

/** The colour functions for an io: identity functions when colour is off. */
export function paint(io: CliIo) {
  return pc.createColors(io.color);
}

/** Colours an effect or outcome the same way everywhere. */
export function effectColor(io: CliIo, word: string): string {
  const c = paint(io);
  switch (word) {
    case 'allow':
    case 'executed':
      return c.green(word);
    case 'deny':
    case 'blocked':
    case 'rejected':
    case 'failed':
      return c.red(word);
    case 'ask':
    case 'expired':
      return c.yellow(word);
    default:
      return c.cyan(word);
  }
}

/**
 * A failure the CLI reports as one line and an exit code, without a stack.
 *
 * @example
 * throw new CliError('--args is not valid JSON', 2);
 */
export class CliError extends Error {
  /** The process exit code: 1 a failed check (default), 2 bad usage. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}
