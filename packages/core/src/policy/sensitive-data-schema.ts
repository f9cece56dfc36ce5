import { z } from 'zod';
import { PII_TYPES } from '../detectors/detect-pii.ts';
import { GuardOptionsShape, ToolGlobsSchema } from './common-schema.ts';

/** A custom pattern reported as its own finding type. */
export const CustomPatternSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/, 'expected an UPPER_SNAKE name such as "EMPLOYEE_ID"')
      .describe('Finding type, shown as [REDACTED:NAME].'),
    regex: z.string().min(1).describe('JavaScript regular expression (no flags needed; matching is global).'),
    caseInsensitive: z.boolean().default(false).describe('Match regardless of letter case.'),
  })
  .superRefine((pattern, ctx) => {
    try {
      const re = new RegExp(pattern.regex, 'gu');
      if (re.test(''))
        ctx.addIssue({ code: 'custom', path: ['regex'], message: 'the pattern matches the empty string' });
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['regex'],
        message: `invalid regular expression: ${(error as Error).message}`,
      });
    }
  });

/** What to scan for in arguments, and what to do with what is found. */
export const ScanOptionsShape = {
  secrets: z
    .union([z.boolean(), z.array(z.string().min(1))])
    .default(true)
    .describe('Scan for credentials: true for every type, or a list of types (e.g. ["AWS_ACCESS_KEY_ID"]).'),
  pii: z
    .union([z.boolean(), z.array(z.enum(PII_TYPES))])
    .default(true)
    .describe(
      'Scan for personal data: true for every type, or a list of types. A key can label the number in its value: under "phone" or "ssn", digits in any national grouping are read as one.',
    ),
  sensitiveFields: z
    .array(z.string().min(1))
    .default([
      'password',
      'passwd',
      'secret',
      'token',
      'apikey',
      'privatekey',
      'authorization',
      'credentials',
      'cookie',
    ])
    .describe(
      'Argument keys whose whole value is sensitive (case, "-" and "_" ignored; "github_token" ends with "token").',
    ),
  patterns: z.array(CustomPatternSchema).default([]).describe('Custom patterns.'),
  scanKeys: z.boolean().default(true).describe('Scan object keys as well as values.'),
};

/** The sensitive-data guard: secrets and PII anywhere in the arguments. */
export const SensitiveDataGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.optional().describe('Tools to scan (default: every tool).'),
    ...ScanOptionsShape,
    action: z
      .enum(['deny', 'ask', 'redact'])
      .default('redact')
      .describe('deny or ask when something is found, or redact: rewrite each finding to [REDACTED:TYPE].'),
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Secrets and PII anywhere in the arguments (nested values and keys). `redact` rewrites each finding to [REDACTED:TYPE]; `redact(value, options)` does the same to tool outputs.',
    examples: [
      {
        secrets: true,
        pii: ['CREDIT_CARD', 'US_SSN', 'EMAIL_ADDRESS', 'PHONE_NUMBER', 'IBAN_CODE'],
        sensitiveFields: ['password', 'token', 'apikey'],
        patterns: [{ name: 'EMPLOYEE_ID', regex: 'EMP-\\d{6}' }],
        action: 'redact',
      },
    ],
  });

export type SensitiveDataGuardConfig = z.infer<typeof SensitiveDataGuardSchema>;
export type ScanOptions = z.input<z.ZodObject<typeof ScanOptionsShape>>;
