import type { CallContext } from '../context.ts';
import type { Decision } from '../decision.ts';
import {
  type ClassifyUrlOptions,
  checkUrl,
  classifyUrl,
  type UrlClassification,
} from '../detectors/classify-url.ts';
import type { Guard, GuardEnv } from '../guard.ts';
import type { NetworkGuardConfig } from '../policy/network-schema.ts';
import { leafPath, walkStrings } from '../util/walk-strings.ts';
import { argValues } from './arg-reader.ts';
import { compileToolMatcher } from './tool-matcher.ts';

/** A whole string that is a URL in a scheme a fetcher may follow (mailto:, tel:, urn: are not). */
const WHOLE_URL =
  /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|(?:file|data|jar|netdoc|javascript|gopher|dict|ldaps?|ftp|sftp|tftp|smb|ws|wss|https?):)/i;
/** URLs inside longer text. */
const EMBEDDED_URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

interface Candidate {
  url: string;
  path: string;
}

/**
 * The network guard (SSRF): finds URLs in the arguments — every string that is or contains one,
 * or the named arguments — and blocks schemes other than the allowed ones, loopback, private,
 * link-local, CGNAT, unspecified and multicast addresses in every notation, cloud metadata hosts,
 * and domains outside the allow-list. With `resolveDns`, every A and AAAA answer must be public
 * too; a DNS failure or timeout denies.
 *
 * @example
 * networkGuard({ urlArgs: 'auto', denyPrivate: true, allowDomains: ['*.example.com'], resolveDns: true, ... })
 */
export function networkGuard(config: NetworkGuardConfig): Guard {
  const tools = config.tools ? compileToolMatcher(config.tools) : undefined;
  const named =
    config.urlArgs === 'auto' ? undefined : config.urlArgs.map((path) => [path, argValues(path)] as const);
  const options: ClassifyUrlOptions = {
    allowSchemes: config.allowSchemes,
    allowPrivate: !config.denyPrivate,
    ...(config.allowDomains ? { allowDomains: config.allowDomains } : {}),
    ...(config.denyDomains ? { denyDomains: config.denyDomains } : {}),
  };

  const candidates = (ctx: CallContext): Candidate[] => {
    const found: Candidate[] = [];
    if (named) {
      for (const [path, read] of named) {
        for (const value of read(ctx.args)) {
          if (typeof value !== 'string') continue;
          // A named URL argument without a scheme is read the way HTTP clients read it.
          found.push({
            url: /^[a-z][a-z0-9+.-]*:/i.test(value.trim()) ? value.trim() : `http://${value.trim()}`,
            path,
          });
        }
      }
      return found;
    }
    walkStrings(ctx.args, (value, path, isKey) => {
      if (isKey) return;
      if (WHOLE_URL.test(value)) found.push({ url: value.trim(), path: leafPath(path) });
      else if (value.includes('://')) {
        for (const match of value.matchAll(EMBEDDED_URL)) found.push({ url: match[0], path: leafPath(path) });
      }
    });
    return found;
  };

  const verdict = (results: readonly (readonly [Candidate, UrlClassification])[]): Decision => {
    for (const [candidate, result] of results) {
      if (!result.safe) {
        return {
          effect: 'deny',
          guard: 'network',
          code: `ssrf_${result.code}`,
          reason: `Network: the URL in ${candidate.path || 'the arguments'} is blocked: ${result.reason}`,
        };
      }
    }
    return { effect: 'allow', guard: 'network', reason: `Network: ${results.length} URL(s) checked` };
  };

  const guard: Guard = {
    name: 'network',
    deadlineMs: config.deadlineMs,
    failMode: config.failMode,
    evaluate(ctx: CallContext, env: GuardEnv) {
      const found = candidates(ctx);
      if (found.length === 0)
        return { effect: 'allow', guard: 'network', reason: 'Network: no URL in the arguments' };
      const statics = found.map((candidate) => [candidate, classifyUrl(candidate.url, options)] as const);
      const blocked = verdict(statics);
      if (blocked.effect === 'deny' || !config.resolveDns) return blocked;
      return Promise.all(
        found.map(async (candidate) => {
          const result = await checkUrl(candidate.url, {
            ...options,
            resolveDns: true,
            resolve: env.resolve,
            signal: env.signal,
            deadlineMs: config.deadlineMs ?? 250,
          });
          return [candidate, result] as const;
        }),
      ).then(verdict);
    },
  };
  if (tools) guard.appliesTo = (ctx) => tools(ctx.tool) !== undefined;
  return guard;
}
