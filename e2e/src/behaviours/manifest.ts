import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * A behaviour id: dot-separated segments of lowercase letters, digits and dashes, at least two.
 * A segment may be camelCase only because some name an API field (`isError`); no manifest check
 * can tell a field name from a typo, so review keeps that rule.
 */
export const BEHAVIOUR_ID =
  /^[a-z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+$/;

/** One promise Portcullis keeps, as users read it. */
export const BehaviourSchema = z.strictObject({
  /** Stable id, cited by tests as `[id]` at the end of their title. */
  id: z.string().regex(BEHAVIOUR_ID, 'expected lowercase dot-separated segments, like mcp.call.deny.isError'),
  /** The promise in user terms: one sentence. */
  promise: z
    .string()
    .trim()
    .min(1, 'the promise is empty')
    .refine((text) => !text.includes('\n'), 'the promise is one sentence on one line')
    .refine((text) => text.endsWith('.'), 'the promise is a sentence ending with a period'),
});
export type Behaviour = z.infer<typeof BehaviourSchema>;

/** The behaviours of one area (an adapter, a guard, the server…), in reading order. */
export const AreaSchema = z.strictObject({
  /** What the area is, as a heading. */
  area: z.string().trim().min(1),
  /** Its behaviours. */
  behaviours: z.array(BehaviourSchema).min(1),
});

/** The whole manifest: areas of behaviours, every id unique across it. */
export const ManifestSchema = z
  .strictObject({ areas: z.array(AreaSchema).min(1) })
  .superRefine((manifest, ctx) => {
    const seen = new Set<string>();
    manifest.areas.forEach((area, a) => {
      area.behaviours.forEach((behaviour, b) => {
        if (seen.has(behaviour.id)) {
          ctx.addIssue({
            code: 'custom',
            path: ['areas', a, 'behaviours', b, 'id'],
            message: `duplicate id ${behaviour.id}`,
          });
        }
        seen.add(behaviour.id);
      });
    });
  });
export type Manifest = z.infer<typeof ManifestSchema>;

/**
 * Parses and validates manifest YAML; throws one error naming every problem by its path.
 *
 * @example
 * const manifest = parseManifest(readFileSync('behaviours.yaml', 'utf8'));
 */
export function parseManifest(text: string, source = 'behaviours.yaml'): Manifest {
  const result = ManifestSchema.safeParse(parse(text));
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid behaviour manifest (${source}):\n${problems.join('\n')}`);
}

/** Reads and validates the manifest file at `path`. */
export function loadManifest(path: string): Manifest {
  return parseManifest(readFileSync(path, 'utf8'), path);
}

/** Every behaviour of the manifest, in order. */
export function behavioursOf(manifest: Manifest): Behaviour[] {
  return manifest.areas.flatMap((area) => area.behaviours);
}
