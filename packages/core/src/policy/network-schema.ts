import { z } from 'zod';
import { ArgPathSchema, GuardOptionsShape, ToolGlobsSchema } from './common-schema.ts';

/** SSRF protection: where URLs in arguments may point. */
export const NetworkGuardSchema = z
  .strictObject({
    tools: ToolGlobsSchema.optional().describe('Tools to check (default: every tool).'),
    urlArgs: z
      .union([z.literal('auto'), z.array(ArgPathSchema).min(1)])
      .default('auto')
      .describe(
        '"auto": every string or object key that is or contains a URL (also JSON-escaped, HTML-encoded or percent-encoded), and schemeless host:port strings (localhost:3000/admin); or the argument paths holding URLs, whose strings, arrays and objects are read (any other value is denied). A URL inside another (?next=http://…) is blocked when its host is internal or in denyDomains. Arguments nested deeper than 64 levels are denied.',
      ),
    allowSchemes: z
      .array(z.string().regex(/^[a-z][a-z0-9+.-]*$/, 'expected a lower-case scheme such as "https"'))
      .default(['http', 'https'])
      .describe('URL schemes allowed; any other scheme (file:, gopher:, ftp:…) is denied.'),
    denyPrivate: z
      .boolean()
      .default(true)
      .describe(
        'Block private (RFC 1918, CGNAT, unique-local) addresses and host names outside the public DNS (single-label names, .internal, .local, .home.arpa, .lan…). Loopback, link-local and metadata are always blocked.',
      ),
    allowDomains: ToolGlobsSchema.optional().describe('Only these hosts (globs such as "*.example.com").'),
    denyDomains: ToolGlobsSchema.optional().describe('Never these hosts.'),
    resolveDns: z
      .boolean()
      .default(false)
      .describe(
        'Resolve host names (every A and AAAA) under the deadline and block internal answers; a DNS failure denies.',
      ),
    ...GuardOptionsShape,
  })
  .meta({
    description:
      'SSRF protection: URLs in arguments may not reach loopback, private, link-local, CGNAT, multicast or cloud metadata addresses, in any spelling (decimal, octal, IPv4-mapped IPv6, trailing dots, userinfo).',
    examples: [
      {
        urlArgs: 'auto',
        allowSchemes: ['http', 'https'],
        denyPrivate: true,
        allowDomains: ['*.example.com'],
        denyDomains: ['internal.example.com'],
        resolveDns: true,
      },
    ],
  });

export type NetworkGuardConfig = z.infer<typeof NetworkGuardSchema>;
