import type { Decision } from '../decision.ts';
import { findSensitive, type RedactionFinding, redactIfFound } from '../detectors/redact.ts';
import { createScanner } from '../detectors/scanner.ts';
import type { Guard } from '../guard.ts';
import type { SensitiveDataGuardConfig } from '../policy/sensitive-data-schema.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/**
 * The sensitive-data guard: scans every string of the arguments (keys too), and every integer of
 * 7 digits or more, for secrets, PII, custom patterns and sensitive field names. `redact` rewrites each finding to `[REDACTED:TYPE]`
 * (a modify decision); `deny` and `ask` stop the call. Reasons name types and paths, never values
 * (a key that holds a finding is shown redacted). Values that are not plain data are read as the
 * tool would read them, and what cannot be read is `UNSCANNED` (see `redact`).
 *
 * @example
 * sensitiveDataGuard({ secrets: true, pii: ['CREDIT_CARD', 'US_SSN'], action: 'redact', ... })
 */
export function sensitiveDataGuard(config: SensitiveDataGuardConfig): Guard {
  const tools = config.tools ? compileToolMatcher(config.tools) : undefined;
  const { secrets, pii, sensitiveFields, patterns, scanKeys } = config;
  const scanner = createScanner({ secrets, pii, sensitiveFields, patterns, scanKeys });
  const guard: Guard = {
    name: 'sensitiveData',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    evaluate(ctx): Decision {
      if (config.action === 'redact') {
        const { value, findings } = redactIfFound(ctx.args, scanner);
        if (findings.length === 0) return clean;
        // The arguments as a whole could not be read (past the work bound, or a throwing
        // getter at the top): nothing is left to pass on, so the call stops.
        if (typeof value !== 'object' || value === null)
          return {
            effect: 'deny',
            guard: 'sensitiveData',
            code: 'sensitive_data',
            reason: `Sensitive data in the arguments: ${describe(findings)}`,
          };
        return {
          effect: 'modify',
          guard: 'sensitiveData',
          reason: `Redacted ${describe(findings)}`,
          args: value,
        };
      }
      const findings = findSensitive(ctx.args, scanner, config.scanKeys);
      if (findings.length === 0) return clean;
      const reason = `Sensitive data in the arguments: ${describe(findings)}`;
      return config.action === 'ask'
        ? { effect: 'ask', guard: 'sensitiveData', reason }
        : { effect: 'deny', guard: 'sensitiveData', code: 'sensitive_data', reason };
    },
  };
  if (tools) guard.appliesTo = (ctx) => tools(ctx.tool) !== undefined;
  return guard;
}

const clean: Decision = Object.freeze({
  effect: 'allow',
  guard: 'sensitiveData',
  reason: 'No sensitive data found',
});

function describe(findings: readonly RedactionFinding[]): string {
  const shown = findings.slice(0, 5).map((f) => `${f.type} at ${f.path || '(root)'}`);
  return findings.length > 5 ? `${shown.join(', ')} and ${findings.length - 5} more` : shown.join(', ');
}
