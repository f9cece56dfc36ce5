import { z } from 'zod';
import { DenyOrAskSchema, FailModeSchema, ToolGlobsSchema } from './common-schema.ts';

/** A model checks that a call matches what the user asked for (the "logic drift" check). */
export const LlmJudgeGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.optional().describe('Tools to judge (default: every tool).'),
    baseURL: z.url().default('https://api.openai.com/v1').describe('OpenAI-compatible API base URL.'),
    model: z.string().min(1).default('gpt-4o-mini').describe('Model name sent to the API.'),
    apiKeyEnv: z
      .string()
      .min(1)
      .default('OPENAI_API_KEY')
      .describe('Environment variable holding the API key.'),
    onMismatch: DenyOrAskSchema.default('ask').describe(
      'What a call the model finds misaligned with the intent gets.',
    ),
    maxArgsChars: z
      .number()
      .int()
      .positive()
      .default(4000)
      .describe('Arguments are cut to this many characters in the prompt.'),
    cacheTtlSeconds: z
      .number()
      .nonnegative()
      .default(300)
      .describe('How long an answer is reused for the same (tool, args, intent).'),
    cacheSize: z
      .number()
      .int()
      .nonnegative()
      .default(1000)
      .describe('Most answers kept in the cache (0 turns it off).'),
    deadlineMs: z
      .number()
      .int()
      .positive()
      .max(600_000)
      .default(5000)
      .describe('The model must answer within this time.'),
    failMode: FailModeSchema.optional(),
  })
  .meta({
    description:
      'A model checks that a call matches what the user asked for (`ctx.intent`). It can only add an ask or a deny, never allow what another guard denies; secrets are redacted from what it is sent.',
    examples: [
      {
        baseURL: 'https://api.openai.com/v1',
        model: 'gpt-4o-mini',
        apiKeyEnv: 'OPENAI_API_KEY',
        onMismatch: 'ask',
        deadlineMs: 5000,
      },
    ],
  });

export type LlmJudgeGuardConfig = z.infer<typeof LlmJudgeGuardSchema>;
