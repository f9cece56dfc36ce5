import { z } from 'zod';
import { ArgPathSchema, GuardOptionsShape, ToolGlobsSchema } from './common-schema.ts';

/** Path traversal protection: paths in arguments must stay inside the roots. */
export const FilesystemGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.optional().describe('Tools to check (default: every tool).'),
    pathArgs: z
      .union([z.literal('auto'), z.array(ArgPathSchema).min(1)])
      .default('auto')
      .describe(
        '"auto": path-named arguments, keys of path-named objects and strings that look like paths as written or once decoded; or the argument paths holding paths (the items of a list and keys of an object there are paths, strings below their own keys are read as in auto; a number or boolean is denied).',
      ),
    roots: z
      .array(z.string().min(1))
      .min(1)
      .default(['.'])
      .describe(
        'Directories paths must stay inside (relative to the working directory). Relative paths resolve against the first.',
      ),
    denyPatterns: z
      .array(z.string().min(1))
      .default([
        '**/.env',
        '**/.env.*',
        '**/.ssh/**',
        '**/.aws/**',
        '**/.git/config',
        '**/*.pem',
        '**/id_rsa*',
        '**/.netrc',
        '**/.npmrc',
      ])
      .describe('Globs (relative to the root) that may never be touched.'),
    followSymlinks: z
      .boolean()
      .default(true)
      .describe('Resolve symlinks so a link pointing out of a root is caught.'),
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'Path traversal protection: paths stay inside the roots after repeated percent-decoding, overlong UTF-8, %u escapes, both separators, NUL truncation, drive letters, UNC, surrounding white space, file: URLs and symlinks (followed for every decoded reading). Arguments nested too deeply to read are denied.',
    examples: [
      {
        pathArgs: 'auto',
        roots: ['./workspace'],
        denyPatterns: ['**/.env', '**/.ssh/**'],
        followSymlinks: true,
      },
    ],
  });

export type FilesystemGuardConfig = z.infer<typeof FilesystemGuardSchema>;
