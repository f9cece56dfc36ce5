import { z } from 'zod';
import { GuardOptionsShape, ToolGlobsSchema } from './common-schema.ts';

const HintEffect = z.enum(['allow', 'ask', 'deny']);

/** Decisions from tool annotations (MCP `annotations`, framework metadata). */
export const HintsGuardSchema = z
  .strictObject({
    destructive: HintEffect.default('ask').describe('For tools annotated destructive.'),
    openWorld: HintEffect.default('allow').describe(
      'For tools annotated as reaching an open world (web, email).',
    ),
    notReadOnly: HintEffect.default('allow').describe('For tools annotated readOnly: false.'),
    allow: ToolGlobsSchema.optional().describe('Tools exempt from this guard (case as written).'),
    ...GuardOptionsShape,
  })
  .meta({
    description: 'Decisions from tool annotations (MCP `annotations`, framework metadata).',
    examples: [{ destructive: 'ask', openWorld: 'allow', notReadOnly: 'allow', allow: ['trusted_*'] }],
  });

export type HintsGuardConfig = z.infer<typeof HintsGuardSchema>;
